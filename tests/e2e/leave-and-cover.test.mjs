// Consultants' leave requests, the team's own leave and the diary beyond clinics, end to end: leave asked for by the
// booking team with the six-week notice rule shown, approved by a team lead on another desk (the consultant's slots
// blocked and the clinics it touches listed to cancel), a decline that must say why; a team member's leave in
// "Who is in today" with the work to cover; a teaching session added to a consultant's week and taken out again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serverAndBrowser, openPage, waitForSynced, pullAll, fillDate, apiSession } from './harness.mjs';

const fixture = serverAndBrowser();

const today = new Date().toISOString().slice(0, 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ukDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function desk(user, path) {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}${path}`, { user });
  await waitForSynced(page);
  return { context, page };
}

async function syncNow(page) {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
}

test('leave asked for with short notice is approved by a lead: the slots are blocked and its clinics listed to cancel; a decline says why', async () => {
  const records = await pullAll(fixture.server.url);
  const session = records
    .filter((r) => r.kind === 'clinic_session' && r.status.state === 'scheduled' && r.date > addDays(today, 7) && r.date < addDays(today, 30))
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  assert.ok(session, 'the demo has a clinic in the coming weeks');

  // Asked for by the booking team: the notice rule shows as the first day is typed.
  const booking = await desk('booking', '/clinics/leave');
  const form = booking.page.getByTestId('leave-request-form');
  await form.locator('#request-consultant').selectOption(session.consultant_id);
  await form.locator('#request-kind').selectOption('study');
  await fillDate(form, 'request-from', session.date);
  await form.getByTestId('request-notice').getByText(/less than the 6 weeks' notice the trust asks for/).waitFor();
  await fillDate(form, 'request-to', session.date);
  await form.getByLabel('Note (optional)').fill('Urology conference');
  await form.getByRole('button', { name: 'Ask for leave' }).click();
  await booking.page.getByText(/asked for\. Saved on this device; a team lead approves or declines it\./).waitFor();
  const asked = booking.page.locator('[data-testid="leave-request"][data-status="requested"]').filter({ hasText: 'Urology conference' });
  await asked.waitFor();
  const requestId = await asked.getAttribute('data-request-id');
  assert.equal(await asked.getByRole('button', { name: 'Approve' }).count(), 0, 'the booking team does not decide leave');
  await syncNow(booking.page);

  // Approved by a team lead on another desk.
  const lead = await desk('lead', '/clinics/leave');
  const request = lead.page.locator(`[data-testid="leave-request"][data-request-id="${requestId}"]`);
  await request.getByRole('button', { name: 'Approve' }).click();
  await lead.page.locator(`[data-testid="leave-request"][data-request-id="${requestId}"][data-status="approved"]`).waitFor();
  const leave = lead.page.locator(`[data-testid="leave"][data-leave-id="${requestId}"]`);
  await leave.waitFor();
  assert.match(await leave.getByTestId('leave-message').textContent(), /short notice|notice/i);
  const link = leave.locator(`li[data-session-id="${session.id}"]`).getByRole('link', { name: 'Cancel or reduce' });
  await link.waitFor();
  // The cancel-or-reduce flow starts from it, with the leave's reason.
  await link.click();
  await lead.page.waitForURL(new RegExp(`/clinics/sessions/${session.id}`));
  assert.equal(await lead.page.getByLabel('Reason').inputValue(), 'Study leave: Urology conference');

  // On the server: the consultant's record carries the leave (so bookings into their clinics that day are refused).
  await syncNow(lead.page);
  const after = await pullAll(fixture.server.url);
  const consultant = after.find((r) => r.kind === 'consultant' && r.id === session.consultant_id);
  assert.ok(consultant.leave.some((l) => l.id === requestId && l.from === session.date), JSON.stringify(consultant.leave));
  const stored = after.find((r) => r.kind === 'leave_request' && r.id === requestId);
  assert.equal(stored.status, 'approved');
  // A booking into the consultant's clinic that day, from any desk, is refused for the leave.
  const pathway = after.find((r) => r.kind === 'pathway' && r.specialty_id === session.specialty_id);
  const { cookie, csrf } = await apiSession(fixture.server.url, 'booking');
  const book = { type: 'book_appointment', appointment_id: `appt-${randomUUID()}`, pathway_id: pathway.id, session_id: session.id,
    slot_id: session.slots[0].id, offered_on: today, consultant_id: session.consultant_id };
  const res = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands: [{ id: randomUUID(), seq: 1, issued_on: today, author: 'x', command: book }] }),
  });
  const [result] = (await res.json()).results;
  assert.equal(result.outcome, 'rejected');
  assert.match(result.rejection.message, /is on leave \(Study leave: Urology conference\)/);

  // A second request, declined: the reason is needed, then kept.
  await booking.page.reload();
  await booking.page.waitForSelector('body[data-app-ready="true"]');
  const again = booking.page.getByTestId('leave-request-form');
  await again.locator('#request-consultant').selectOption(session.consultant_id);
  await fillDate(again, 'request-from', addDays(today, 90));
  await again.getByTestId('request-notice').getByText(/within the 6 weeks' notice rule/).waitFor();
  await fillDate(again, 'request-to', addDays(today, 94));
  await again.getByRole('button', { name: 'Ask for leave' }).click();
  await booking.page.getByText(/asked for\. Saved on this device/).waitFor();
  await syncNow(booking.page);
  await syncNow(lead.page);
  await lead.page.goto(`${fixture.server.url}/clinics/leave`);
  const second = lead.page.locator('[data-testid="leave-request"][data-status="requested"]')
    .filter({ hasText: `${ukDate(addDays(today, 90))} to ${ukDate(addDays(today, 94))}` });
  await second.waitFor();
  const secondId = await second.getAttribute('data-request-id');
  await second.getByRole('button', { name: 'Decline' }).click();
  await second.getByRole('alert').getByText(/reason for declining/).waitFor();
  await second.getByLabel('Reason, if declining').fill('Two consultants already away that week');
  await second.getByRole('button', { name: 'Decline' }).click();
  const declined = lead.page.locator(`[data-testid="leave-request"][data-request-id="${secondId}"][data-status="declined"]`);
  await declined.getByText(/Two consultants already away that week/).waitFor();
  await booking.context.close();
  await lead.context.close();
});

test("a team member's leave shows who is in today and their work to cover; a teaching session goes in a consultant's week and comes out again", async () => {
  const records = await pullAll(fixture.server.url);
  const open = new Map();
  for (const t of records.filter((r) => r.kind === 'task' && r.status === 'open')) open.set(t.assignee, (open.get(t.assignee) ?? 0) + 1);
  const lead = await desk('lead', '/tasks/team');
  const rows = lead.page.getByTestId('who-is-in');
  await rows.first().waitFor();
  const people = await rows.evaluateAll((els) => els.map((el) => el.dataset.person));
  const person = people.find((p) => (open.get(p) ?? 0) > 0);
  assert.ok(person, `someone in the team has open work: ${people.join(', ')}`);

  await lead.page.getByText("Record a team member's leave").click();
  const form = lead.page.getByTestId('staff-leave-form');
  await form.locator('#staff-leave-person').selectOption(person);
  await fillDate(form, 'staff-leave-to', addDays(today, 2));
  await form.getByRole('button', { name: 'Record the leave' }).click();
  await lead.page.getByText(`${person}'s leave from`).waitFor();
  const row = lead.page.locator(`[data-testid="who-is-in"][data-person="${person}"][data-away="true"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('who-is-in-cover').textContent(), `${open.get(person)} open task${open.get(person) === 1 ? '' : 's'} to cover`);
  await lead.page.reload();
  await lead.page.waitForSelector('body[data-app-ready="true"]');
  await row.waitFor();

  // The diary beyond clinics: a teaching session in a consultant's week.
  const consultant = records.find((r) => r.kind === 'consultant');
  const monday = (() => { const d = new Date(`${today}T00:00:00Z`); d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); return d.toISOString().slice(0, 10); })();
  await lead.page.goto(`${fixture.server.url}/clinics?by=consultant&id=${consultant.id}&week=${monday}`);
  await lead.page.waitForSelector('body[data-app-ready="true"]');
  await lead.page.getByText('Add a meeting, admin or teaching session').click();
  const item = lead.page.getByTestId('diary-item-form');
  await item.locator('#item-kind').selectOption('teaching');
  await item.getByLabel('What it is').fill('Foundation doctors teaching');
  await fillDate(item, 'item-date', addDays(monday, 2));
  await item.getByLabel(/^Starts/).fill('13:00');
  await item.getByLabel('Ends').fill('12:00');
  await item.getByRole('button', { name: 'Add to the diary' }).click();
  await lead.page.locator('#item-end-error').getByText(/end time is not after the start/).waitFor();
  await item.getByLabel('Ends').fill('14:00');
  await item.getByRole('button', { name: 'Add to the diary' }).click();
  const added = lead.page.getByTestId('diary-item').filter({ hasText: 'Teaching: Foundation doctors teaching' });
  await added.waitFor();
  assert.match(await added.textContent(), /13:00–14:00/);
  await syncNow(lead.page);
  let after = await pullAll(fixture.server.url);
  const saved = after.find((r) => r.kind === 'diary_item' && r.title === 'Foundation doctors teaching');
  assert.equal(saved.consultant_id, consultant.id);
  await added.getByRole('button', { name: /^Take out: Foundation doctors teaching/ }).click();
  await added.waitFor({ state: 'detached' });
  await syncNow(lead.page);
  after = await pullAll(fixture.server.url);
  assert.equal(after.find((r) => r.kind === 'diary_item' && r.id === saved.id).cancelled, true);
  const staff = after.find((r) => r.kind === 'staff_leave' && r.person === person);
  assert.deepEqual([staff.from, staff.to], [today, addDays(today, 2)]);
  await lead.context.close();
});
