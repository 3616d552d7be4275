// A patient's appointments: cancelled on the patient's page (by the patient, with the reason), synced to the
// server with the pathway event the clocks need, and no letter offered for a cancelled appointment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

/// An ISO date `days` from today (UTC): a margin keeps the test clear of the browser's and server's midnight.
const isoDaysFromNow = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/// Booked appointments at least two days away, each on a patient with a pathway the server holds.
function futureBooked(records) {
  const pathways = new Set(records.filter((r) => r.kind === 'pathway').map((p) => p.id));
  return records.filter((r) => r.kind === 'appointment' && r.status === 'booked' && r.date >= isoDaysFromNow(2)
    && pathways.has(r.pathway_id));
}

test('a patient cancels a future appointment: refused without a reason, then saved, synced and no letter', async () => {
  const before = await pullAll(fixture.server.url);
  const appointment = futureBooked(before)[0];
  assert.ok(appointment, 'the demo trust has a future booked appointment');
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/patients/${appointment.patient_id}`);
  await waitForSynced(page);

  const row = page.locator(`[data-testid="appointment"][data-appointment-id="${appointment.id}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('appointment-status').textContent(), 'Booked');
  assert.equal(await row.getByRole('link', { name: /^Letter/ }).getAttribute('href'),
    `/appointments/${appointment.id}/letter`, 'a booked appointment\'s letter can be printed again');

  const open = row.getByRole('button', { name: /^Cancel…/ });
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  const box = await open.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `the action is a 44px target (${box.width}x${box.height})`);
  // Keyboard reachable: focus it and open the form with Enter.
  await open.focus();
  await page.keyboard.press('Enter');
  const form = row.getByTestId('cancel-form');
  await form.waitFor();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');

  // No reason: the core refuses, its message is shown and nothing is saved.
  await form.getByRole('radio', { name: 'The patient cancelled' }).check();
  await form.getByRole('button', { name: 'Cancel the appointment', exact: true }).click();
  const error = form.getByRole('alert');
  await error.waitFor();
  assert.match(await error.textContent(), /reason for cancelling is empty/);
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '0', 'nothing was saved');
  assert.equal(await row.getByTestId('appointment-status').textContent(), 'Booked');
  assert.ok(await form.getByRole('radio', { name: 'The patient cancelled' }).isChecked(), 'the choice is kept');

  // What is typed survives a sync, which redraws the list.
  const reason = 'Patient is away on holiday that week';
  await form.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  assert.equal(await form.getByLabel('Reason').inputValue(), reason, 'the reason is kept');

  // With a reason: saved on this device, the list redraws from the store.
  await form.getByRole('button', { name: 'Cancel the appointment', exact: true }).click();
  await page.waitForFunction((id) => document.querySelector(
    `[data-testid="appointment"][data-appointment-id="${id}"] [data-testid="appointment-status"]`,
  )?.textContent === 'Cancelled by patient', appointment.id);
  const saved = await page.getByTestId('cancel-saved').textContent();
  assert.match(saved, /saved on this device/);
  assert.match(saved, /back on the waiting list/);
  assert.equal(await row.getByRole('button', { name: /^Cancel…/ }).count(), 0, 'a cancelled appointment offers no Cancel');
  assert.equal(await row.getByRole('link', { name: /^Letter/ }).count(), 0, 'nor a letter');

  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await row.getByTestId('appointment-status').waitFor();
  assert.equal(await row.getByTestId('appointment-status').textContent(), 'Cancelled by patient', 'still cancelled');
  await waitForSynced(page);

  const after = await pullAll(fixture.server.url);
  const onServer = after.find((r) => r.kind === 'appointment' && r.id === appointment.id);
  assert.equal(onServer.status, 'cancelled_by_patient');
  const pathwayBefore = before.find((r) => r.kind === 'pathway' && r.id === appointment.pathway_id);
  const pathwayAfter = after.find((r) => r.kind === 'pathway' && r.id === appointment.pathway_id);
  const added = pathwayAfter.events.slice(pathwayBefore.events.length);
  assert.equal(added.length, 1, 'one pathway event');
  assert.equal(added[0].type, 'patient_cancelled');
  assert.equal(added[0].appointment_date, appointment.date);
  assert.equal(added[0].note, reason);
  const list = after.find((r) => r.kind === 'clinic_list' && r.id === appointment.session_id);
  assert.ok(!list || !list.places.some((p) => p.appointment_id === appointment.id), 'the place is given back');
  const note = after.find((r) => r.kind === 'patient_note' && r.id.startsWith(`note-${appointment.id}-`));
  assert.ok(note && note.text.includes(reason), 'the reason is in the patient\'s notes');

  // No letter for it: a clear message instead of "You have an appointment".
  await page.goto(`${fixture.server.url}/appointments/${appointment.id}/letter`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const none = page.getByTestId('no-letter');
  await none.waitFor();
  const text = await none.textContent();
  assert.match(text, /cancelled by the patient/);
  assert.match(text, /no letter to send/);
  assert.equal(await page.getByTestId('letter').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Print' }).count(), 0);
  assert.doesNotMatch(await page.locator('main').textContent(), /You have an appointment/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a read-only user sees the appointments and their letters but no Cancel', async () => {
  const records = await pullAll(fixture.server.url, 'readonly');
  const appointment = futureBooked(records)[0];
  assert.ok(appointment, 'a future booked appointment the read-only user can see');
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/patients/${appointment.patient_id}`,
    { user: 'readonly' });
  await waitForSynced(page);
  const row = page.locator(`[data-testid="appointment"][data-appointment-id="${appointment.id}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('appointment-status').textContent(), 'Booked');
  await row.getByRole('link', { name: /^Letter/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Cancel…/ }).count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});
