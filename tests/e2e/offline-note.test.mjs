// The one command end to end: a note typed with the server unreachable survives a reload, syncs when the server
// is back, and shows up on a second device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, waitForServiceWorker, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('a note added offline is kept, marked not yet synced, then synced and seen on a second device', async () => {
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  assert.ok(patient, 'the demo trust has patients');
  const text = `Prefers morning appointments (e2e ${Date.now()})`;

  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  await waitForServiceWorker(page);

  // Find the patient the way reception does: by NHS number, typed with spaces.
  await page.getByRole('link', { name: 'Patients', exact: true }).first().click();
  const spaced = `${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`;
  await page.getByLabel('Search patients').fill(spaced);
  await page.locator(`a[href="/patients/${patient.id}"]`).first().click();
  await page.locator('h1', { hasText: patient.family_name.toUpperCase() }).waitFor();

  // The network to the server goes down.
  await fixture.server.stop();
  await page.getByLabel('New note').fill(text);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved on this device' }).first().waitFor();
  const note = page.locator('[data-testid="note"]', { hasText: text });
  await note.getByText('Not yet synced').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.pending !== '0');

  // A reload with the server still down: the service worker starts the app and the note is still there.
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  await note.getByText('Not yet synced').waitFor();
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '1');
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.online === 'false');

  // The server is back: the note syncs and loses its marker.
  await fixture.server.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  await note.waitFor();
  // The list is read again once the sync has told it what changed: the marker goes a moment after the count.
  await note.getByText('Not yet synced').waitFor({ state: 'detached', timeout: 10_000 });
  const onServer = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note' && r.text === text);
  assert.equal(onServer.length, 1, 'the server holds the note exactly once');
  assert.equal(onServer[0].patient_id, patient.id);

  // A second device sees it.
  const other = await fixture.browser.newContext();
  const second = await openPage(other, `${fixture.server.url}/patients/${patient.id}`);
  await waitForSynced(second);
  await second.locator('[data-testid="note"]', { hasText: text }).waitFor();
  assert.equal(await second.locator('[data-testid="note"]', { hasText: text }).getByText('Not yet synced').count(), 0);

  assert.deepEqual(second.problems, []);
  await desk.close();
  await other.close();
});

test('a note the device refuses says why and keeps what was typed', async () => {
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  await page.goto(`${fixture.server.url}/patients/${patient.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const typed = `Long note ${'x'.repeat(2100)}`;
  await page.getByLabel('New note').fill(typed);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText(/the most is 2000/i).first().waitFor();
  assert.equal(await page.getByLabel('New note').inputValue(), typed, 'the typed note is still in the form');
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '0', 'nothing was queued');
  await desk.close();
});
