// The app shell against the real server: navigation, the sync indicator, and the security headers users rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus } from './harness.mjs';

const fixture = serverAndBrowser();

test('health answers with the schema version', async () => {
  const res = await fetch(`${fixture.server.url}/api/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.ok(Number.isInteger(body.schema_version) && body.schema_version >= 1);
});

test('the app is served under a strict Content-Security-Policy with no inline script', async () => {
  const res = await fetch(`${fixture.server.url}/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.ok(attrs.includes('src=') && body.trim() === '', `inline script left in index.html: ${attrs}`);
  }
});

test('the shell renders, syncs the demo trust, and every area is reachable by its link', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url);
  await waitForSynced(page);
  const status = syncStatus(page);
  assert.equal(await status.getAttribute('data-online'), 'true');
  assert.match(await status.innerText(), /online/i);
  for (const area of ['Today', 'Clinics', 'Triage', 'Waiting list', 'Pathways', 'Patients', 'Tasks', 'Settings']) {
    const link = page.getByRole('link', { name: area, exact: true }).first();
    await link.click();
    await page.waitForLoadState();
    assert.ok(await page.locator('h1').first().isVisible(), `${area} shows a heading`);
  }
  assert.deepEqual(page.problems, [], 'no console errors or CSP violations');
  await context.close();
});
