// The booking co-ordinator's desk: booking from the waiting list, and two desks booking the same single-place slot
// while offline (the first to sync keeps it; the other is told "Needs rebooking" and offered nearby free slots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll, fillDate, waitForDate, axeViolations } from './harness.mjs';

// A trust big enough to have urgent suspected cancer referrals waiting with a cancer clock running on any day.
const fixture = serverAndBrowser({ demoPatients: 2000 });

const iso = (date) => date.toISOString().slice(0, 10);
const holdsPlace = (a) => ['booked', 'arrived', 'seen', 'did_not_attend'].includes(a.status);

test('booking from the waiting list: on the patient page and on the server, the clock unchanged', async () => {
  const context = await fixture.browser.newContext();
  // Routine referrals waiting for a first appointment: the list filtered from its address.
  const page = await openPage(context, `${fixture.server.url}/waiting-list?priority=routine&needs=new`);
  await waitForSynced(page);
  const before = await pullAll(fixture.server.url);
  // A referral from a GP (not e-RS, whose booking converts the UBRN): its log must not change.
  const ers = new Set(before.filter((r) => r.kind === 'pathway' && r.events.some((e) => e.type === 'ers_referral_created')).map((p) => p.id));
  const rows = page.locator('[data-testid="waiting-row"]');
  await rows.first().waitFor();
  // A routine referral waiting for a first appointment (not a follow-up the clinic asked for): searched from the
  // reasonable notice date.
  const ids = await rows.evaluateAll((els) => els
    .filter((el) => el.querySelector('[data-testid="needs"]').textContent === 'New' && el.querySelector('[data-testid="priority"]').textContent === 'Routine')
    .map((el) => el.dataset.pathwayId));
  const pathwayId = ids.find((id) => !ers.has(id));
  assert.ok(pathwayId, 'a GP referral is waiting');
  const pathwayBefore = before.find((r) => r.kind === 'pathway' && r.id === pathwayId);
  const row = page.locator(`[data-testid="waiting-row"][data-pathway-id="${pathwayId}"]`);
  await row.getByRole('button', { name: /^Book / }).click();

  const panel = page.getByRole('region', { name: 'Booking' });
  assert.equal(await panel.getByTestId('slot-type').textContent(), 'New', 'a first appointment needs a New slot');
  const first = panel.getByRole('radio').first();
  assert.ok(await first.isChecked(), 'the next free slot is preselected');
  const label = await panel.locator('label.booking-panel__slot').first().textContent();
  assert.match(label, /next free slot/);
  assert.match(await panel.getByTestId('notice').textContent(), /Reasonable offer/);
  // The patient declines the first two dates offered: recorded, a clinical review is called for (two reasonable
  // offers declined), and the booking goes ahead on the third.
  await panel.getByRole('button', { name: 'Patient declined this date' }).click();
  await panel.getByText(/Recorded: the patient declined/).waitFor();
  // A second date (declining another time on the same day is still one date offered).
  const labels = await panel.locator('label.booking-panel__slot').allTextContents();
  const dateOf = (text) => text.match(/\w{3} \d{1,2} \w{3} \d{4}/)?.[0];
  const other = labels.findIndex((text) => dateOf(text) !== dateOf(labels[0]));
  assert.ok(other > 0, `the panel offers a second date: ${labels.join(' | ')}`);
  await panel.getByRole('radio').nth(other).check();
  await panel.getByRole('button', { name: 'Patient declined this date' }).click();
  await panel.getByTestId('clinical-review').waitFor();
  await panel.getByRole('radio').nth(other + 1 < labels.length ? other + 1 : 1).check();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  const done = page.getByTestId('booked');
  await done.waitFor();
  await waitForSynced(page);

  const after = await pullAll(fixture.server.url);
  const booked = after.filter((r) => r.kind === 'appointment' && r.pathway_id === pathwayId && r.status === 'booked');
  assert.equal(booked.length, 1, 'the server holds the booking');
  const appointment = booked[0];
  const pathwayAfter = after.find((r) => r.kind === 'pathway' && r.id === pathwayId);
  assert.deepEqual(pathwayAfter.events, pathwayBefore.events, 'booking does not move the RTT clock');
  const list = after.find((r) => r.kind === 'clinic_list' && r.id === appointment.session_id);
  assert.ok(list.places.some((p) => p.appointment_id === appointment.id), 'the clinic list holds the place');
  const offers = after.find((r) => r.kind === 'pathway_offers' && r.id === pathwayId);
  assert.equal(offers.offers.filter((o) => o.declined).length, 2, 'the declined dates are recorded');
  // The review goes to the named secretary of the pathway's consultant, who arranges it with them.
  const review = after.find((r) => r.kind === 'task' && r.id === `review-offers-${pathwayId}`);
  const consultant = after.find((r) => r.kind === 'consultant' && r.id === pathwayBefore.consultant_id);
  assert.ok(review, 'a clinical review task');
  assert.ok(consultant.secretary, "the demo names each consultant's secretary");
  assert.equal(review.assignee, consultant.secretary);
  assert.equal(offers.offers.filter((o) => !o.declined && o.id === appointment.id).length, 1, 'the booking is an offer');
  assert.equal(await page.locator(`[data-testid="waiting-row"][data-pathway-id="${pathwayId}"]`).count(), 0,
    'a booked referral leaves the waiting list');

  // The appointment letter, ready to print.
  await done.getByRole('link', { name: 'Appointment letter' }).click();
  const letter = page.getByTestId('letter');
  await letter.waitFor();
  const [y, m, d] = appointment.date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  assert.match(await letter.textContent(), new RegExp(day));
  assert.match(await letter.textContent(), new RegExp(appointment.start.slice(0, 5)));
  await page.getByRole('button', { name: 'Print' }).waitFor();

  // On the patient's page.
  await page.goto(`${fixture.server.url}/patients/${appointment.patient_id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByText(appointment.start.slice(0, 5)).first().waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('an urgent suspected cancer referral is searched from today against its cancer deadline; a date past it is booked only with a reason, and reaches the team leads', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/waiting-list`, { user: 'booking' });
  await waitForSynced(page);
  const rows = page.locator('[data-testid="waiting-row"]');
  await rows.first().waitFor();
  const listed = await rows.evaluateAll((els) => els.map((el) => ({
    id: el.dataset.pathwayId,
    priority: el.querySelector('[data-testid="priority"]').textContent,
    needs: el.querySelector('[data-testid="needs"]').textContent,
    deadline: el.querySelector('[data-testid="next-deadline"]').textContent,
  })));
  // The waiting list names the clock that sets each patient's pace, and urgent suspected cancer comes first.
  assert.equal(listed[0].priority, 'Urgent suspected cancer');
  for (const row of listed.filter((r) => r.priority === 'Urgent suspected cancer' && r.needs === 'New')) {
    assert.match(row.deadline, /^(28-day Faster Diagnosis|62-day referral to treatment|31-day decision to treatment) by /, 'a cancer referral is paced by a cancer clock');
  }
  // One whose cancer deadline is still ahead (a new referral's 28 days, or a treated patient's 31 or 62 days).
  const cancerDeadline = /^(28-day Faster Diagnosis|31-day decision to treatment|62-day referral to treatment) by \d{1,2} \w{3} \d{4} \((in \d+ days|today|tomorrow)\)$/;
  const usc = listed.find((r) => r.priority === 'Urgent suspected cancer' && cancerDeadline.test(r.deadline));
  assert.ok(usc, `an urgent suspected cancer referral with a cancer deadline ahead: ${JSON.stringify(listed.slice(0, 5))}`);
  const standard = { '28-day': 'cwt28', '31-day': 'cwt31', '62-day': 'cwt62' }[usc.deadline.slice(0, 6)];
  await page.locator(`[data-testid="waiting-row"][data-pathway-id="${usc.id}"]`).getByRole('button', { name: /^Book / }).click();
  const panel = page.getByRole('region', { name: 'Booking' });
  await panel.getByTestId('next-deadline').filter({ hasText: `Next deadline: ${usc.deadline.split(' by ')[0]} by` }).waitFor();
  const todayIso = await page.evaluate(() => {
    const d = new Date();
    return localStorage.getItem('pathdesk.today') ?? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  // Searched from today, not three weeks on: a cancer deadline does not wait for notice.
  await waitForDate(panel, 'booking-from', todayIso);

  // A date after the deadline (the patient is away until then): said in words, refused without a reason.
  const deadline = /by (\d{1,2} \w{3} \d{4})/.exec(await panel.getByTestId('next-deadline').textContent())[1];
  const after = new Date(`${deadline} UTC`);
  after.setUTCDate(after.getUTCDate() + 1);
  await fillDate(panel, 'booking-from', after);
  await panel.getByRole('button', { name: 'Find next free slot' }).click();
  await panel.locator('label.booking-panel__slot').first().filter({ hasText: 'after the deadline' }).waitFor();
  await panel.getByTestId('deadline-warning').filter({ hasText: 'the standard will be missed' }).waitFor();
  const shortNotice = panel.getByRole('checkbox', { name: 'Patient accepts this earlier date' });
  if (await shortNotice.count()) await shortNotice.check();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await panel.getByTestId('booking-error').filter({ hasText: 'Choose why this date is after the deadline' }).waitFor();
  await panel.getByLabel('Why this date (needed to book it; the team leads are told)').selectOption("The patient's choice");
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByTestId('booked').waitFor();
  await waitForSynced(page);

  const records = await pullAll(fixture.server.url);
  const booked = records.find((r) => r.kind === 'appointment' && r.pathway_id === usc.id && r.status === 'booked');
  assert.ok(booked, 'booked on the server');
  assert.ok(booked.date > iso(new Date(`${deadline} UTC`)), 'after the deadline, as chosen');
  const escalation = records.find((r) => r.kind === 'task' && r.task_kind === 'escalation' && r.escalation.pathway_id === usc.id);
  assert.ok(escalation, 'the booking past the deadline is on the team leads\' escalations list');
  assert.equal(escalation.escalation.standard, standard);
  assert.match(escalation.escalation.reason, /after the deadline: The patient's choice/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('two desks offline book the same single-place slot: the second needs rebooking, nobody is double-booked', async () => {
  const records = await pullAll(fixture.server.url);
  const desks = [];
  for (let i = 0; i < 2; i++) {
    const context = await fixture.browser.newContext();
    // Routine referrals waiting for a first appointment: searched from the reasonable notice date, with no cancer
    // deadline to explain.
    const page = await openPage(context, `${fixture.server.url}/waiting-list?priority=routine&needs=new`);
    await waitForSynced(page);
    desks.push({ context, page });
  }
  // Two patients waiting for the same kind of appointment: both desks are offered the same next slot.
  const waiting = await desks[0].page.locator('[data-testid="waiting-row"]').evaluateAll((els) => els.map((el) => el.dataset.pathwayId));
  const pathways = records.filter((r) => r.kind === 'pathway' && waiting.includes(r.id));
  const slotNeeded = (p) => (p.events.some((e) => ['outpatient_attended', 'first_seen'].includes(e.type)) ? 'follow_up' : 'new');
  // Two of the same specialty are offered its next free slot (in date order); the same consultant when there is one.
  let pair = null;
  // (Of the same priority: urgent suspected cancer is searched from today, the others from three weeks on.)
  const samePriority = (a, b) => a.priority === b.priority && slotNeeded(a) === slotNeeded(b);
  for (const same of [(a, b) => samePriority(a, b) && a.consultant_id === b.consultant_id,
    (a, b) => samePriority(a, b) && a.specialty_id === b.specialty_id]) {
    for (const a of pathways) {
      const b = pathways.find((p) => p.id !== a.id && same(a, p));
      if (b) { pair = [a, b]; break; }
    }
    if (pair) break;
  }
  assert.ok(pair, 'two waiting referrals share a specialty');

  await fixture.server.stop();
  const chosen = [];
  for (const [i, { page }] of desks.entries()) {
    const row = page.locator(`[data-testid="waiting-row"][data-pathway-id="${pair[i].id}"]`);
    await row.getByRole('button', { name: /^Book / }).click();
    const panel = page.getByRole('region', { name: 'Booking' });
    const firstSlot = panel.locator('label.booking-panel__slot').first();
    chosen.push({ id: await firstSlot.getAttribute('data-slot-id'), label: (await firstSlot.textContent()).replace(' – after the deadline', '').replace(" – after the trust's first-appointment target", '') });
    // A cancer referral already past its deadline is booked with the reason, and escalated too.
    // Urgent suspected cancer is searched from today: the patient agrees to the short notice.
    const shortNotice = panel.getByRole('checkbox', { name: 'Patient accepts this earlier date' });
    if (await shortNotice.count()) await shortNotice.check();
    const late = await panel.getByTestId('deadline-warning').locator('select').count();
    if (late) await panel.getByLabel('Why this date (needed to book it; the team leads are told)').selectOption('A clinical decision');
    await panel.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByTestId('booked').waitFor();
    assert.equal(await syncStatus(page).getAttribute('data-pending'), String(1 + late));
  }
  assert.deepEqual(chosen[0], chosen[1], `both desks took the same next free slot: ${JSON.stringify(pair.map((p) => [p.id, p.consultant_id, p.specialty_id, p.priority]))}`);

  await fixture.server.start();
  // Both desks sync; whichever reaches the server first keeps the slot.
  for (const { page } of desks) await page.getByRole('button', { name: 'Sync now' }).click();
  for (const { page } of desks) {
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="sync-status"]');
      return el.dataset.pending === '0' && el.dataset.syncing !== 'true';
    }, null, { timeout: 60_000 });
  }
  const problems = [];
  for (const { page } of desks) problems.push(await syncStatus(page).getAttribute('data-problems'));
  assert.deepEqual([...problems].sort(), ['0', '1'], 'exactly one desk lost the slot');
  const loser = problems.indexOf('1');
  const winner = 1 - loser;
  const second = desks[loser].page;
  pair.splice(0, 2, pair[winner], pair[loser]); // from here on: the winner's pathway, then the loser's

  await second.goto(`${fixture.server.url}/problems`);
  await second.waitForSelector('body[data-app-ready="true"]');
  const needs = second.getByTestId('needs-rebooking');
  await needs.waitFor();
  const patient = records.find((r) => r.kind === 'patient' && r.id === pair[1].patient_id);
  assert.match(await needs.getByTestId('needs-rebooking-patient').textContent(), new RegExp(patient.family_name, 'i'));
  await needs.getByRole('radio').nth(1).waitFor();
  const nearby = await needs.locator('label.booking-panel__slot').evaluateAll((els) => els.map((el) => el.dataset.slotId));
  assert.ok(nearby.length >= 2, 'nearby free slots are offered');
  assert.ok(!nearby.includes(chosen[0].id), `the lost slot is not offered again: ${JSON.stringify({ lost: chosen[0].id, nearby })}`);
  await second.getByText(/Slot taken while you were offline/).waitFor();

  const server = await pullAll(fixture.server.url);
  const won = server.find((r) => r.kind === 'appointment' && r.pathway_id === pair[0].id && r.status === 'booked');
  assert.ok(won, `the first desk kept its booking: ${JSON.stringify({ pair: pair.map((p) => [p.id, p.patient_id]), chosen, problems,
    appointments: server.filter((r) => r.kind === 'appointment' && pair.some((p) => p.id === r.pathway_id)) })}`);
  const session = server.find((r) => r.kind === 'clinic_session' && r.id === won.session_id);
  const slot = session.slots.find((s) => s.id === won.slot_id);
  const inSlot = server.filter((r) => r.kind === 'appointment' && r.slot_id === won.slot_id && holdsPlace(r));
  assert.ok(inSlot.length <= slot.capacity, `slot of ${slot.capacity} holds ${inSlot.length}: nobody double-booked`);
  assert.equal(server.filter((r) => r.kind === 'appointment' && r.pathway_id === pair[1].id && r.status === 'booked').length, 0);
  const task = server.find((r) => r.kind === 'task' && /^Needs rebooking/.test(r.title) && r.patient_id === patient.id);
  assert.ok(task, 'the server made a Needs rebooking task');

  // Book one of the nearby slots from the problem: the problem is resolved and the booking syncs.
  await needs.getByRole('button', { name: 'Book', exact: true }).click();
  await second.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.problems === '0');
  await waitForSynced(second);
  const rebooked = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'appointment' && r.pathway_id === pair[1].id && r.status === 'booked');
  assert.equal(rebooked.length, 1, 'the patient is rebooked');
  assert.notEqual(rebooked[0].slot_id, won.slot_id);
  for (const { context } of desks) await context.close();
});

