// Clinics: building a template in the editor (with the core's validation messages) and making its sessions, seen
// in the diary after a reload and on the server; a stale template edit from a second desk refused with "changed
// since you opened it" and nothing typed lost; consultant leave that touches a clinic, cancelling it with the
// impact list, and rebooking its patients in one step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, dateValue, waitForDate, fillDateIn, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

const iso = (date) => date.toISOString().slice(0, 10);
const addDays = (isoDate, n) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};
const mondayOf = (isoDate) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return addDays(isoDate, -((d.getUTCDay() + 6) % 7));
};
// England and Wales bank holidays on Fridays in the coming months (the calendar data the core uses).
const FRIDAY_BANK_HOLIDAYS = new Set(['2026-12-25', '2027-01-01', '2027-03-26', '2028-04-14']);

async function appToday(page) {
  return page.evaluate(() => {
    const override = localStorage.getItem('pathdesk.today');
    if (override) return override;
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

async function slotRow(editor, n) {
  return {
    start: editor.getByLabel(`Slot ${n} start`),
    minutes: editor.getByLabel(`Slot ${n} minutes`),
    capacity: editor.getByLabel(`Slot ${n} capacity`),
  };
}

test('build a template: validation messages, save, generate sessions, see them in the diary after a reload and on the server', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/clinics/templates`);
  await waitForSynced(page);
  const consultantId = await page.locator('#tpl-consultant').inputValue();
  assert.ok(consultantId, 'a consultant is chosen');
  await page.getByTestId('new-template').click();
  const editor = page.getByTestId('template-editor');
  await editor.waitFor();
  await editor.getByLabel('Clinic name').fill('E2E Friday clinic');
  await editor.getByLabel('Day of the week').selectOption('Friday');
  await editor.getByLabel('Location').fill('Outpatients E2E');
  // End before start: said in words, nothing saved, nothing lost.
  await editor.getByLabel('Ends', { exact: true }).fill('08:00');
  await editor.getByRole('button', { name: 'Save template' }).click();
  const problems = editor.getByTestId('template-problems');
  await problems.getByTestId('error-summary').waitFor();
  assert.match(await problems.textContent(), /ends at 08:00, which is not after it starts at 09:00/);
  // The NHS error pattern: the summary is focused and in view (Save never seems to do nothing), its link goes
  // to the field, and the field says it too.
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  assert.ok(await page.evaluate(() => {
    const box = document.getElementById('error-summary').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }), 'the summary is on screen');
  assert.equal(await problems.getByRole('link', { name: /ends at 08:00/ }).getAttribute('href'), '#tpl-end');
  await editor.locator('#tpl-end-error', { hasText: /ends at 08:00/ }).waitFor();
  assert.equal(await editor.getByLabel('Ends', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await editor.getByLabel('Clinic name').inputValue(), 'E2E Friday clinic', 'what was typed is kept');
  await editor.getByLabel('Ends', { exact: true }).fill('12:00');
  // An overlapping slot with no capacity: both problems named.
  await editor.getByRole('button', { name: 'Add a slot' }).click();
  const sixth = await slotRow(editor, 6);
  await sixth.start.fill('10:50');
  await sixth.minutes.fill('20');
  await sixth.capacity.fill('0');
  await editor.getByRole('button', { name: 'Save template' }).click();
  await problems.getByRole('link', { name: /The 10:50 slot overlaps the 10:45 slot/ }).waitFor();
  assert.match(await problems.textContent(), /The 10:50 slot sees 0 patients/);
  await editor.locator('#tpl-slot-6-capacity-error', { hasText: /sees 0 patients/ }).waitFor();
  await editor.locator('#tpl-slot-6-start-error', { hasText: /overlaps the 10:45 slot/ }).waitFor();
  await sixth.start.fill('11:00');
  await sixth.capacity.fill('2');
  await editor.getByRole('button', { name: 'Save template' }).click();
  await page.getByTestId('template-saved').waitFor();
  assert.equal(await page.getByTestId('template-editor').count(), 0, 'the editor closes once saved');

  const row = page.getByTestId('templates').getByRole('row', { name: /E2E Friday clinic/ });
  await row.waitFor();
  await row.getByRole('button', { name: 'Generate sessions of E2E Friday clinic' }).click();
  const generate = page.getByTestId('generate-sessions');
  const today = await appToday(page);
  const last = addDays(today, 83);
  await fillDate(generate, 'gen-from', today);
  await fillDate(generate, 'gen-to', last);
  await generate.getByRole('button', { name: 'Generate sessions' }).click();
  await page.getByTestId('generate-done').waitFor();

  // The Fridays in range, less bank holidays: worked out here from the calendar, not read from the app.
  const fridays = [];
  for (let day = today; day <= last; day = addDays(day, 1)) {
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 5 && !FRIDAY_BANK_HOLIDAYS.has(day)) fridays.push(day);
  }
  const firstFriday = fridays[0];
  const diaryUrl = `${fixture.server.url}/clinics?by=consultant&id=${consultantId}&week=${mondayOf(firstFriday)}`;
  await page.goto(diaryUrl);
  await page.waitForSelector('body[data-app-ready="true"]');
  const session = page.getByTestId('diary-session').filter({ hasText: 'E2E Friday clinic' });
  await session.waitFor();
  assert.match(await session.getByTestId('session-places').textContent(), /0 booked, 7 free/);
  assert.match(await session.textContent(), /11:00 Follow-up · 2 free/);
  // Keyboard: the next week button moves the diary on.
  await page.getByRole('button', { name: 'Next week →' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('diary-week').filter({ hasText: /Week of/ }).waitFor();
  await page.waitForURL(new RegExp(`week=${addDays(mondayOf(firstFriday), 7)}`));

  await page.goto(diaryUrl);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('diary-session').filter({ hasText: 'E2E Friday clinic' }).waitFor();

  await waitForSynced(page);
  const server = await pullAll(fixture.server.url);
  const template = server.find((r) => r.kind === 'clinic_template' && r.name === 'E2E Friday clinic');
  assert.ok(template, 'the template is on the server');
  assert.equal(template.version, 1);
  assert.equal(template.slots.length, 6);
  const sessions = server.filter((r) => r.kind === 'clinic_session' && r.template_id === template.id);
  assert.deepEqual(sessions.map((s) => s.date).sort(), fridays, 'one session each Friday, none on bank holidays');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a stale template edit from a second desk is refused with "changed since you opened it" and keeps what was typed', async () => {
  const desks = [];
  for (let i = 0; i < 2; i++) {
    const context = await fixture.browser.newContext();
    const page = await openPage(context, `${fixture.server.url}/clinics/templates`);
    await waitForSynced(page);
    desks.push({ context, page });
  }
  const templates = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'clinic_template');
  // One whose name is unique among its consultant's templates, so its Edit button is unambiguous.
  const template = templates.find((t) => templates.filter((o) => o.consultant_id === t.consultant_id && o.name === t.name).length === 1);
  assert.ok(template, 'a clinic template to edit');
  for (const { page } of desks) {
    await page.locator('#tpl-consultant').selectOption(template.consultant_id);
    await page.getByRole('button', { name: `Edit ${template.name}` }).click();
    await page.getByTestId('template-editor').waitFor();
  }
  const [a, b] = desks.map((d) => d.page);
  await a.getByLabel('Location').fill('Room A');
  await a.getByRole('button', { name: 'Save template' }).click();
  await a.getByTestId('template-saved').waitFor();
  await waitForSynced(a);
  // Desk B gets desk A's change while its editor is open, then saves its own.
  await b.getByRole('button', { name: 'Sync now' }).click();
  await b.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.syncing !== 'true');
  await waitForSynced(b);
  await b.getByLabel('Location').fill('Room B');
  await b.getByLabel('Clinic name').fill(`${template.name} (B)`);
  await b.getByRole('button', { name: 'Save template' }).click();
  const changed = b.getByTestId('template-changed');
  await changed.waitFor();
  const text = await changed.textContent();
  assert.match(text, /changed since you opened it/);
  assert.match(text, new RegExp(`you opened version ${template.version}; version ${template.version + 1} is now saved`));
  assert.match(text, /Room A/, "the other person's version is shown");
  assert.equal(await b.getByLabel('Location').inputValue(), 'Room B', 'what desk B typed is kept');
  assert.equal(await b.getByLabel('Clinic name').inputValue(), `${template.name} (B)`);

  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'clinic_template' && r.id === template.id);
  assert.equal(onServer.location, 'Room A');
  assert.equal(onServer.version, template.version + 1);
  for (const { context } of desks) await context.close();
});

test('cancel a session for leave: the touched clinic and the short-notice warning, the ranked impact list, rebook many in one step, escalate the rest to the team lead on another desk', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/clinics/leave`, { user: 'booking' });
  await waitForSynced(page);
  const today = await appToday(page);
  const before = await pullAll(fixture.server.url);
  const booked = (sessionId) => before.filter((r) => r.kind === 'appointment' && r.session_id === sessionId && r.status === 'booked');
  // A clinic within the leave notice (six weeks) with several patients booked, and others of its specialty later.
  const candidates = before
    .filter((r) => r.kind === 'clinic_session' && r.status.state === 'scheduled' && r.date > addDays(today, 7) && r.date < addDays(today, 35))
    .map((s) => ({ session: s, booked: booked(s.id) }))
    .filter((c) => c.booked.length >= 3)
    .sort((x, y) => y.booked.length - x.booked.length);
  assert.ok(candidates.length > 0, 'the demo trust has a clinic with patients booked in the coming weeks');
  const { session, booked: appointments } = candidates[0];
  const alsoThatDay = before.filter((r) => r.kind === 'clinic_session' && r.consultant_id === session.consultant_id && r.date === session.date && r.status.state !== 'cancelled');

  await page.locator('#leave-consultant').selectOption(session.consultant_id);
  // Nothing typed: each missing box is in the focused summary, linked, and said at the box.
  await page.getByRole('button', { name: 'Record leave' }).click();
  const summary = page.getByTestId('leave-error').getByTestId('error-summary');
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  assert.deepEqual(await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['#leave-from', '#leave-to', '#leave-reason']);
  await page.locator('#leave-from-error', { hasText: 'Enter the first day away' }).waitFor();
  await fillDate(page, 'leave-from', session.date);
  await fillDate(page, 'leave-to', session.date);
  await page.locator('#leave-reason').fill('Annual leave');
  await page.getByRole('button', { name: 'Record leave' }).click();
  const leave = page.getByTestId('leave').filter({ hasText: 'saved on this device' });
  await leave.waitFor();
  assert.match(await leave.getByTestId('leave-message').textContent(), /Short notice/);
  const touched = await leave.getByTestId('leave-sessions').locator('li').evaluateAll((els) => els.map((el) => el.dataset.sessionId));
  assert.deepEqual(touched.sort(), alsoThatDay.map((s) => s.id).sort(), 'every clinic of that day is listed');

  await leave.locator(`li[data-session-id="${session.id}"]`).getByRole('link', { name: 'Cancel or reduce' }).click();
  await page.getByLabel('Reason').waitFor();
  assert.equal(await page.getByLabel('Reason').inputValue(), 'Annual leave', 'the leave reason is carried over');
  // Without a reason the core's check is said at the reason box, and nobody is listed yet.
  await page.getByLabel('Reason').fill('');
  await page.getByRole('button', { name: 'Show who is affected' }).click();
  await page.locator('#change-reason-error', { hasText: 'The reason is empty' }).waitFor();
  assert.equal(await page.getByTestId('impact').count(), 0);
  await page.getByLabel('Reason').fill('Annual leave');
  await page.getByRole('button', { name: 'Show who is affected' }).click();
  const impact = page.getByTestId('impact');
  await impact.waitFor();
  const rows = impact.getByTestId('impact-row');
  assert.equal(await rows.count(), appointments.length, 'every booked patient is listed');
  // Ranked by the next deadline of any running clock (a cancer 28-day date before a routine 18 weeks), then by
  // priority; a patient with no clock running comes last.
  const order = ['Urgent suspected cancer', 'Urgent', 'Routine'];
  const listed = await rows.evaluateAll((els) => els.map((el) => ({
    priority: el.children[3].textContent,
    deadline: el.querySelector('[data-testid="impact-deadline"]').textContent,
    escalate: el.dataset.escalate === 'true',
    offered: el.querySelector('input[aria-label^="Rebook "]') !== null,
    text: el.textContent,
  })));
  const deadlineOf = (row) => {
    const match = / by (\d{1,2} \w{3} \d{4}) /.exec(row.deadline);
    return match ? iso(new Date(`${match[1]} UTC`)) : null;
  };
  for (let i = 1; i < listed.length; i++) {
    const [a, b] = [deadlineOf(listed[i - 1]), deadlineOf(listed[i])];
    const inOrder = b === null || (a !== null && (a < b || (a === b && order.indexOf(listed[i - 1].priority) <= order.indexOf(listed[i].priority))));
    assert.ok(inOrder, `ranked by next deadline, then priority: ${JSON.stringify(listed.map((r) => [r.deadline, r.priority]))}`);
  }
  for (const row of listed) {
    assert.ok(row.offered !== row.escalate || (!row.offered && /No clock running/.test(row.deadline)), `a slot in time or an escalation: ${row.text}`);
    if (row.escalate) assert.match(row.text, /Escalate: cannot be kept within the deadline/);
  }
  // A patient whose deadline has passed (or comes before any clinic) cannot be kept within it: flagged, not offered.
  const breached = listed.filter((r) => deadlineOf(r) !== null && deadlineOf(r) <= addDays(today, 1));
  for (const row of breached) assert.ok(row.escalate && !row.offered, `escalated: ${row.text}`);
  const offered = listed.filter((r) => r.offered).length;
  console.log(`impact: ${listed.length} patients, ${offered} offered a slot in time, ${listed.filter((r) => r.escalate).length} to escalate (${breached.length} already past their deadline)`);
  assert.ok(offered >= 2, 'at least two patients can be offered another slot');

  await impact.getByRole('button', { name: 'Select all with a slot in time' }).click();
  for (const agree of await impact.getByLabel('Patient agreed to the earlier date').all()) await agree.check();
  await impact.getByTestId('rebook-selected').click();
  const outcome = page.getByTestId('change-outcome');
  await outcome.filter({ hasText: `${offered} patients rebooked.` }).waitFor().catch(async (e) => { throw new Error(`${e.message}\noutcome: ${await outcome.allTextContents()}\nproblems: ${await page.getByTestId("change-problems").allTextContents()}`); });
  assert.equal(await page.getByTestId('change-problems').count(), 0);
  // The impact list now holds only those still on the clinic; cancelling the clinic cancels them.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="impact-row"]').length === n, appointments.length - offered);
  // Those who cannot be kept within their deadline go to the team leads, one escalation task each.
  const toEscalate = listed.filter((r) => r.escalate).length;
  if (toEscalate > 0) {
    await impact.getByTestId('escalate-all').click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="impact-row"]')]
      .filter((el) => el.textContent.includes('Escalated to the team leads.')).length === n, toEscalate);
  }
  await page.getByTestId('change-now').click();
  await page.getByTestId('session-change').filter({ hasText: 'Cancelled: Annual leave' }).waitFor();

  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  const sessionAfter = after.find((r) => r.kind === 'clinic_session' && r.id === session.id);
  assert.deepEqual(sessionAfter.status, { state: 'cancelled', reason: 'Annual leave' });
  let moved = 0;
  for (const old of appointments) {
    const now = after.find((r) => r.kind === 'appointment' && r.id === old.id);
    assert.equal(now.status, 'cancelled_by_hospital', 'nobody is left booked on the cancelled clinic');
    const replacement = after.find((r) => r.kind === 'appointment' && r.pathway_id === old.pathway_id && r.status === 'booked' && r.id !== old.id && r.session_id !== session.id);
    const pathway = after.find((r) => r.kind === 'pathway' && r.id === old.pathway_id);
    // Every affected patient is to be told: phone first for a cancer pathway or a date within three weeks.
    const tell = after.find((r) => r.kind === 'task' && r.id === (replacement ? `tell-${replacement.id}-moved` : `tell-${old.id}-cancelled`));
    assert.ok(tell, `a task to tell the patient of ${replacement ? 'the move' : 'the cancellation'}`);
    assert.equal(tell.assignee, 'Booking team');
    assert.equal(tell.patient_id, old.patient_id);
    const date = replacement ? replacement.date : old.date;
    const phone = pathway.cancer || date < addDays(today, 21);
    assert.match(tell.title, phone ? /^Phone the patient: / : /^Tell the patient: /, tell.title);
    if (replacement) {
      moved += 1;
      assert.ok(pathway.events.some((e) => e.type === 'appointment_rebooked_by_provider'), 'the pathway records the hospital rebooking');
    }
  }
  assert.equal(moved, offered, 'each selected patient has a new appointment on the server');
  const escalations = after.filter((r) => r.kind === 'task' && r.task_kind === 'escalation' && appointments.some((a) => a.pathway_id === r.escalation.pathway_id));
  assert.equal(escalations.length, toEscalate, 'one escalation task on the server for each patient who cannot be kept within their deadline');
  for (const task of escalations) {
    assert.equal(task.assignee, 'Team leads');
    assert.equal(task.escalation.state, 'open');
    assert.match(task.title, /^Escalation: .+ \(\d{3} \d{3} \d{4}\): .+ by \d{1,2} \w{3} \d{4}$/);
  }
  assert.ok(after.some((r) => r.kind === 'leave' && r.consultant_id === session.consultant_id && r.reason === 'Annual leave'));

  // The letters: the new appointment says which it replaces; a cancellation says why; both from the trust to the
  // patient's full address, and the tell-the-patient task links to its letter.
  const movedOld = appointments.find((old) => after.some((r) => r.kind === 'appointment' && r.pathway_id === old.pathway_id
    && r.status === 'booked' && r.id !== old.id && r.session_id !== session.id));
  if (movedOld) {
    const replacement = after.find((r) => r.kind === 'appointment' && r.pathway_id === movedOld.pathway_id && r.status === 'booked' && r.id !== movedOld.id);
    const patient = after.find((r) => r.kind === 'patient' && r.id === movedOld.patient_id);
    await page.goto(`${fixture.server.url}/tasks?q=${patient.nhs_number}`);
    await page.waitForSelector('body[data-app-ready="true"]');
    const link = page.locator(`[data-task-id="tell-${replacement.id}-moved"] [data-testid="tell-letter"]`);
    await link.click();
    const letter = page.getByTestId('letter');
    await letter.waitFor();
    const [y, m, d] = movedOld.date.split('-').map(Number);
    const oldDay = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    assert.match(await letter.getByTestId('letter-replaces').textContent(), new RegExp(`replaces your appointment on \\w+ ${oldDay}`));
    assert.match(await letter.textContent(), /Pathdesk Demonstration NHS Trust/);
    assert.match(await letter.textContent(), /0113 496 0000/);
    const to = await letter.getByTestId('letter-address').textContent();
    if (patient.postcode) assert.ok(to.includes(patient.postcode) && to.includes(patient.address[0]), `addressed: ${to}`);
  }
  const cancelledOld = appointments.find((old) => !after.some((r) => r.kind === 'appointment' && r.pathway_id === old.pathway_id
    && r.status === 'booked' && r.id !== old.id));
  if (cancelledOld) {
    await page.goto(`${fixture.server.url}/appointments/${cancelledOld.id}/letter`);
    const letter = page.getByTestId('letter');
    await letter.waitFor();
    assert.match(await letter.textContent(), /Your outpatient appointment has been cancelled/);
    assert.match(await letter.textContent(), /The reason: Annual leave\./);
  }

  // The team lead, on another desk, finds them on the escalations list after a sync, acknowledges one and
  // resolves it saying what was done; the booking desk sees it resolved after its own sync.
  if (escalations.length > 0) {
    const leadContext = await fixture.browser.newContext();
    const lead = await openPage(leadContext, `${fixture.server.url}/tasks/escalations`, { user: 'lead' });
    await waitForSynced(lead);
    const open = lead.locator('[data-testid="escalation-group"][data-state="open"] [data-testid="escalation"]');
    await open.first().waitFor();
    const first = escalations[0];
    const item = lead.locator(`[data-testid="escalation"][data-task-id="${first.id}"]`);
    const patient = after.find((r) => r.kind === 'patient' && r.id === first.patient_id);
    assert.match(await item.textContent(), new RegExp(patient.family_name.toUpperCase()));
    assert.match(await item.getByTestId('escalation-deadline').textContent(), / by \d{1,2} \w{3} \d{4} /);
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    const acknowledged = lead.locator(`[data-testid="escalation-group"][data-state="acknowledged"] [data-testid="escalation"][data-task-id="${first.id}"]`);
    await acknowledged.waitFor();
    // The escalation moved to its new group, and the focus went with it; the page says what was done.
    await lead.waitForFunction((id) => {
      const item = document.activeElement?.closest('[data-testid="escalation"]');
      return item?.dataset.taskId === id && item.closest('[data-state="acknowledged"]') !== null;
    }, first.id, { timeout: 10_000 });
    assert.match(await lead.getByTestId('announced').textContent(), /^Escalation for .+: acknowledged\. Saved on this device\.$/);
    // Resolving needs a word on what was done: refused at the item, then saved.
    await acknowledged.getByRole('button', { name: 'Resolve' }).click();
    await acknowledged.getByRole('alert').filter({ hasText: 'Say what was done' }).waitFor();
    await acknowledged.getByLabel('What was done (needed to resolve)').fill('Extra clinic on Friday: booked there');
    await acknowledged.getByRole('button', { name: 'Resolve' }).click();
    await lead.locator(`[data-testid="escalation-group"][data-state="resolved"] [data-testid="escalation"][data-task-id="${first.id}"]`).waitFor();
    await waitForSynced(lead);
    const resolved = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === first.id);
    assert.equal(resolved.escalation.state, 'resolved');
    assert.equal(resolved.status, 'done');
    assert.ok(resolved.history.some((line) => line.text === 'Resolved: Extra clinic on Friday: booked there'));
    assert.deepEqual(lead.problems, []);
    await leadContext.close();
  }

  await page.goto(`${fixture.server.url}/clinics?by=consultant&id=${session.consultant_id}&week=${mondayOf(session.date)}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const cancelled = page.locator(`[data-testid="diary-session"][data-session-id="${session.id}"]`);
  await cancelled.getByText('Cancelled: Annual leave').waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('trust settings: out-of-range notice refused with the allowed range; saved, kept after a reload, and on the server', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/settings`);
  await waitForSynced(page);
  const form = page.getByTestId('trust-settings');
  const notice = form.getByLabel('Reasonable notice for an offer (days)');
  assert.equal(await notice.inputValue(), '21', 'the national default until the trust sets its own');
  await notice.fill('40');
  await form.getByRole('button', { name: 'Save trust settings' }).click();
  await form.locator('#trust-notice-days-error', { hasText: /Reasonable notice of 40 days is not allowed: enter between 0 and 31 days/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  await notice.fill('14');
  await form.getByLabel('Notice expected for leave and clinic changes (weeks)').fill('4');
  await form.getByRole('button', { name: 'Save trust settings' }).click();
  await form.getByText(/Saved on this device/).waitFor();
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.waitForFunction(() => document.getElementById('trust-notice-days')?.value === '14');
  await waitForSynced(page);
  const settings = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'trust_settings');
  assert.equal(settings.length, 1);
  assert.equal(settings[0].booking.reasonable_notice_days, 14);
  assert.equal(settings[0].booking.leave_notice_weeks, 4);
  assert.equal(settings[0].letter_due_working_days, 5);
  // The booking panel searches a routine referral from the trust's notice (14 days), not the national 21.
  const today = await appToday(page);
  // A routine referral (urgent suspected cancer is searched from today).
  await page.goto(`${fixture.server.url}/waiting-list?priority=routine&needs=new`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator('[data-testid="waiting-row"]').first().getByRole('button', { name: /^Book / }).click();
  const panel = page.getByRole('region', { name: 'Booking' });
  await waitForDate(panel, 'booking-from', addDays(today, 14));
  assert.equal(await dateValue(panel, 'booking-from'), addDays(today, 14));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('move one clinic: new times and room for that date only; its patients move with their slots and the booking team gets a task for each; a stale edit from a second desk is refused and keeps what was typed', async () => {
  const deskA = await fixture.browser.newContext();
  const page = await openPage(deskA, `${fixture.server.url}/clinics`);
  await waitForSynced(page);
  const today = await appToday(page);
  const before = await pullAll(fixture.server.url);
  const booked = (sessionId) => before.filter((r) => r.kind === 'appointment' && r.session_id === sessionId && r.status === 'booked');
  const candidates = before
    .filter((r) => r.kind === 'clinic_session' && r.status.state === 'scheduled' && r.date > addDays(today, 7) && r.end < '22:00')
    .map((s) => ({ session: s, booked: booked(s.id) }))
    .filter((c) => c.booked.length >= 2);
  assert.ok(candidates.length > 0, 'the demo trust has a coming clinic with patients booked');
  const { session, booked: appointments } = candidates[candidates.length - 1];
  const later = (hhmmss) => `${String(Number(hhmmss.slice(0, 2)) + 1).padStart(2, '0')}:${hhmmss.slice(3, 5)}`;
  const [newStart, newEnd] = [later(session.start), later(session.end)];
  const room = 'Outpatients E2E room 4';
  const sessionUrl = `${fixture.server.url}/clinics/sessions/${session.id}`;

  // A second desk opens the same clinic and starts typing another room.
  const deskB = await fixture.browser.newContext();
  const other = await openPage(deskB, sessionUrl);
  const otherForm = other.getByTestId('session-edit');
  await otherForm.waitFor();
  await otherForm.getByLabel('Room or location').fill('Room typed on desk B');

  await page.goto(sessionUrl);
  await page.waitForSelector('body[data-app-ready="true"]');
  const form = page.getByTestId('session-edit');
  await form.waitFor();
  // An end before the start: said in words, nothing saved, what was typed kept.
  await form.getByLabel('Start').fill(newStart);
  await form.getByLabel('End').fill('08:00');
  await form.getByLabel('Room or location').fill(room);
  await form.getByRole('button', { name: 'Save the change' }).click();
  const problems = form.getByTestId('session-edit-problems');
  await problems.getByTestId('error-summary').waitFor();
  assert.match(await problems.textContent(), /Choose an end after the start/);
  await form.locator('#session-end-error', { hasText: 'Choose an end after the start' }).waitFor();
  assert.equal(await problems.getByRole('link').getAttribute('href'), '#session-end');
  assert.equal(await form.getByLabel('Room or location').inputValue(), room, 'what was typed is kept');
  await form.getByLabel('End').fill(newEnd);
  await form.getByRole('button', { name: 'Save the change' }).click();
  await page.getByTestId('session-edit-saved').filter({ hasText: `The booking team has ${appointments.length} patients to tell.` }).waitFor();
  const shown = page.getByTestId('session-times');
  await shown.filter({ hasText: `${newStart}–${newEnd} · ${room}` }).waitFor();

  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  const moved = after.find((r) => r.kind === 'clinic_session' && r.id === session.id);
  assert.deepEqual([moved.start, moved.end, moved.location, moved.date], [`${newStart}:00`, `${newEnd}:00`, room, session.date]);
  for (const old of appointments) {
    const now = after.find((r) => r.kind === 'appointment' && r.id === old.id);
    assert.equal(now.start, `${later(old.start)}:00`, 'the appointment moves with its slot');
    assert.equal(now.status, 'booked', 'nobody loses their place');
    const tasks = after.filter((r) => r.kind === 'task' && r.id.startsWith(`tell-${old.id}-`));
    assert.equal(tasks.length, 1, `one task to tell the patient of ${old.id}`);
    assert.equal(tasks[0].assignee, 'Booking team');
    assert.equal(tasks[0].patient_id, old.patient_id);
  }
  const otherWeeks = after.filter((r) => r.kind === 'clinic_session' && r.template_id && r.template_id === session.template_id && r.id !== session.id);
  assert.ok(otherWeeks.every((s) => s.location !== room), 'other weeks of the template keep their room');

  // After a reload the clinic shows its new times.
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('session-times').filter({ hasText: `${newStart}–${newEnd} · ${room}` }).waitFor();
  // Printed, the clinic list keeps its patients and new times and drops the forms, buttons and navigation.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('session-list').isVisible(), true);
  // Every patient on paper with what identifies them: name, NHS number and date of birth.
  const printed = page.getByTestId('session-list');
  assert.deepEqual((await printed.locator('thead th').allTextContents()).slice(2, 5), ['Patient', 'NHS number', 'Date of birth']);
  for (const cells of await printed.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)))) {
    assert.match(cells[3], /^\d{3} \d{3} \d{4}$/, `an NHS number on the printed list: ${cells}`);
    assert.match(cells[4], /^\d{1,2} \w{3} \d{4}$/, `a date of birth on the printed list: ${cells}`);
  }
  assert.equal(await page.getByTestId('session-times').isVisible(), true);
  assert.equal(await page.getByTestId('session-edit').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Print clinic list' }).isVisible(), false);
  assert.equal(await page.locator('nav').first().isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.getByRole('button', { name: 'Print clinic list' }).isVisible(), true);

  // Desk B syncs (on focus), sees the move, and its change made from the old times is refused, keeping its text.
  await other.evaluate(() => window.dispatchEvent(new Event('focus')));
  await other.getByTestId('session-times').filter({ hasText: room }).waitFor({ timeout: 30_000 });
  await otherForm.getByRole('button', { name: 'Save the change' }).click();
  const refused = otherForm.getByTestId('session-edit-problems');
  await refused.getByTestId('error-summary').waitFor();
  assert.match(await refused.textContent(), new RegExp(`changed since you opened it: it is now ${newStart}–${newEnd}, ${room}`));
  assert.equal(await otherForm.getByLabel('Room or location').inputValue(), 'Room typed on desk B');
  assert.deepEqual(page.problems, []);
  await deskA.close();
  await deskB.close();
});

test('a receptionist sees clinics, templates and leave without the actions their role does not do', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/clinics/templates`, { user: 'reception' });
  await waitForSynced(page);
  await page.locator('#tpl-consultant').waitFor();
  assert.equal(await page.getByTestId('new-template').isVisible(), false, 'no "New template"');
  assert.equal(await page.getByRole('button', { name: /^Edit / }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Generate sessions of / }).count(), 0);
  await page.goto(`${fixture.server.url}/clinics/leave`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByRole('heading', { name: 'Leave', exact: false }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Record leave' }).count(), 0);
  const session = (await pullAll(fixture.server.url, 'reception')).find((r) => r.kind === 'clinic_session' && r.status.state === 'scheduled');
  await page.goto(`${fixture.server.url}/clinics/sessions/${session.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByTestId('session-times').waitFor();
  assert.equal(await page.getByTestId('session-edit').count(), 0, 'no form to move the clinic');
  assert.equal(await page.getByRole('button', { name: 'Show who is affected' }).count(), 0, 'no form to cancel it');
  assert.deepEqual(page.problems, []);
  await context.close();
});
