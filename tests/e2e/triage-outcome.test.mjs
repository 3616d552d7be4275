// Patients through: a medical secretary records the consultant's triage of a referral (an upgrade to urgent
// suspected cancer needs its reason), reception checks a patient in and marks them seen, then records the clinic's
// decision to list them for a day-case procedure; each survives a reload and reaches the server with the pathway
// events the clocks follow. Two desks change different details of one patient offline and both changes are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, axeViolations, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

async function ready(page) {
  await page.waitForSelector('body[data-app-ready="true"]');
}

test('a secretary triages a referral: the worklist, the checks, an upgrade with its reason, and the clocks', async () => {
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url, { user: 'secretary' });
  await waitForSynced(page);
  await page.getByRole('link', { name: 'Triage', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Referrals to triage', level: 1 }).waitFor();
  const rows = page.getByTestId('triage-row');
  await rows.first().waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the worklist is accessible');

  // A routine referral: its row names the patient with NHS number and date of birth, and how long it has waited.
  // Picked by its id, so a sync that reorders the worklist cannot swap the row under the test.
  const pathwayId = await rows.filter({ hasText: 'Routine' }).first().getAttribute('data-pathway-id');
  const routine = page.locator(`[data-testid="triage-row"][data-pathway-id="${pathwayId}"]`);
  assert.match(await routine.innerText(), /NHS \d{3} \d{3} \d{4} · born \d{1,2} \w{3} \d{4}/);
  assert.match(await routine.innerText(), /working days? waited · due/);
  await routine.getByRole('link').click();
  await page.getByRole('heading', { name: 'Triage decision', level: 1 }).waitFor();
  await page.getByTestId('patient-banner').waitFor();

  // Nothing chosen: the summary, focused; then an upgrade without its reason.
  await page.getByRole('button', { name: 'Save the triage decision' }).click();
  await page.getByTestId('error-summary').getByText('Choose the clinician\'s decision').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  await page.getByLabel('The clinician\'s decision').selectOption({ label: 'Accept' });
  await page.getByLabel('Priority').selectOption({ label: 'Urgent suspected cancer' });
  await page.getByRole('button', { name: 'Save the triage decision' }).click();
  await page.locator('#reason-error', { hasText: 'Give the reason for changing the priority from routine to urgent suspected cancer' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the form with its errors is accessible');
  await page.getByLabel('Clinician who decided').fill('Mr Stone');
  await page.getByLabel('Reason or advice').fill('Weight loss with a palpable mass: upgrade');
  await page.getByRole('button', { name: 'Save the triage decision' }).click();
  await page.getByTestId('saved-banner').getByText('Triage decision recorded').waitFor();
  assert.equal(await page.locator(`[data-testid="triage-row"][data-pathway-id="${pathwayId}"]`).count(), 0, 'off the worklist');

  await waitForSynced(page);
  await page.reload();
  await ready(page);
  await page.getByTestId('triage-count').waitFor();
  assert.equal(await page.locator(`[data-testid="triage-row"][data-pathway-id="${pathwayId}"]`).count(), 0, 'after a reload too');
  const pathway = (await pullAll(fixture.server.url)).find((r) => r.kind === 'pathway' && r.id === pathwayId);
  assert.equal(pathway.priority, 'urgent_suspected_cancer');
  assert.equal(pathway.cancer, true, 'the cancer clocks now apply');
  const triaged = pathway.events.find((e) => e.type === 'triaged');
  assert.deepEqual([triaged.decision, triaged.by, triaged.note], ['accepted', 'Mr Stone', 'Weight loss with a palpable mass: upgrade']);
  assert.ok(pathway.events.some((e) => e.type === 'consultant_upgrade' && e.date === triaged.date), 'the 62-day clock starts at the upgrade');
  assert.deepEqual(page.problems, []);
  await desk.close();
});

test('reception marks a patient seen and records a day-case decision: the admitted list, the letter, the clocks', async () => {
  // A urology patient booked today: urology has procedure lists to book a date to come in on.
  const before = await pullAll(fixture.server.url);
  const urology = before.find((r) => r.kind === 'specialty' && r.name === 'Urology');
  const urologyToday = new Set(before.filter((r) => r.kind === 'clinic_session' && r.specialty_id === urology.id).map((s) => s.id));
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url, { user: 'reception' });
  await waitForSynced(page);
  await page.getByTestId('reception-row').first().waitFor();
  const candidates = await page.getByTestId('reception-row').evaluateAll((rows) => rows.map((r) => r.dataset.appointmentId));
  const appointmentId = candidates.find((id) => {
    const a = before.find((r) => r.kind === 'appointment' && r.id === id);
    return a && a.status === 'booked' && a.slot_type !== 'procedure' && urologyToday.has(a.session_id);
  });
  assert.ok(appointmentId, 'a urology patient is booked today');
  const thisRow = page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"]`);
  await thisRow.getByRole('button', { name: 'Seen' }).click();
  await thisRow.getByTestId('appointment-status').filter({ hasText: 'Seen' }).waitFor();
  await thisRow.getByRole('link', { name: /Record the outcome/ }).click();
  await page.getByRole('heading', { name: 'Record the clinic outcome', level: 1 }).waitFor();
  await page.getByTestId('patient-banner').waitFor();

  await page.getByLabel('What did the clinic decide?').selectOption({ label: 'Decision to treat: day case or inpatient' });
  await page.getByRole('button', { name: 'Save the outcome' }).click();
  const summary = page.getByTestId('error-summary');
  await summary.getByText('Enter the procedure the patient is listed for').waitFor();
  await summary.getByText('Choose day case or inpatient').waitFor();
  await summary.getByText('Choose the clinical priority, P1 to P4').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the outcome form with its errors is accessible');
  await page.getByLabel('Procedure').fill('Flexible cystoscopy');
  await page.getByLabel('Intended management').selectOption({ label: 'Day case' });
  await page.getByLabel('Clinical priority').selectOption({ label: 'P2: within 1 month' });
  await page.getByLabel('Expected minutes (optional)').fill('30');
  await page.getByRole('button', { name: 'Save the outcome' }).click();
  await page.getByTestId('saved-banner').getByText('Clinic outcome recorded').waitFor();
  await page.getByTestId('listed').getByText('On the admitted list: Flexible cystoscopy (day case, P2)').waitFor();
  await page.locator(`[data-appointment-id="${appointmentId}"] [data-testid="appointment-outcome"]`, { hasText: 'Decision to treat' }).waitFor();

  await waitForSynced(page);
  await page.reload();
  await ready(page);
  await page.getByTestId('listed').getByText('Flexible cystoscopy').waitFor();
  const records = await pullAll(fixture.server.url);
  const appointment = records.find((r) => r.kind === 'appointment' && r.id === appointmentId);
  assert.equal(appointment.outcome, 'listed_for_procedure');
  const pathway = records.find((r) => r.kind === 'pathway' && r.id === appointment.pathway_id);
  assert.deepEqual(
    [pathway.listed.procedure, pathway.listed.management, pathway.listed.priority, pathway.listed.expected_minutes],
    ['Flexible cystoscopy', 'day_case', 'p2', 30],
  );
  const types = pathway.events.map((e) => e.type);
  assert.deepEqual(types.slice(-2), ['decision_to_treat', 'decision_to_admit']);
  const letter = records.find((r) => r.kind === 'task' && r.id === `letter-${appointmentId}`);
  assert.match(letter.title, /^Clinic letter: listed for a procedure/);

  // A second outcome for the same appointment is not offered.
  await page.goto(`${fixture.server.url}/appointments/${appointmentId}/outcome`);
  await ready(page);
  await page.getByTestId('outcome-recorded').getByText('Decision to treat: day case or inpatient').waitFor();
  assert.deepEqual(page.problems, []);
  await desk.close();

  // The booking team finds the patient on the admitted list, by NHS number, with nothing booked yet.
  const patient = records.find((r) => r.kind === 'patient' && r.id === appointment.patient_id);
  const team = await fixture.browser.newContext();
  const booking = await openPage(team, fixture.server.url, { user: 'booking' });
  await waitForSynced(booking);
  await booking.goto(`${fixture.server.url}/waiting-list`);
  await ready(booking);
  await booking.getByRole('link', { name: 'Admitted list' }).click();
  await booking.getByRole('heading', { name: 'Admitted list', level: 1 }).waitFor();
  await booking.getByLabel('No date booked yet').check();
  await booking.getByLabel('Find a patient').fill(`${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`);
  await booking.getByRole('button', { name: 'Search' }).click();
  await booking.waitForURL(/not_booked=1/);
  const listedRow = booking.locator(`[data-testid="admitted-row"][data-pathway-id="${pathway.id}"]`);
  await listedRow.waitFor();
  assert.equal(await booking.getByTestId('admitted-row').count(), 1, 'the search finds the one patient');
  assert.match(await listedRow.getByTestId('surgical-priority').innerText(), /^P2 · by /);
  assert.deepEqual(await axeViolations(booking), [], 'the admitted list is accessible');
  // The address keeps the filters: a reload shows the same list.
  await booking.reload();
  await ready(booking);
  await listedRow.waitFor();
  assert.equal(await booking.getByLabel('No date booked yet').isChecked(), true);

  // A date to come in: a short-notice date the patient declines is recorded, then a reasonable one is booked.
  await listedRow.getByRole('button', { name: /^Book a date to come in/ }).click();
  const panel = booking.getByRole('region', { name: 'Booking' });
  assert.equal(await panel.getByTestId('slot-type').textContent(), 'Procedure');
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  await fillDate(panel, 'booking-from', tomorrow);
  await panel.getByRole('button', { name: 'Find next free slot' }).click();
  await panel.getByRole('radio').first().waitFor();
  // The short-notice agreement's label is as wide as its words (a 28 px label once overprinted them).
  const agreement = await panel.locator('label.checkbox', { hasText: 'Patient accepts this earlier date' }).boundingBox();
  assert.ok(agreement && agreement.width > 150 && agreement.height < 80, `label box ${JSON.stringify(agreement)}`);
  await panel.getByRole('button', { name: 'Patient declined this date' }).click();
  await panel.getByText(/Recorded: the patient declined/).waitFor();
  const inThreeWeeks = new Date(Date.now() + 22 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await fillDate(panel, 'booking-from', inThreeWeeks);
  await panel.getByRole('button', { name: 'Find next free slot' }).click();
  await panel.getByTestId('notice').filter({ hasText: /Reasonable offer/ }).waitFor();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await booking.getByTestId('admitted-done').getByText(/Date to come in booked/).waitFor();
  await waitForSynced(booking);
  const after = await pullAll(fixture.server.url);
  const tci = after.find((r) => r.kind === 'appointment' && r.pathway_id === pathway.id && r.slot_type === 'procedure' && r.status === 'booked');
  assert.ok(tci, 'the date to come in is on the server');
  const offers = after.find((r) => r.kind === 'pathway_offers' && r.id === pathway.id);
  const declined = offers.offers.filter((o) => o.declined);
  assert.equal(declined.length, 1, 'the short-notice date the patient declined is recorded');
  assert.equal(declined[0].reasonable, false, 'and is not a reasonable offer');
  const onList = after.find((r) => r.kind === 'clinic_list' && r.id === tci.session_id);
  assert.equal(onList.places.find((p) => p.appointment_id === tci.id).minutes, 30, 'the list counts its minutes');
  // The pre-operative assessment, passed today, from the row (the booked patient has left the "not booked" list).
  await booking.goto(`${fixture.server.url}/admitted-list?q=${patient.nhs_number}`);
  await ready(booking);
  await listedRow.getByTestId('tci').getByText(/Letter/).waitFor();
  await listedRow.getByRole('button', { name: /^Pre-op assessment/ }).click();
  await booking.getByLabel('Pre-operative assessment').selectOption({ label: 'Passed: fit for the procedure' });
  await booking.getByRole('button', { name: 'Save the assessment' }).click();
  await booking.locator('#pre-op-on-error', { hasText: /date/i }).waitFor();
  const now = new Date();
  await booking.locator('#pre-op-on').fill(String(now.getDate()));
  await booking.locator('#pre-op-on-month').fill(String(now.getMonth() + 1));
  await booking.locator('#pre-op-on-year').fill(String(now.getFullYear()));
  await booking.getByRole('button', { name: 'Save the assessment' }).click();
  await booking.getByTestId('admitted-done').getByText('Pre-operative assessment recorded').waitFor();
  await listedRow.getByText(/^Passed: fit for the procedure/).waitFor();
  await waitForSynced(booking);
  const assessed = (await pullAll(fixture.server.url)).find((r) => r.kind === 'pathway' && r.id === pathway.id);
  assert.equal(assessed.listed.pre_op.status, 'passed');
  // The PTL's admitted list: the pathway is on it, and with the filter only listed pathways are.
  await booking.goto(`${fixture.server.url}/pathways`);
  await ready(booking);
  await booking.getByLabel('Admitted list (day case and inpatient) only').check();
  await booking.getByLabel('Search the list').fill(patient.nhs_number);
  await booking.locator(`[data-testid="ptl-row"][data-pathway-id="${pathway.id}"]`).waitFor();
  const listedIds = new Set(after.filter((r) => r.kind === 'pathway' && r.listed).map((r) => r.id));
  await booking.getByLabel('Search the list').fill('');
  await booking.getByTestId('ptl-row').first().waitFor();
  const shownIds = await booking.getByTestId('ptl-row').evaluateAll((rows) => rows.map((r) => r.dataset.pathwayId));
  assert.ok(shownIds.length > 0 && shownIds.every((id) => listedIds.has(id)), 'only admitted-list pathways are shown');
  // The letter is the admission letter.
  await booking.goto(`${fixture.server.url}/appointments/${tci.id}/letter`);
  await ready(booking);
  await booking.getByTestId('letter-admission').waitFor();
  await booking.getByText(/booked you in for Flexible cystoscopy as a day case/).waitFor();
  assert.deepEqual(booking.problems, []);
  await team.close();
});

test('two desks change different details of one patient offline: both changes are kept', async () => {
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient' && r.phone);
  const one = await fixture.browser.newContext();
  const two = await fixture.browser.newContext();
  const first = await openPage(one, `${fixture.server.url}/patients/${patient.id}/details`, { user: 'booking' });
  const second = await openPage(two, `${fixture.server.url}/patients/${patient.id}/details`, { user: 'reception' });
  await waitForSynced(first);
  await waitForSynced(second);
  await first.getByLabel('Phone').waitFor();
  await second.getByLabel('Phone').waitFor();
  assert.deepEqual(await axeViolations(first), [], 'the details form is accessible');

  await fixture.server.stop();
  await first.getByLabel('Phone').fill('0113 496 0999');
  await first.getByRole('button', { name: 'Save the changes' }).click();
  await first.getByTestId('saved-banner').getByText('Patient\'s details changed').waitFor();
  await second.getByLabel('Postcode').fill('LS6 2ZZ');
  await second.getByLabel('Interpreter needed: language').fill('Polish');
  await second.getByRole('button', { name: 'Save the changes' }).click();
  await second.getByTestId('saved-banner').getByText('Patient\'s details changed').waitFor();

  await fixture.server.start();
  for (const page of [first, second]) {
    await page.getByRole('button', { name: 'Sync now' }).click();
    await waitForSynced(page);
  }
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient' && r.id === patient.id);
  assert.deepEqual(
    [onServer.phone, onServer.postcode, onServer.interpreter_language],
    ['0113 496 0999', 'LS6 2ZZ', 'Polish'],
    'each desk kept its own change',
  );
  await first.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(first);
  await first.reload();
  await ready(first);
  await first.getByText('LS6 2ZZ').waitFor();
  await first.getByText('0113 496 0999').waitFor();
  // (Both desks logged the refused connections while the server was down: that is the point of the test.)
  await one.close();
  await two.close();
});

test('by keyboard alone: record a clinic outcome, then complete a task, focus following each step', async () => {
  const records = await pullAll(fixture.server.url);
  const seen = records.find((r) => r.kind === 'appointment' && r.status === 'seen' && !r.outcome && r.slot_type !== 'procedure');
  assert.ok(seen, 'a patient seen in clinic whose outcome is not recorded yet');
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, `${fixture.server.url}/appointments/${seen.id}/outcome`, { user: 'lead' });
  await waitForSynced(page);
  await page.getByRole('heading', { name: 'Record the clinic outcome', level: 1 }).waitFor();
  const focused = () => page.evaluate(() => ({
    id: document.activeElement?.id ?? '',
    text: document.activeElement?.textContent?.trim() ?? '',
  }));
  // Tab, as a person at the desk would, until `wanted` holds for what has the focus.
  const tabTo = async (wanted, what) => {
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      if (wanted(await focused())) return;
    }
    assert.fail(`${what} cannot be reached with Tab`);
  };

  await tabTo((f) => f.id === 'outcome', 'the outcome');
  for (let i = 0; i < 10 && (await page.locator('#outcome').inputValue()) !== 'discharged'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.locator('#outcome').inputValue(), 'discharged');
  await tabTo((f) => f.text === 'Save the outcome', 'Save the outcome');
  await page.keyboard.press('Enter');
  // Saved: the patient's page, focus on the confirmation (read out), not lost to the top of the page.
  await page.getByTestId('saved-banner').filter({ hasText: 'Clinic outcome recorded' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'saved-banner');

  await page.goto(`${fixture.server.url}/tasks`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('task').first().waitFor();
  await tabTo((f) => f.text === 'Complete', 'a Complete button');
  const taskId = await page.evaluate(() => document.activeElement.closest('[data-testid="task"]').dataset.taskId);
  await page.keyboard.press('Enter');
  // The task leaves the open list; focus goes to what happened instead of being lost with its row.
  await page.getByTestId('task-action-done').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'task-action-done');

  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  assert.equal(after.find((r) => r.kind === 'appointment' && r.id === seen.id).outcome, 'discharged');
  assert.equal(after.find((r) => r.kind === 'task' && r.id === taskId).status, 'done');
  assert.deepEqual(page.problems, []);
  await desk.close();
});
