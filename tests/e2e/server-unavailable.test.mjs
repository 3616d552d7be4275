// A server that answers but cannot work (its database unreachable: 503 with Retry-After) is not "Offline": the desk
// says the server is unavailable and that its changes are safe, keeps them, and syncs them once the server is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('a 503 from the server shows "Server unavailable", keeps the change, and it syncs once the server is back', async () => {
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  // No service worker, so the browser's own requests can be answered by the test as a failing server would.
  const context = await fixture.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(context, `${fixture.server.url}/patients/${patient.id}`);
  await waitForSynced(page);

  const unavailable = (route) => route.fulfill({
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '5' },
    body: JSON.stringify({ error: 'database_unavailable', message: 'The server is running but cannot reach its database just now.' }),
  });
  await page.route('**/api/sync/**', unavailable);
  const text = `Rang: no answer (e2e ${Date.now()})`;
  await page.getByLabel('New note').fill(text);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved on this device' }).first().waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await syncStatus(page).filter({ hasText: 'Server unavailable: your changes are safe on this device' }).waitFor();
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '1', 'the change waits on this device');
  assert.equal(await syncStatus(page).getAttribute('data-problems'), '0', 'not a problem for a person: it is retried');
  assert.doesNotMatch(await syncStatus(page).textContent(), /Offline/);

  await page.unroute('**/api/sync/**', unavailable);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  await syncStatus(page).filter({ hasText: 'Online' }).waitFor();
  const notes = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note' && r.text === text);
  assert.equal(notes.length, 1, 'synced once the server is back');
  await context.close();
});
