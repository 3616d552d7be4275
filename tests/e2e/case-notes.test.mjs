// Case-notes tracking end to end: the next working day's pull list, notes requested for a clinic, scanned in at
// the clinic by hospital number (and a wrong number refused at the field), the clinic list and the patient page
// showing where they are, everything kept through a reload and on the server; and a move by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

async function go(page, path) {
  await page.goto(`${fixture.server.url}${path}`);
  await page.waitForSelector('body[data-app-ready="true"]');
}

test('notes needed for tomorrow are requested, scanned in at the clinic, and shown there, on the patient and on the server', async () => {
  const records = await pullAll(fixture.server.url);
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/clinics/case-notes`, { user: 'booking' });
  await waitForSynced(page);

  // The pull list: a clinic with a patient whose notes are not there, not yet requested.
  const clinic = page.getByTestId('pull-clinic').first();
  await clinic.waitFor();
  const sessionId = await clinic.getAttribute('data-session-id');
  const session = records.find((r) => r.kind === 'clinic_session' && r.id === sessionId);
  const row = clinic.locator('[data-testid="pull-row"][data-requested="false"]').first();
  const patientId = await row.getAttribute('data-patient-id');
  const patient = records.find((r) => r.kind === 'patient' && r.id === patientId);
  const before = records.find((r) => r.kind === 'case_notes' && r.id === patientId);
  assert.ok(!before || before.location !== session.location, 'the notes are not at the clinic yet');
  assert.ok(records.some((r) => r.kind === 'appointment' && r.session_id === sessionId && r.patient_id === patientId && r.status === 'booked'));
  assert.match(await row.textContent(), new RegExp(patient.hospital_number));

  // Requested for the clinic.
  await clinic.getByRole('button', { name: 'Request these notes for the clinic' }).click();
  await page.locator(`[data-testid="pull-clinic"][data-session-id="${sessionId}"] [data-testid="pull-row"][data-patient-id="${patientId}"][data-requested="true"]`).waitFor();

  // A wrong number is refused at the field; the place typed stays.
  await page.getByLabel('Where the notes are now').fill(session.location);
  await page.getByLabel('Hospital number').fill('ZZ999999');
  await page.getByLabel('Hospital number').press('Enter');
  await page.locator('#notes-scan-error').getByText('No patient with hospital number ZZ999999 on this desk').waitFor();
  assert.equal(await page.getByLabel('Where the notes are now').inputValue(), session.location);

  // Scanned in at the clinic: the scanner types the number and Enter; the box is ready for the next.
  await page.getByLabel('Hospital number').fill(patient.hospital_number.toLowerCase());
  await page.getByLabel('Hospital number').press('Enter');
  await page.getByTestId('notes-scanned').getByText(`→ ${session.location}`).waitFor();
  assert.equal(await page.getByLabel('Hospital number').inputValue(), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'notes-scan');
  await page.locator(`[data-testid="pull-row"][data-patient-id="${patientId}"]`).waitFor({ state: 'detached' });
  // Scanning the same notes again says they are already there, and records nothing more.
  await page.getByLabel('Hospital number').fill(patient.hospital_number);
  await page.getByLabel('Hospital number').press('Enter');
  await page.locator('#notes-scan-error').getByText('the notes are already recorded here').waitFor();

  // Kept through a reload: off the pull list; the clinic list says "Here"; the patient page has the movement.
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('pull-clinic').first().waitFor();
  assert.equal(await page.locator(`[data-testid="pull-row"][data-patient-id="${patientId}"]`).count(), 0);
  await go(page, `/clinics/sessions/${sessionId}`);
  const listed = page.getByTestId('session-list').locator('tr', { hasText: patient.nhs_number.replace(/(\d{3})(\d{3})(\d{4})/, '$1 $2 $3') });
  assert.equal(await listed.getByTestId('session-notes').textContent(), 'Here');
  await go(page, `/patients/${patientId}`);
  await page.getByTestId('case-notes-where').getByText(session.location).waitFor();
  await page.getByText(/^Movements \(\d+\)$/).click();
  const movements = page.getByTestId('case-notes-movements');
  assert.match(await movements.locator('li').first().textContent(), new RegExp(`→ ${session.location}, scanned by`));
  await page.getByTestId('case-notes-requests').getByText(`Wanted at ${session.location}`).waitFor();

  // Moved by hand to the secretary after clinic.
  await page.getByText('Move the notes by hand').click();
  await page.getByRole('button', { name: 'Record the move' }).click();
  await page.locator('#move-notes-location-error').getByText('Enter where the notes are going.').waitFor();
  await page.getByLabel('Where to').fill('Secretaries\' office');
  await page.getByLabel('Held by (optional)').fill('R. Hughes');
  await page.getByRole('button', { name: 'Record the move' }).click();
  await page.getByText('Notes moved to Secretaries\' office. Saved on this device.').waitFor();
  await page.getByTestId('case-notes-where').getByText('held by R. Hughes').waitFor();

  // On the server, with both moves and the request.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'case_notes' && r.id === patientId);
  assert.equal(onServer.location, 'Secretaries\' office');
  assert.equal(onServer.holder, 'R. Hughes');
  assert.deepEqual(onServer.movements.slice(-2).map((m) => [m.to, m.scanned]), [[session.location, true], ['Secretaries\' office', false]]);
  assert.ok(onServer.requests.some((r) => r.session_id === sessionId && r.location === session.location));
  await context.close();
});
