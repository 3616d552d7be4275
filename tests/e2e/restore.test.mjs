// The server restored from a backup: a desk that synced with the later database downloads everything again, keeps
// the change still waiting on it (and its next commands are accepted past the gap the restore left), and Problems
// tells the person once what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('after a restore from a backup, the desk downloads everything again, keeps what was waiting, and says so once', async () => {
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, `${fixture.server.url}/patients/${patient.id}`);
  await waitForSynced(page);
  const note = (text) => page.locator('[data-testid="note"]', { hasText: text });
  const save = async (text) => {
    await page.getByLabel('New note').fill(text);
    await page.getByRole('button', { name: 'Save note' }).click();
    await note(text).waitFor();
  };

  const backup = fixture.server.backup();
  const afterBackup = `Synced after the backup (e2e ${Date.now()})`;
  await save(afterBackup);
  await waitForSynced(page);
  await fixture.server.stop();
  const waiting = `Typed while the server was down (e2e ${Date.now()})`;
  await save(waiting);

  await fixture.server.restore(backup);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await note(waiting).waitFor();
  assert.equal(await note(afterBackup).count(), 0, 'what only the later database had is gone from the desk too');
  const onServer = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note').map((n) => n.text);
  assert.ok(onServer.includes(waiting), 'the waiting note reached the restored server');
  assert.ok(!onServer.includes(afterBackup));

  assert.equal(await syncStatus(page).getAttribute('data-problems'), '1', 'the notice needs reading');
  await page.getByRole('link', { name: /problem/i }).first().click();
  const banner = page.locator('[data-testid="downloaded-again"]');
  await banner.getByRole('heading', { name: 'The server was restored from a backup' }).waitFor();
  await banner.getByText(/not on the server: check recent bookings and notes/).waitFor();
  await banner.getByRole('button', { name: 'I have read this' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal(await syncStatus(page).getAttribute('data-problems'), '0');
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  assert.equal(await banner.count(), 0, 'read once, not shown again');
  // Only the requests made while the server was down failed.
  assert.deepEqual(page.problems.filter((p) => !/ERR_CONNECTION_REFUSED/.test(p)), []);
  await desk.close();
});