test('a follow-up asked for on a treated pathway waits on the list by its date until a follow-up is booked', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/waiting-list`);
  await waitForSynced(page);
  const records = await pullAll(fixture.server.url);
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const upcoming = new Set(records.filter((r) => r.kind === 'appointment' && r.status === 'booked' && r.date >= today).map((a) => a.pathway_id));
  const treated = records.find((r) => r.kind === 'pathway' && !r.follow_up_due && !upcoming.has(r.id)
    && r.events.some((e) => e.type === 'outpatient_attended') && r.events.some((e) => e.type === 'first_definitive_treatment'));
  assert.ok(treated, 'the demo trust has a treated patient with nothing booked');
  const nhs = records.find((r) => r.kind === 'patient' && r.id === treated.patient_id).nhs_number;
  // Found by NHS number (the search is in the address): a treated patient is not waiting.
  await page.goto(`${fixture.server.url}/waiting-list?q=${nhs}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('waiting-count').waitFor();
  const row = page.locator(`[data-testid="waiting-row"][data-pathway-id="${treated.id}"]`);
  assert.equal(await row.count(), 0, 'a treated patient is not waiting');

  await page.goto(`${fixture.server.url}/pathways/${treated.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const form = page.getByTestId('follow-up');
  await form.waitFor();
  await form.getByRole('button', { name: 'Put on the waiting list' }).click();
  assert.match(await form.getByTestId('follow-up-problem').textContent(), /Enter the date the follow-up is needed by/);
  const due = new Date(`${today}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 42);
  await fillDate(form, 'follow-up-by', due);
  await form.getByRole('button', { name: 'Put on the waiting list' }).click();
  await form.getByTestId('follow-up-saved').waitFor();
  await form.getByTestId('follow-up-due').filter({ hasText: /On the waiting list for a follow-up by \d{1,2} \w+ \d{4}/ }).waitFor();
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('follow-up-due').filter({ hasText: 'On the waiting list for a follow-up' }).waitFor();

  await page.goto(`${fixture.server.url}/waiting-list?q=${nhs}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await row.waitFor();
  assert.match(await row.getByTestId('needs').textContent(), /^Follow-up by \d{1,2} \w+ \d{4}$/);
  assert.match(await row.textContent(), /Clock stopped/);
  await row.getByRole('button', { name: /^Book / }).click();
  const panel = page.getByRole('region', { name: 'Booking' });
  assert.equal(await panel.getByTestId('slot-type').textContent(), 'Follow-up');
  await panel.getByRole('radio').first().waitFor();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByTestId('booked').waitFor();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="waiting-row"][data-pathway-id="${id}"]`), treated.id);

  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  const pathway = after.find((r) => r.kind === 'pathway' && r.id === treated.id);
  assert.equal(pathway.follow_up_due, undefined, 'booked: no follow-up left waiting');
  assert.deepEqual(pathway.events, treated.events, 'asking for and booking a follow-up leave the clock alone');
  const booked = after.filter((r) => r.kind === 'appointment' && r.pathway_id === treated.id && r.status === 'booked');
  assert.equal(booked.length, 1);
  assert.equal(booked[0].slot_type, 'follow_up');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('on a browser set to US English, dates are typed day first and stored as the day the person meant', async () => {
  const context = await fixture.browser.newContext({ locale: 'en-US' });
  const page = await openPage(context, `${fixture.server.url}/waiting-list`);
  await waitForSynced(page);
  assert.equal(await page.evaluate(() => navigator.language), 'en-US');
  const records = await pullAll(fixture.server.url);
  const upcoming = new Set(records.filter((r) => r.kind === 'appointment' && r.status === 'booked').map((a) => a.pathway_id));
  const treated = records.find((r) => r.kind === 'pathway' && !r.follow_up_due && !upcoming.has(r.id)
    && r.events.some((e) => e.type === 'first_definitive_treatment'));
  assert.ok(treated, 'a treated patient with nothing booked');
  await page.goto(`${fixture.server.url}/pathways/${treated.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const form = page.getByTestId('follow-up');
  await form.waitFor();
  const year = Number((await page.evaluate(() => localStorage.getItem('pathdesk.today') ?? new Date().toISOString())).slice(0, 4)) + 1;

  // Typed the American way round (month 12, day 31 into day and month): not a date, said at the field and in the
  // summary, whose link goes to the day box; nothing saved.
  const group = form.getByRole('group', { name: 'Follow-up needed by' });
  await group.getByLabel('Day', { exact: true }).fill('12');
  await group.getByLabel('Month', { exact: true }).fill('31');
  await group.getByLabel('Year', { exact: true }).fill(String(year));
  await form.getByRole('button', { name: 'Put on the waiting list' }).click();
  await form.locator('#follow-up-by-error', { hasText: 'The date the follow-up is needed by must be a real date' }).waitFor();
  assert.equal(await form.getByTestId('follow-up-problem').getByRole('link').getAttribute('href'), '#follow-up-by');
  assert.equal(await group.getByLabel('Month', { exact: true }).inputValue(), '31', 'what was typed is kept');
  assert.deepEqual(await axeViolations(page), [], 'the date input with its error is accessible');

  // 7 / 1: the 7th of January, not the 1st of July.
  await fillDate(form, 'follow-up-by', `${year}-01-07`);
  assert.equal(await group.getByLabel('Day', { exact: true }).inputValue(), '7');
  await form.getByRole('button', { name: 'Put on the waiting list' }).click();
  await form.getByTestId('follow-up-due').filter({ hasText: `On the waiting list for a follow-up by 7 Jan ${year}.` }).waitFor();
  assert.equal(await form.locator('#follow-up-by-error').count(), 0, 'the error has gone');

  // A whole date pasted into the day box fills all three.
  await group.getByLabel('Day', { exact: true }).fill(`3/2/${year}`);
  assert.deepEqual(await Promise.all(['Day', 'Month', 'Year'].map((l) => group.getByLabel(l, { exact: true }).inputValue())),
    ['3', '2', String(year)]);

  await waitForSynced(page);
  const pathway = (await pullAll(fixture.server.url)).find((r) => r.kind === 'pathway' && r.id === treated.id);
  assert.equal(pathway.follow_up_due, `${year}-01-07`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the waiting list draws only the rows in view, searches and filters from the address, and books by keyboard', async () => {
  const context = await fixture.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await openPage(context, `${fixture.server.url}/waiting-list`, { user: 'booking' });
  await waitForSynced(page);
  const rows = page.locator('[data-testid="waiting-row"]');
  await rows.first().waitFor();
  const count = page.getByTestId('waiting-count');
  const total = Number(await count.getAttribute('data-count'));
  assert.ok(total > 200, `a trust's list: ${total} waiting`);
  assert.ok(await rows.count() < 60, `only the rows in view are drawn (${await rows.count()} of ${total})`);
  // Scrolled to the end, the last patient is drawn, numbered for screen readers.
  await page.getByTestId('waiting-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`[data-testid="waiting-row"][aria-rowindex="${total + 1}"]`).waitFor();

  // A search by NHS number, typed with spaces, goes into the address.
  const records = await pullAll(fixture.server.url);
  const someone = await rows.last().getAttribute('data-pathway-id');
  const patientId = records.find((r) => r.kind === 'pathway' && r.id === someone).patient_id;
  const nhs = records.find((r) => r.kind === 'patient' && r.id === patientId).nhs_number;
  await page.getByLabel('Find a patient').fill(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`);
  await page.getByLabel('Find a patient').press('Enter');
  await page.waitForURL(/[?&]q=/);
  await page.locator(`[data-testid="waiting-row"][data-pathway-id="${someone}"]`).waitFor();
  assert.match(await count.textContent(), new RegExp(`of ${total}$`));

  // A filter too; a reload (or a shared link) shows the same list.
  await page.getByLabel('Find a patient').fill('');
  await page.getByLabel('Find a patient').press('Enter');
  await page.getByLabel('Priority').selectOption({ label: 'Routine' });
  await page.waitForURL(/priority=routine/);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await rows.first().waitFor();
  assert.equal(await page.getByLabel('Priority').inputValue(), 'routine');
  const priorities = await rows.evaluateAll((els) => [...new Set(els.map((el) => el.querySelector('[data-testid="priority"]').textContent))]);
  assert.deepEqual(priorities, ['Routine']);
  assert.deepEqual(await axeViolations(page), [], 'the waiting list is accessible');

  // By keyboard: Book on the first row opens the panel above the list, focus on its heading naming the patient.
  const first = rows.first();
  const name = await first.locator('a').first().textContent();
  await first.getByRole('button', { name: /^Book / }).focus();
  await page.keyboard.press('Enter');
  const card = page.getByTestId('booking-for');
  await card.waitFor();
  // Focus moves once the panel is drawn (the next frame).
  await page.waitForFunction(() => document.activeElement?.id === 'booking-for');
  assert.match(await card.getByRole('heading').textContent(), new RegExp(`^Book: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · NHS \\d{3} \\d{3} \\d{4} · born \\d{1,2} \\w{3} \\d{4}$`));
  await card.getByRole('radio').first().waitFor();
  await card.getByRole('radio').first().check();
  await card.getByRole('button', { name: 'Book', exact: true }).press('Enter');
  await page.getByTestId('booked').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'booked');
  assert.deepEqual(page.problems, []);
  await context.close();
});
