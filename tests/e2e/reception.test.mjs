// Reception on the day, with the network down: check a patient in by typing their NHS number and pressing Enter,
// mark them seen, reload with the server still down, then sync: the server has the statuses, the pathway's
// outpatient attendance and the clinic-letter task.
//
// The demo's clinics are dated from the server's start, and the test may run on a weekend with no clinic today,
// so it picks a recent clinic day (at most one day ahead of the server, as the server accepts) and runs the desk on
// that day with the training date (localStorage "pathdesk.today", see src/desk/clock.rs). A second test marks a
// clearly communicated first-appointment DNA (its question staying open while another desk's walk-in syncs in) and
// adds a walk-in as an extra on such a day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serverAndBrowser, openPage, waitForSynced, waitForServiceWorker, syncStatus, pullAll, apiSession, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

const holdsPlace = (a) => ['booked', 'arrived', 'seen', 'did_not_attend'].includes(a.status);
const isoDay = (date) => date.toISOString().slice(0, 10);

/// A clinic day D in the last two weeks (or tomorrow), a referral waiting for an appointment with every event before
/// D, and the consultant's first free slot of the type it needs from D being on D: the booking panel offers it first.
function pickClinicDay(records) {
  const now = new Date();
  const latest = isoDay(new Date(now.getTime() + 86_400_000));
  const earliest = isoDay(new Date(now.getTime() - 13 * 86_400_000));
  const appointments = records.filter((r) => r.kind === 'appointment');
  const taken = new Map();
  for (const a of appointments) if (holdsPlace(a)) taken.set(a.slot_id, (taken.get(a.slot_id) ?? 0) + 1);
  const sessions = records.filter((r) => r.kind === 'clinic_session' && r.status.state !== 'cancelled');
  const booked = new Set(appointments.filter((a) => ['booked', 'arrived'].includes(a.status)).map((a) => a.pathway_id));
  // Events that leave the RTT clock running (so the referral is on the waiting list).
  const clockRuns = ['referral_received', 'triaged', 'ers_referral_created', 'ubrn_converted', 'outpatient_attended', 'decision_to_treat'];
  const leave = records.filter((r) => r.kind === 'leave');
  const away = (s) => leave.some((l) => l.consultant_id === s.consultant_id && l.from <= s.date && s.date <= l.to);
  // A procedure list offers a patient on the admitted list only while it has the minutes their procedure needs
  // left (each booked place counts its procedure's minutes, or its slot's length), as the core checks.
  const lists = new Map(records.filter((r) => r.kind === 'clinic_list').map((l) => [l.id, l]));
  const minutes = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const hasMinutesFor = (pathway, s) => {
    const needed = pathway.listed?.expected_minutes;
    if (!needed) return true;
    const used = (lists.get(s.id)?.places ?? [])
      .reduce((sum, p) => sum + (p.minutes ?? s.slots.find((slot) => slot.id === p.slot_id)?.minutes ?? 0), 0);
    return used + needed <= minutes(s.end) - minutes(s.start);
  };
  // The booking panel's first slot: the specialty's free slots in date and time order, the pathway's own consultant
  // first at the same time, never in recorded leave.
  const firstFree = (pathway, slotType, from) => {
    const slots = sessions.filter((s) => s.specialty_id === pathway.specialty_id && s.date >= from && !away(s)
      && (slotType !== 'procedure' || hasMinutesFor(pathway, s)))
      .flatMap((s) => s.slots.filter((slot) => slot.slot_type === slotType && (taken.get(slot.id) ?? 0) < slot.capacity)
        .map((slot) => ({ session: s, slot })));
    const own = (x) => (x.session.consultant_id === pathway.consultant_id ? '0' : '1');
    slots.sort((a, b) => (a.session.date + a.slot.start + own(a) + a.session.id + a.slot.id)
      .localeCompare(b.session.date + b.slot.start + own(b) + b.session.id + b.slot.id));
    return slots[0];
  };
  // Waiting for an appointment (a first one, or a follow-up while the clock runs): nothing booked.
  // Not a cancer pathway: its deadline would ask for a reason to book past it, which this test is not about.
  const pathways = records.filter((r) => r.kind === 'pathway' && !r.cancer && !booked.has(r.id)
    && r.events.every((e) => clockRuns.includes(e.type)));
  const days = [...new Set(sessions.filter((s) => s.date >= earliest && s.date <= latest).map((s) => s.date))].sort().reverse();
  for (const day of days) {
    for (const pathway of pathways) {
      if (!pathway.events.every((e) => e.date < day)) continue;
      // Nobody already booked that day on another of their pathways: the NHS number then checks in one booking.
      if (appointments.some((a) => a.patient_id === pathway.patient_id && a.date === day && holdsPlace(a))) continue;
      // As the core's next_slot_type: new until seen; a procedure list once the clinic decided to treat.
      const has = (type) => pathway.events.some((e) => e.type === type);
      const slotType = has('decision_to_treat') ? 'procedure' : has('outpatient_attended') ? 'follow_up' : 'new';
      const free = firstFree(pathway, slotType, day);
      if (free && free.session.date === day) return { day, pathway, ...free };
    }
  }
  return null;
}

