// A poisoned command at the head of the outbox (the fault campaign's declined offer dated 31 Dec +262142, which
// once made the server drop the connection, so the desk said "Offline" and retried it for ever while everything
// behind it waited) is refused with its reason under Problems, and the changes behind it still sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('a poisoned command at the head of the outbox goes to Problems with its reason and the rest still sync', async () => {
  const records = await pullAll(fixture.server.url);
  const pathway = records.find((r) => r.kind === 'pathway');
  const patient = records.find((r) => r.kind === 'patient' && r.id === pathway.patient_id);
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, `${fixture.server.url}/patients/${patient.id}`);
  await waitForSynced(page);

  // Offline, two notes are saved on this device: two commands wait in the outbox.
  await fixture.server.stop();
  const notes = [`First note (e2e ${Date.now()})`, `Second note (e2e ${Date.now()})`];
  for (const text of notes) {
    await page.getByLabel('New note').fill(text);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('[data-testid="note"]', { hasText: text }).waitFor();
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.pending === '2');

  // The first becomes the campaign's poisoned command, as an older desk might have queued it.
  const poisoned = await page.evaluate(async ({ pathwayId }) => {
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('pathdesk-'));
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(names[0]);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = db.transaction('outbox', 'readwrite').objectStore('outbox');
    const entries = await new Promise((resolve) => { const r = store.getAll(); r.onsuccess = () => resolve(r.result); });
    const head = entries.sort((a, b) => a.seq - b.seq)[0];
    head.envelope.command = { type: 'record_offer_declined', pathway_id: pathwayId, offer_id: 'offer-poisoned',
      offered_on: head.envelope.issued_on, appointment_date: '+262142-12-31' };
    await new Promise((resolve) => { const r = store.put(head); r.onsuccess = resolve; });
    db.close();
    return head.seq;
  }, { pathwayId: pathway.id });
  assert.ok(poisoned > 0);

  await fixture.server.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  assert.equal(await syncStatus(page).getAttribute('data-online'), 'true', 'the desk knows the server is there');
  assert.equal(await syncStatus(page).getAttribute('data-problems'), '1');
  const onServer = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note' && notes.includes(r.text));
  assert.deepEqual(onServer.map((n) => n.text), [notes[1]], 'the change behind the poisoned one synced, once');

  await page.getByRole('link', { name: /problem/i }).first().click();
  await page.getByRole('heading', { name: 'Problems', level: 1 }).waitFor();
  await page.getByText(/outside the dates Pathdesk accepts/).first().waitFor();
  await desk.close();
});
