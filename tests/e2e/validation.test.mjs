// Validating the waiting list end to end: the worklist by milestone, a pathway validated from its task and worked
// one by one, a correction recorded with the validation, a removal with its RTT reason, and mistakes shown at the
// field with nothing lost. Each outcome survives a reload, reaches the server and shows on the PTL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

const today = new Date().toISOString().slice(0, 10);
const daysSince = (iso) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ukDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };

async function desk(user, path) {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}${path}`, { user });
  await waitForSynced(page);
  return { context, page };
}

async function go(page, path) {
  await page.goto(`${fixture.server.url}${path}`);
  await page.waitForSelector('body[data-app-ready="true"]');
}

async function syncNow(page) {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
}

/// Pathways whose clock runs from the referral alone (nothing else recorded), with no validation: due at the
/// milestone their wait has passed.
function onlyReferred(records) {
  return records.filter((r) => r.kind === 'pathway' && !(r.validations?.length)
    && r.events.every((e) => e.type === 'referral_received' || e.type === 'triaged'));
}

test('the worklist lists pathways by milestone; one validated from its task leaves the list, the task is done, and the PTL says validated', async () => {
  const records = await pullAll(fixture.server.url);
  const patients = new Map(records.filter((r) => r.kind === 'patient').map((p) => [p.id, p]));
  // A pathway whose task was made at start, as it passed a milestone this week, and one that passed 12 weeks
  // weeks ago (a long waiter when the trust started: on the worklist, with no task).
  const waiting = onlyReferred(records);
  const freshTask = records.find((t) => t.kind === 'task' && /^validation-.*-(12|26|52)w$/.test(t.id) && t.status === 'open');
  const milestone = Number(freshTask?.id.match(/-(\d+)w$/)[1]);
  const fresh = records.find((p) => p.kind === 'pathway' && freshTask && freshTask.id === `validation-${p.id}-${milestone}w`);
  const backlog = waiting.find((p) => daysSince(p.events[0].date) > 100 && daysSince(p.events[0].date) <= 182);
  const validated = records.find((r) => r.kind === 'pathway' && r.validations?.some((v) => daysSince(v.on) <= 84)
    && r.events.every((e) => e.type === 'referral_received' || e.type === 'triaged'));
  assert.ok(fresh && backlog && validated, 'the demo has a fresh 12-week task, a backlog pathway and a validated one');
  assert.ok(!records.some((t) => t.kind === 'task' && t.id.startsWith(`validation-${backlog.id}-`)), 'no task for the backlog');

  const d = await desk('booking', '/validation');
  const list = d.page.getByTestId('validation-list');
  await list.locator('[data-testid="validation-row"]').first().waitFor();
  const count = async (weeks) => Number(await d.page.locator(`[data-testid="validation-counts"] li[data-weeks="${weeks}"]`).getAttribute('data-count'));
  const twelve = await count(12);
  assert.ok(twelve > 0 && (await count(52)) >= 0);
  // The longest milestone first; the backlog pathway's clock start as the worklist's page shows it.
  const milestones = await list.locator('[data-testid="validation-row"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.weeks)));
  assert.deepEqual(milestones, [...milestones].sort((a, b) => b - a));
  // Filtered to the backlog pathway's consultant and the 12-week milestone: it is there; a validated one is not.
  await d.page.getByLabel('Consultant').selectOption(backlog.consultant_id);
  await d.page.getByLabel('Milestone').selectOption('12');
  await d.page.waitForURL(/consultant=.*weeks=12/);
  await list.locator(`[data-pathway-id="${backlog.id}"]`).waitFor();
  const shown = await list.locator('[data-testid="validation-row"]').evaluateAll((rows) => rows.map((r) => [r.dataset.consultantId, r.dataset.weeks]));
  assert.ok(shown.every(([consultant, weeks]) => consultant === backlog.consultant_id && weeks === '12'), JSON.stringify(shown));
  assert.equal(await d.page.locator(`[data-testid="validation-row"][data-pathway-id="${validated.id}"]`).count(), 0);

  // From the task: "Validate this pathway".
  const patient = patients.get(fresh.patient_id);
  await go(d.page, `/tasks/${freshTask.id}`);
  await d.page.getByTestId('task-validate').click();
  await d.page.waitForURL(new RegExp(`/validation/${fresh.id}$`));
  const banner = d.page.getByTestId('patient-banner');
  await banner.waitFor();
  assert.match((await banner.textContent()).replace(/\s/g, ''), new RegExp(patient.nhs_number));
  assert.equal(await d.page.getByTestId('validation-due').textContent(), `Over ${milestone} weeks`);
  await d.page.getByLabel('The clock is correct').check();
  await d.page.getByLabel('Note (optional)').fill('Referral letter date checked against e-RS');
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  await d.page.getByTestId('validation-saved').getByText('Validation recorded on this device: clock correct.').waitFor();
  // Worked one by one: the next pathway is offered.
  const next = await d.page.getByTestId('validation-next').getAttribute('href');
  assert.ok(next.startsWith('/validation/') && !next.endsWith(fresh.id), next);

  // Kept on this device through a reload: no longer due, and off the worklist.
  await d.page.reload();
  await d.page.waitForSelector('body[data-app-ready="true"]');
  await d.page.getByTestId('validation-last').getByText(ukDate(today)).waitFor();
  assert.equal(await d.page.getByTestId('validation-due').textContent(), 'Not due');
  await go(d.page, `/validation?consultant=${fresh.consultant_id}`);
  await list.locator('[data-testid="validation-row"]').first().waitFor();
  assert.equal(await list.locator(`[data-pathway-id="${fresh.id}"]`).count(), 0);

  // On the server: the validation with who did it, and the task done.
  await syncNow(d.page);
  const after = await pullAll(fixture.server.url);
  const onServer = after.find((r) => r.kind === 'pathway' && r.id === fresh.id);
  assert.equal(onServer.validations.length, 1);
  assert.equal(onServer.validations[0].outcome, 'clock_correct');
  assert.equal(onServer.validations[0].on, today);
  assert.ok(onServer.validations[0].weeks >= milestone, `validated at ${onServer.validations[0].weeks} weeks`);
  assert.match(onServer.validations[0].by, /\(Booking team\)|Booking/);
  assert.equal(onServer.events.length, fresh.events.length, 'the clock itself unchanged');
  const task = after.find((r) => r.kind === 'task' && r.id === freshTask.id);
  assert.equal(task.status, 'done');

  // The PTL on another desk says validated within 12 weeks, with the date.
  const lead = await desk('lead', '/pathways');
  await lead.page.locator('#ptl-search').fill(patient.nhs_number);
  const row = lead.page.locator(`[data-testid="ptl-row"][data-pathway-id="${fresh.id}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('ptl-validated').textContent(), `Yes, ${ukDate(today)}`);
  await lead.page.locator('#ptl-search').fill(patients.get(backlog.patient_id).nhs_number);
  const other = lead.page.locator(`[data-testid="ptl-row"][data-pathway-id="${backlog.id}"]`);
  await other.waitFor();
  assert.equal(await other.getByTestId('ptl-validated').textContent(), 'No');
  await lead.context.close();
  await d.context.close();
});

