// The server binary as a trust installs it: one file that carries the built app. Started without PATHDESK_DIST,
// it writes its app under its data folder once and serves it (precompressed, with the app's own paths), and a desk
// signs in, syncs and works from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverAndBrowser, openPage, waitForSynced } from './harness.mjs';

const fixture = serverAndBrowser({ embeddedApp: true });
const dist = process.env.PATHDESK_DIST ?? join(import.meta.dirname, '../../dist');

test('the server binary carries the app: written once under its data folder, served as built, and a desk works from it', async () => {
  const written = readdirSync(join(fixture.server.dataDir, 'app')).filter((name) => !name.startsWith('.'));
  assert.equal(written.length, 1, 'one copy of the app, in a folder named for this build');
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  assert.equal(readFileSync(join(fixture.server.dataDir, 'app', written[0], 'index.html'), 'utf8'), index);

  // Served as built: the page itself, the app's own paths, and the wasm as its brotli file.
  assert.equal(await (await fetch(`${fixture.server.url}/`)).text(), index);
  assert.equal(await (await fetch(`${fixture.server.url}/patients/anyone`)).text(), index);
  const wasm = readdirSync(dist).find((name) => name.endsWith('_bg.wasm'));
  const response = await fetch(`${fixture.server.url}/${wasm}`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-encoding'), 'br');
  // fetch undoes the brotli: what arrives is the built wasm.
  assert.ok(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(dist, wasm))), 'the wasm as built');

  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  await page.getByRole('link', { name: 'Tasks', exact: true }).first().click();
  await page.locator('[data-testid="task"]').first().waitFor();
  assert.deepEqual(page.problems, []);
  await desk.close();

  // Started again, the same build is not written again.
  await fixture.server.stop();
  await fixture.server.start();
  assert.deepEqual(readdirSync(join(fixture.server.dataDir, 'app')), written);
});