test('reception offline: NHS number and Enter checks in, Seen, reload, sync: statuses, attendance and letter task', async () => {
  const records = await pullAll(fixture.server.url);
  const pick = pickClinicDay(records);
  assert.ok(pick, 'the demo trust has a clinic day in the last two weeks with a free slot for a waiting referral');
  const patient = records.find((r) => r.kind === 'patient' && r.id === pick.pathway.patient_id);

  const context = await fixture.browser.newContext();
  await context.addInitScript((day) => localStorage.setItem('pathdesk.today', day), pick.day);
  const nhs = records.find((r) => r.kind === 'patient' && r.id === pick.pathway.patient_id).nhs_number;
  const page = await openPage(context, `${fixture.server.url}/waiting-list?q=${nhs}`);
  await waitForSynced(page);
  await waitForServiceWorker(page);

  // Book the patient into the clinic on that day (short notice, which the patient accepts).
  const row = page.locator(`[data-testid="waiting-row"][data-pathway-id="${pick.pathway.id}"]`);
  await row.getByRole('button', { name: /^Book / }).click();
  const panel = page.getByRole('region', { name: 'Booking' });
  await fillDate(panel, 'booking-from', pick.day);
  await panel.getByRole('button', { name: 'Find next free slot' }).click();
  const first = panel.locator('label.booking-panel__slot').first();
  await first.getByText(pick.session.name, { exact: false }).waitFor();
  assert.match(await first.textContent(), new RegExp(pick.slot.start.slice(0, 5)));
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await panel.getByTestId('booking-error').getByText(/a reasonable offer needs at least 21 days/).waitFor();
  await panel.getByRole('checkbox', { name: 'Patient accepts this earlier date' }).check();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  const letterLink = page.getByTestId('booked').getByRole('link', { name: 'Appointment letter' });
  const appointmentId = (await letterLink.getAttribute('href')).split('/')[2];
  await waitForSynced(page);

  // The network goes down for the rest of the clinic.
  await fixture.server.stop();
  await page.goto(`${fixture.server.url}/`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const patientRow = page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"]`);
  await patientRow.waitFor();
  assert.equal(await patientRow.getByTestId('appointment-status').textContent(), 'Booked');

  // The row names the patient with NHS number and date of birth, so reception can confirm who is at the desk.
  const born = new Date(`${patient.date_of_birth}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  assert.match(await patientRow.getByTestId('reception-identity').textContent(), new RegExp(`born ${born.replace('Sept', 'Sep')}`));

  const find = page.getByLabel('Find patient');
  await find.focus();
  const spaced = `${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`;
  // A misread last digit fails Modulus 11: said in red as an invalid number, not "no booking today".
  const wrongLast = `${spaced.slice(0, -1)}${(Number(spaced.slice(-1)) + 1) % 10}`;
  await page.keyboard.type(wrongLast);
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'is not a valid NHS number: it fails the Modulus 11 check' }).waitFor();
  await find.fill('');
  await find.focus();
  await page.keyboard.type(spaced);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: /checked in/ }).waitFor();
  await page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"] [data-testid="appointment-status"]`, { hasText: 'Arrived' }).waitFor();

  await page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"]`).getByRole('button', { name: 'Seen' }).click();
  await page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"] [data-testid="appointment-status"]`, { hasText: 'Seen' }).waitFor();
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '2', 'arrival and seen wait to sync');

  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"] [data-testid="appointment-status"]`, { hasText: 'Seen' }).waitFor();

  await fixture.server.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  assert.equal(await syncStatus(page).getAttribute('data-problems'), '0');
  const after = await pullAll(fixture.server.url);
  const appointment = after.find((r) => r.kind === 'appointment' && r.id === appointmentId);
  assert.equal(appointment.status, 'seen');
  const pathway = after.find((r) => r.kind === 'pathway' && r.id === pick.pathway.id);
  assert.ok(pathway.events.some((e) => e.type === 'outpatient_attended' && e.date === pick.day), 'the attendance is on the pathway');
  const letter = after.find((r) => r.kind === 'task' && r.id === `letter-${appointmentId}`);
  assert.ok(letter, 'the clinic-letter task exists');
  // It goes to the named secretary of the clinic's consultant (the demo names one for each), not to the pool.
  const session = after.find((r) => r.kind === 'clinic_session' && r.id === appointment.session_id);
  const consultant = after.find((r) => r.kind === 'consultant' && r.id === session.consultant_id);
  assert.ok(consultant.secretary, "the demo names each consultant's secretary");
  assert.equal(letter.assignee, consultant.secretary);
  await context.close();
});

test('on the day: a clearly communicated first-appointment DNA and a walk-in seen as an extra, synced to the server', async () => {
  const records = await pullAll(fixture.server.url);
  const pick = pickClinicDay(records);
  assert.ok(pick, 'a clinic day with a free slot for a waiting referral');
  // Booked by a desk on that day (the patient agreed to the short notice), as the booking screen would push it.
  const appointmentId = randomUUID();
  const { cookie, csrf } = await apiSession(fixture.server.url, 'lead');
  const res = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands: [{ id: randomUUID(), seq: 1, issued_on: pick.day, author: 'J. Booker',
      command: { type: 'book_appointment', appointment_id: appointmentId, pathway_id: pick.pathway.id, session_id: pick.session.id,
        slot_id: pick.slot.id, offered_on: pick.day, patient_accepted_earlier_date: true } }] }),
  });
  const pushed = (await res.json()).results[0];
  assert.equal(pushed.outcome, 'applied', JSON.stringify(pushed));
  // Someone else of that specialty, waiting with nothing booked, turns up without an appointment.
  const onTheDay = new Set(records.filter((r) => r.kind === 'appointment' && r.date === pick.day).map((a) => a.patient_id));
  const [walkIn, otherWalkIn] = records.filter((r) => r.kind === 'pathway' && r.specialty_id === pick.session.specialty_id
    && r.patient_id !== pick.pathway.patient_id && !onTheDay.has(r.patient_id)
    && r.events.every((e) => e.date < pick.day))
    .filter((r, i, all) => all.findIndex((o) => o.patient_id === r.patient_id) === i);
  assert.ok(walkIn && otherWalkIn, 'two patients of the same specialty with no appointment that day');
  const walkInPatient = records.find((r) => r.kind === 'patient' && r.id === walkIn.patient_id);

  const context = await fixture.browser.newContext();
  await context.addInitScript((day) => localStorage.setItem('pathdesk.today', day), pick.day);
  const page = await openPage(context, `${fixture.server.url}/`, { user: 'reception' });
  await waitForSynced(page);
  const row = page.locator(`[data-testid="reception-row"][data-appointment-id="${appointmentId}"]`);
  await row.waitFor();
  await row.getByRole('button', { name: 'Did not attend' }).click();
  const question = row.getByRole('group', { name: 'Was the appointment clearly communicated?' });
  await question.waitFor();

  // While reception thinks about the answer, another desk adds a walk-in to the same clinic and it syncs here:
  // the list gains a row, and the open question on this row stays open (rows are keyed, not redrawn).
  const otherAppointmentId = randomUUID();
  const walkedIn = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands: [{ id: randomUUID(), seq: 1, issued_on: pick.day, author: 'Other desk',
      command: { type: 'record_walk_in', appointment_id: otherAppointmentId, pathway_id: otherWalkIn.id, session_id: pick.session.id } }] }),
  });
  assert.equal((await walkedIn.json()).results[0].outcome, 'applied');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator(`[data-testid="reception-row"][data-appointment-id="${otherAppointmentId}"]`).waitFor();
  assert.ok(await question.isVisible(), 'the question on another row is still open after the list changed');

  await question.getByRole('button', { name: 'Yes' }).click();
  await row.getByTestId('appointment-status').filter({ hasText: 'Did not attend' }).waitFor();

  await page.getByLabel('Find patient').fill(walkInPatient.nhs_number);
  const walkInButton = page.getByRole('button', { name: `Walk-in to ${pick.session.name}`, exact: true });
  await walkInButton.first().click();
  // Reception confirms who is at the desk by name and date of birth before the walk-in is added.
  const confirm = page.getByTestId('walk-in-confirm').first();
  await confirm.getByText(/born \d{1,2} \w{3} \d{4}/).waitFor();
  await confirm.getByRole('button', { name: 'Yes, add the walk-in' }).click();
  const family = walkInPatient.family_name.toUpperCase();
  await page.locator('[data-testid="reception-row"]').filter({ hasText: family })
    .getByTestId('appointment-status').filter({ hasText: 'Arrived' }).first().waitFor();

  await waitForSynced(page);
  assert.equal(await syncStatus(page).getAttribute('data-problems'), '0');
  const after = await pullAll(fixture.server.url);
  assert.equal(after.find((r) => r.kind === 'appointment' && r.id === appointmentId).status, 'did_not_attend');
  const pathway = after.find((r) => r.kind === 'pathway' && r.id === pick.pathway.id);
  const dna = pathway.events.find((e) => e.type === 'appointment_dna' && e.date === pick.day);
  assert.ok(dna, 'the DNA is on the pathway');
  assert.equal(dna.clearly_communicated, true);
  const extra = after.find((r) => r.kind === 'appointment' && r.patient_id === walkIn.patient_id && r.date === pick.day);
  assert.ok(extra, 'the walk-in has an appointment on the day');
  assert.equal(extra.status, 'arrived');
  assert.deepEqual(page.problems, []);
  await context.close();
});