test('a removal stops the clock with its RTT reason and a correction records the missing event; mistakes are shown at the field', async () => {
  const records = await pullAll(fixture.server.url);
  const due = onlyReferred(records).filter((p) => daysSince(p.events[0].date) > 95);
  const [removed, corrected] = due.slice(-2);
  assert.ok(removed && corrected && removed.id !== corrected.id);
  const d = await desk('booking', `/validation/${removed.id}`);
  const form = d.page.getByTestId('validation-form');
  await form.waitFor();

  // Nothing chosen: said at the field and in the summary, the focus on the summary.
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  const summary = d.page.locator('.error-summary');
  await summary.getByText('Choose what you found.').waitFor();
  await form.locator('#validation-outcome-correct-error').getByText('Choose what you found.').waitFor();

  // Removal without a reason, then with a date before the referral: each refused at its field, the note kept.
  await d.page.getByLabel('Remove from the waiting list').check();
  await d.page.getByLabel('Note (optional)').fill('Patient rang: has decided against surgery');
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  await form.locator('#validation-reason-error').getByText('Choose why the patient comes off the waiting list.').waitFor();
  await d.page.getByLabel('Why the patient comes off the list (RTT status)').selectOption('patient_declined');
  const before = new Date(Date.parse(`${removed.events.at(-1).date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await fillDate(d.page, 'validation-stopped-on', before);
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  await form.locator('#validation-stopped-on-error').waitFor();
  assert.match(await form.locator('#validation-stopped-on-error').textContent(), /before|earlier/i);
  assert.equal(await d.page.getByLabel('Note (optional)').inputValue(), 'Patient rang: has decided against surgery');
  const stoppedOn = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  await fillDate(d.page, 'validation-stopped-on', stoppedOn);
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  await d.page.getByTestId('validation-saved').getByText('removed from the waiting list').waitFor();
  await d.page.getByTestId('validation-clock-state').getByText(`Stopped on ${ukDate(stoppedOn)}`).waitFor();

  // The correction: an attendance nobody recorded, with the validation, in one step.
  await go(d.page, `/validation/${corrected.id}`);
  await form.waitFor();
  await d.page.getByLabel('The clock needs correcting').check();
  await d.page.getByTestId('validation-correction').waitFor();
  await d.page.getByLabel('What happened').selectOption('outpatient_attended');
  const attended = new Date(Date.parse(`${today}T00:00:00Z`) - 10 * 86_400_000).toISOString().slice(0, 10);
  await fillDate(d.page, 'event-date', attended);
  await d.page.getByLabel('First appointment?').selectOption('yes');
  await d.page.getByRole('button', { name: 'Record the validation' }).click();
  await d.page.getByTestId('validation-saved').getByText('corrected').waitFor();
  await d.page.getByTestId('validation-events').locator('[data-type="outpatient_attended"]').waitFor();

  // Both survive a reload and reach the server.
  await d.page.reload();
  await d.page.waitForSelector('body[data-app-ready="true"]');
  await d.page.getByTestId('validation-history').getByText('corrected').waitFor();
  await syncNow(d.page);
  const after = await pullAll(fixture.server.url);
  const gone = after.find((r) => r.kind === 'pathway' && r.id === removed.id);
  assert.deepEqual(gone.events.at(-1), { date: stoppedOn, type: 'patient_declines_all_treatment', communicated: true });
  assert.equal(gone.validations[0].outcome, 'removed');
  assert.equal(gone.validations[0].removal, 'patient_declined');
  assert.equal(gone.validations[0].note, 'Patient rang: has decided against surgery');
  assert.equal(gone.validations[0].weeks, undefined, 'no weeks: the clock stopped');
  const fixed = after.find((r) => r.kind === 'pathway' && r.id === corrected.id);
  assert.deepEqual(fixed.events.at(-1), { date: attended, type: 'outpatient_attended', first: true });
  assert.equal(fixed.validations[0].outcome, 'corrected');
  // The pathway page shows the clock stopped with status 35.
  await go(d.page, `/pathways/${removed.id}`);
  assert.equal(await d.page.getByTestId('rtt-status').getAttribute('data-code'), '35');
  await d.context.close();
});
