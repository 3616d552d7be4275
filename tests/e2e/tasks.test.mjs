// Tasks and letters end to end: the letter task made by an attendance (due over a bank holiday), a patient query
// logged offline, a letter through its steps changing the turnaround figure, and two offline edits of one task
// merging field by field (the later write wins, the other stays visible in the history).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serverAndBrowser, openPage, waitForSynced, waitForServiceWorker, syncStatus, pullAll, apiSession, acceptChangesUpToAYearOld, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

/// The signed-in person's name, as the header shows it (it signs their changes).
const signedInName = (page) => page.locator('[data-testid="signed-in-name"]').innerText();

/// A desk signed in as one of the demo users.
async function desk(user, path = '/tasks') {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}${path}`, { user });
  await waitForSynced(page);
  return { context, page, name: await signedInName(page) };
}

/// Push as the team lead from a device of its own (the server signs the changes with the lead's name).
async function push(commands) {
  const { cookie, csrf } = await apiSession(fixture.server.url, 'lead');
  const res = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands }),
  });
  assert.ok(res.ok, `push failed: ${res.status}`);
  return (await res.json());
}

async function syncNow(page) {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
}

async function openTask(page, id) {
  await page.goto(`${fixture.server.url}/tasks/${id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator('[data-testid="task-title"]').waitFor();
}

test('a phone query logged offline survives a reload and reaches a second desk', async () => {
  const first = await desk('secretary');
  await waitForServiceWorker(first.page);
  await fixture.server.stop();
  try {
    await first.page.goto(`${fixture.server.url}/tasks`);
    await first.page.waitForSelector('body[data-app-ready="true"]');
    await first.page.getByText('Log a patient query').click();
    await first.page.getByLabel('Phone', { exact: true }).check();
    await first.page.getByLabel('Who').fill('Mrs Ada Lovell (daughter)');
    await first.page.getByLabel('About what').fill('hospital transport');
    await first.page.getByRole('button', { name: 'Log query' }).click();
    await first.page.getByText('Logged: Call back Mrs Ada Lovell (daughter) about hospital transport').waitFor();
    assert.equal(await syncStatus(first.page).getAttribute('data-pending'), '1');
    // A fresh load of the page, offline, searching for it from the address.
    await first.page.goto(`${fixture.server.url}/tasks?q=lovell`);
    await first.page.waitForSelector('body[data-app-ready="true"]');
    await first.page.locator('[data-testid="task"]', { hasText: 'Call back Mrs Ada Lovell (daughter) about hospital transport' }).waitFor();
  } finally {
    await fixture.server.start();
  }
  await syncNow(first.page);
  const second = await desk('lead');
  // Found by the search, kept in the address.
  await second.page.goto(`${fixture.server.url}/tasks?q=lovell`);
  await second.page.waitForSelector('body[data-app-ready="true"]');
  const row = second.page.locator('[data-testid="task"]', { hasText: 'Call back Mrs Ada Lovell (daughter) about hospital transport' });
  await row.waitFor();
  assert.match(await row.textContent(), /Patient query/);
  assert.ok((await row.textContent()).includes(first.name), 'signed with the secretary\'s name');
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.query?.who === 'Mrs Ada Lovell (daughter)');
  assert.equal(onServer.query.channel, 'phone');
  for (const d of [first, second]) await d.context.close();
});

test('two offline edits of one task: different fields both kept, the later due date wins, the other is in the history', async () => {
  // A task both may see: the secretary works in the first specialty only.
  const tasks = (await pullAll(fixture.server.url, 'secretary')).filter((r) => r.kind === 'task' && r.status === 'open');
  const task = tasks.find((r) => r.task_kind === 'chaser') ?? tasks[0];
  const patel = await desk('secretary');
  const khan = await desk('lead');
  for (const d of [patel, khan]) await openTask(d.page, task.id);

  await fixture.server.stop();
  try {
    await fillDate(patel.page, 'task-due-input', '2027-01-11');
    // Chosen from the people who work in the task's service: nobody can be typed in.
    await patel.page.getByLabel('Assigned to').selectOption('R. Hughes (Urology)');
    await patel.page.getByRole('button', { name: 'Save changes' }).click();
    await patel.page.locator('[data-testid="task-assignee"]', { hasText: 'R. Hughes (Urology)' }).waitFor();
    await new Promise((r) => setTimeout(r, 20));
    await fillDate(khan.page, 'task-due-input', '2027-01-13');
    await khan.page.getByLabel('Title').fill('Chase the MRI report with radiology');
    await khan.page.getByRole('button', { name: 'Save changes' }).click();
    await khan.page.locator('[data-testid="task-due"]', { hasText: '13 Jan 2027' }).waitFor();
  } finally {
    await fixture.server.start();
  }
  // The later edit reaches the server first; the earlier one still keeps its other field.
  await syncNow(khan.page);
  await syncNow(patel.page);
  assert.equal(await syncStatus(patel.page).getAttribute('data-problems'), '0');
  await syncNow(khan.page);

  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === task.id);
  assert.equal(onServer.assignee, 'R. Hughes (Urology)');
  assert.equal(onServer.title, 'Chase the MRI report with radiology');
  assert.equal(onServer.due, '2027-01-13');
  for (const d of [patel, khan]) {
    await openTask(d.page, task.id);
    await d.page.locator('[data-testid="task-due"]', { hasText: '13 Jan 2027' }).waitFor();
    await d.page.locator('[data-testid="task-history"]')
      .getByText(`Due date 11/01/2027 by ${patel.name} was replaced by 13/01/2027 by ${khan.name}`).waitFor();
    assert.equal(await d.page.locator('[data-testid="task-assignee"]').textContent(), 'R. Hughes (Urology)');
  }
  // The server answered S. Patel's desk "merged" (its due date gave way): that desk says so; J. Khan's does not.
  await patel.page.locator('[data-testid="task-merged"]').waitFor();
  assert.equal(await khan.page.locator('[data-testid="task-merged"]').count(), 0);
  for (const d of [patel, khan]) await d.context.close();
});

test('two desks complete one task offline, then both reopen it: nothing refused, both see the merged status and history', async () => {
  // A task both desks see: the secretary works in one service only.
  const task = (await pullAll(fixture.server.url, 'secretary')).filter((r) => r.kind === 'task' && r.status === 'open'
    && !r.id.startsWith('validation-')).at(-1);
  const patel = await desk('secretary');
  const khan = await desk('lead');
  const row = (d) => d.page.locator(`[data-testid="task"][data-task-id="${task.id}"]`);
  const offline = async (act) => {
    for (const d of [patel, khan]) {
      // Open and done tasks, found by the task's title.
      await d.page.goto(`${fixture.server.url}/tasks?show=all&q=${encodeURIComponent(task.title)}`);
      await d.page.waitForSelector('body[data-app-ready="true"]');
      await row(d).waitFor();
    }
    await fixture.server.stop();
    try {
      // The secretary acts first, the lead a moment later: the lead's stamp is the later one.
      await act(patel);
      await new Promise((r) => setTimeout(r, 20));
      await act(khan);
    } finally {
      await fixture.server.start();
    }
  };
  const historyOf = async (d) => {
    await openTask(d.page, task.id);
    return d.page.locator('[data-testid="task-history"]');
  };

  await offline(async (d) => {
    await row(d).getByRole('button', { name: 'Complete' }).click();
    await d.page.locator(`[data-testid="task"][data-task-id="${task.id}"][data-status="done"]`).waitFor();
  });
  // The later completion reaches the server first; the earlier one is merged, not refused.
  await syncNow(khan.page);
  await syncNow(patel.page);
  await syncNow(khan.page);
  for (const d of [patel, khan]) {
    assert.equal(await syncStatus(d.page).getAttribute('data-problems'), '0', 'nothing refused');
    const history = await historyOf(d);
    await d.page.locator('[data-testid="task-status"]', { hasText: 'Done' }).waitFor();
    await history.getByText(`Status done by ${patel.name} was set to the same again by ${khan.name}`).waitFor();
  }
  await patel.page.locator('[data-testid="task-merged"]').waitFor();
  let onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === task.id);
  assert.equal(onServer.status, 'done');
  assert.deepEqual(onServer.history.filter((h) => h.text === 'Completed').map((h) => h.author).sort(), [khan.name, patel.name].sort(),
    'both completions are recorded');

  await offline(async (d) => {
    await row(d).getByLabel('Reason for reopening').fill(`Patient rang again (${d === patel ? 'Patel' : 'Khan'})`);
    await row(d).getByRole('button', { name: 'Reopen' }).click();
    await d.page.locator(`[data-testid="task"][data-task-id="${task.id}"][data-status="open"]`).waitFor();
  });
  await syncNow(patel.page);
  await syncNow(khan.page);
  await syncNow(patel.page);
  for (const d of [patel, khan]) {
    assert.equal(await syncStatus(d.page).getAttribute('data-problems'), '0', 'nothing refused');
    const history = await historyOf(d);
    await d.page.locator('[data-testid="task-status"]', { hasText: 'Open' }).waitFor();
    await history.getByText(`Status open by ${patel.name} was set to the same again by ${khan.name}`).waitFor();
    await history.getByText('Reopened: Patient rang again (Patel)').waitFor();
    await history.getByText('Reopened: Patient rang again (Khan)').waitFor();
  }
  onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === task.id);
  assert.equal(onServer.status, 'open');
  for (const d of [patel, khan]) await d.context.close();
});

test('validation tasks come as pathways pass a milestone, not for every long waiter at start, and are shown on the task list', async () => {
  const records = await pullAll(fixture.server.url);
  const today = new Date().toISOString().slice(0, 10);
  const daysSince = (iso) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
  const tasks = records.filter((r) => r.kind === 'task');
  const made = tasks.filter((t) => t.id.startsWith('validation-'));
  assert.ok(made.length > 0, 'the demo has pathways passing a milestone this week');
  // Pathways with only a referral, no validation: the clock runs from the referral date. One passed 12 weeks in
  // the last week has its task; one that passed it earlier is on the worklist, with no task; none before 12 weeks.
  const waiting = records.filter((r) => r.kind === 'pathway' && !(r.validations?.length)
    && r.events.every((e) => e.type === 'referral_received' || e.type === 'triaged'));
  const tasksOf = (pathway) => tasks.filter((t) => t.id.startsWith(`validation-${pathway.id}-`)).map((t) => t.id);
  for (const pathway of waiting) {
    const days = daysSince(pathway.events[0].date);
    const expected = days >= 85 && days <= 92 ? [`validation-${pathway.id}-12w`] : days <= 182 ? [] : null;
    if (expected) assert.deepEqual(tasksOf(pathway), expected, `${pathway.id}, waiting ${days} days`);
  }
  assert.ok(waiting.some((p) => daysSince(p.events[0].date) > 92 && daysSince(p.events[0].date) <= 182), 'a backlog pathway was checked');
  const long = records.find((p) => p.kind === 'pathway' && made.some((t) => t.id === `validation-${p.id}-12w`))
    ?? records.find((p) => p.kind === 'pathway' && made.some((t) => t.id.startsWith(`validation-${p.id}-`)));
  const taskId = made.find((t) => t.id.startsWith(`validation-${long.id}-`)).id;
  const weeks = taskId.match(/-(\d+)w$/)[1];

  // Found by the patient's NHS number, as a co-ordinator would look for it; the row names the patient, not the
  // pathway's internal id.
  const patient = records.find((r) => r.kind === 'patient' && r.id === long.patient_id);
  const d = await desk('booking');
  await d.page.goto(`${fixture.server.url}/tasks?kind=pathway_validation&q=${patient.nhs_number}`);
  await d.page.waitForSelector('body[data-app-ready="true"]');
  const row = d.page.locator(`[data-testid="task"][data-task-id="${taskId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Pathway validation/);
  assert.match(await row.textContent(), /Booking team/);
  assert.match(await row.textContent(), new RegExp(`Validate RTT pathway: over ${weeks} weeks waiting`));
  assert.ok(!(await row.textContent()).includes(long.id), 'no internal pathway id');
  const named = await row.getByTestId('task-patient').textContent();
  assert.ok(named.includes(patient.family_name.toUpperCase()) || named.includes(patient.family_name), named);
  assert.match(named.replace(/\s/g, ''), new RegExp(patient.nhs_number));
  await d.context.close();
});

// Working days after a date, counted here on their own (England and Wales: the summer bank holiday 2026).
const BANK_HOLIDAYS = new Set(['2026-08-31', '2026-12-25', '2026-12-28']);
function addWorkingDays(iso, n) {
  const day = new Date(`${iso}T12:00:00Z`);
  let counted = 0;
  while (counted < n) {
    day.setUTCDate(day.getUTCDate() + 1);
    const text = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !BANK_HOLIDAYS.has(text)) counted++;
  }
  return day.toISOString().slice(0, 10);
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ukDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

test('a query logged on a patient page shows there and in the team list with the patient named', async () => {
  // A patient of the secretary's services.
  const patient = (await pullAll(fixture.server.url, 'secretary')).find((r) => r.kind === 'patient');
  const secretary = await desk('secretary', `/patients/${patient.id}`);
  const page = secretary.page;
  await page.getByText('Log a query from this patient').click();
  await page.getByLabel('Email', { exact: true }).check();
  await page.getByLabel('Who').fill('Their son');
  await page.getByLabel('About what').fill('a copy of the clinic letter');
  await page.getByRole('button', { name: 'Log query' }).click();
  const title = 'Reply Their son about a copy of the clinic letter';
  await page.getByText(`Logged: ${title}`).waitFor();
  const mine = page.locator('[data-testid="patient-task"]', { hasText: title });
  await mine.waitFor();
  assert.match(await mine.textContent(), /Patient query, due \d{1,2} \w{3} \d{4}/);
  await syncNow(page);
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.title === title);
  assert.equal(onServer.patient_id, patient.id, 'the query is about this patient');

  // The team lead's list names the patient: name, NHS number and date of birth.
  const lead = await desk('lead', '/tasks/team');
  await lead.page.locator('#filter-search').fill('copy of the clinic letter');
  const row = lead.page.locator('[data-testid="team-task"]', { hasText: title });
  await row.waitFor();
  const spaced = `${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`;
  const named = await row.getByTestId('team-task-patient').textContent();
  assert.ok(named.includes(patient.family_name.toUpperCase()), `${named} names ${patient.family_name}`);
  assert.ok(named.includes(`NHS ${spaced}`), `${named} has the NHS number`);
  assert.match(named, /born \d{1,2} \w{3} \d{4}$/);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(lead.page.problems, []);
  await secretary.context.close();
  await lead.context.close();
});

test('an attendance before the August bank holiday makes a letter due after it; its steps change the turnaround', async () => {
  // A patient waiting since before August, seen in a clinic in the week before the bank holiday (Mon 31 Aug 2026):
  // the clinic is made and booked on 3 Aug, and reception records the attendance on the day, each pushed as a
  // device dated then would (the server takes changes dated in the past).
  const records = await pullAll(fixture.server.url);
  const pathway = records.find((r) => r.kind === 'pathway'
    && r.events.every((e) => e.date <= '2026-08-01' && (e.type === 'referral_received' || e.type === 'triaged'))
    && records.some((t) => t.kind === 'clinic_template' && t.consultant_id === r.consultant_id));
  assert.ok(pathway, 'the demo trust has a patient waiting since before August');
  const template = records.find((t) => t.kind === 'clinic_template' && t.consultant_id === pathway.consultant_id);
  const clinic = ['2026-08-24', '2026-08-25', '2026-08-26', '2026-08-27', '2026-08-28']
    .find((iso) => WEEKDAYS[new Date(`${iso}T12:00:00Z`).getUTCDay()] === template.weekday);
  const due = addWorkingDays(clinic, 5);
  assert.ok(due > '2026-09-01', `the five working days from ${clinic} cross the bank holiday (${due})`);

  // Months ago: beyond the 14 days a desk may work offline unless the trust allows more.
  await acceptChangesUpToAYearOld(fixture.server.url);
  const made = await push([{ id: randomUUID(), seq: 1, issued_on: '2026-08-03', author: 'J. Booker',
    command: { type: 'generate_sessions', template_id: template.id, from: clinic, to: clinic } }]);
  assert.equal(made.results[0].outcome, 'applied', JSON.stringify(made));
  const session = (await pullAll(fixture.server.url))
    .find((r) => r.kind === 'clinic_session' && r.template_id === template.id && r.date === clinic);
  const appointment = { id: randomUUID(), pathway_id: pathway.id };
  const booked = await push([{ id: randomUUID(), seq: 1, issued_on: '2026-08-03', author: 'J. Booker',
    command: { type: 'book_appointment', appointment_id: appointment.id, pathway_id: pathway.id, session_id: session.id,
      slot_id: session.slots.find((s) => s.slot_type === 'new').id, offered_on: '2026-08-03' } }]);
  assert.equal(booked.results[0].outcome, 'applied', JSON.stringify(booked));
  const seen = await push([{ id: randomUUID(), seq: 1, issued_on: clinic, author: 'Reception desk',
    command: { type: 'record_seen', appointment_id: appointment.id, pathway_id: pathway.id } }]);
  assert.equal(seen.results[0].outcome, 'applied', JSON.stringify(seen));

  const letterId = `letter-${appointment.id}`;
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/tasks`);
  // The secretary works on the due date: the last day within the standard.
  await page.evaluate((day) => localStorage.setItem('pathdesk.today', day), due);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await waitForSynced(page);
  const name = await signedInName(page);
  // The letter, found by the patient's NHS number: the row names the patient.
  const patientOf = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient' && r.id === pathway.patient_id);
  await page.goto(`${fixture.server.url}/tasks?kind=clinic_letter&q=${patientOf.nhs_number}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const row = page.locator(`[data-testid="task"][data-task-id="${letterId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(ukDate(due)));
  assert.match(await row.getByTestId('task-patient').textContent(), /[A-Z'-]+, \S+.*NHS \d{3} \d{3} \d{4} · born \d{1,2} \w{3} \d{4}$/);
  assert.match(await row.textContent(), /Clinic letter/);
  const figure = page.locator('[data-testid="turnaround-all"]');
  assert.equal(await figure.textContent(), 'No letters sent yet; 1 not sent yet');

  await openTask(page, letterId);
  for (const step of ['Dictated', 'Typed', 'Checked']) {
    await page.locator('[data-testid="letter"]').getByRole('button', { name: step, exact: true }).click();
    await page.locator('[data-testid="letter-steps"] li', { hasText: `${step} by ${name} on ${ukDate(due)}` }).waitFor();
  }
  // Sent back for a correction, with the reason, then checked again and sent.
  await page.getByLabel('Reason for sending back').fill('Wrong dose in paragraph 2');
  await page.getByRole('button', { name: 'Send back to typed' }).click();
  await page.locator('[data-testid="letter-steps"] li', { hasText: `Back to typed by ${name} on ${ukDate(due)}: Wrong dose in paragraph 2` }).waitFor();
  for (const step of ['Checked', 'Sent']) {
    await page.locator('[data-testid="letter"]').getByRole('button', { name: step, exact: true }).click();
    await page.locator('[data-testid="letter-steps"] li', { hasText: `${step} by ${name} on ${ukDate(due)}` }).last().waitFor();
  }
  await page.locator('[data-testid="task-status"]', { hasText: 'Done' }).waitFor();

  await page.goto(`${fixture.server.url}/tasks`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator('[data-testid="turnaround-all"]', { hasText: /^100\.0% sent within 5 working days \(1 of 1\); median 5 working days$/ }).waitFor();
  // By consultant: the clinic's, by name (not an id), against the trust's standard as the column says.
  const turnaround = page.getByTestId('turnaround');
  await turnaround.locator('th', { hasText: /^Within 5 working days$/ }).waitFor();
  const held = records.find((r) => r.kind === 'consultant' && r.id === session.consultant_id);
  const theirs = turnaround.locator('tr', { has: page.locator('th', { hasText: `Consultant: ${held.name}` }) });
  await theirs.waitFor();
  assert.equal(await theirs.getByTestId('within-standard').textContent(), '100.0%');
  assert.doesNotMatch(await turnaround.textContent(), new RegExp(`Consultant: ${session.consultant_id}\\b`));
  await waitForSynced(page);
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === letterId);
  assert.equal(onServer.status, 'done');
  assert.deepEqual(onServer.letter.steps.map((s) => s.stage), ['dictated', 'typed', 'checked', 'typed', 'checked', 'sent']);
  await context.close();
});

test('the team lead covers leave and reassigns ticked tasks; workload per person follows', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/tasks/team`);
  await waitForSynced(page);
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const inTwoWeeks = new Date(`${today}T12:00:00Z`);
  inTwoWeeks.setUTCDate(inTwoWeeks.getUTCDate() + 14);
  const last = inTwoWeeks.toISOString().slice(0, 10);
  const open = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'task' && r.status === 'open');
  const dueDuring = (person) => open.filter((t) => t.assignee === person && t.due >= today && t.due <= last);
  const person = [...new Set(open.map((t) => t.assignee))].sort((a, b) => dueDuring(b).length - dueDuring(a).length)[0];
  const moving = dueDuring(person);
  assert.ok(moving.length > 0, 'someone has open work due in the next two weeks');
  const before = Number(await page.locator(`[data-testid="workload"][data-person="${person}"] [data-testid="workload-open"]`).textContent());
  assert.equal(before, open.filter((t) => t.assignee === person).length);

  // Work goes only to the trust's people and teams: the choice is a list of them, from the server, and nothing
  // else can be typed (a slip of the keyboard once made a person who did not exist own work).
  const directory = await (await fetch(`${fixture.server.url}/api/people`, { headers: { cookie: (await apiSession(fixture.server.url)).cookie } })).json();
  const offered = await page.getByLabel('Give it to').locator('option:not([disabled])').allTextContents();
  assert.deepEqual(offered, [...directory.teams, ...directory.people.map((p) => p.name)]);
  assert.ok(offered.includes('J. Okafor (Cardiology)') && !offered.includes('V. Viewer (Read-only)'));
  assert.equal(await page.getByLabel('Give it to').evaluate((el) => el.tagName), 'SELECT');
  await page.getByLabel('Whose work').selectOption(person);
  const cover = person === 'J. Okafor (Cardiology)' ? 'M. Walsh (Dermatology)' : 'J. Okafor (Cardiology)';
  const coverHad = open.filter((t) => t.assignee === cover).length;
  await page.getByLabel('Give it to').selectOption(cover);
  await page.getByRole('button', { name: `Reassign ${person}'s open work due during leave` }).click();
  const said = page.locator('[data-testid="leave-cover"] [role="status"], [data-testid="leave-cover"] [role="alert"]');
  await said.waitFor();
  assert.equal(await said.textContent(), `${moving.length} ${moving.length === 1 ? 'task' : 'tasks'} reassigned to ${cover}.`);
  await page.locator(`[data-testid="workload"][data-person="${cover}"] [data-testid="workload-open"]`, { hasText: String(coverHad + moving.length) }).waitFor();
  if (before > moving.length) {
    await page.locator(`[data-testid="workload"][data-person="${person}"] [data-testid="workload-open"]`, { hasText: String(before - moving.length) }).waitFor();
  } else {
    // All of their open work was due during the leave: they drop off the workload table.
    await page.locator(`[data-testid="workload"][data-person="${person}"]`).waitFor({ state: 'detached' });
  }
  // The list of people changed under the form: it still acts on whoever its select shows.
  const shown = await page.getByLabel('Whose work').inputValue();
  assert.notEqual(shown, '');
  await page.getByRole('button', { name: `Reassign ${shown}'s open work due during leave` }).waitFor();

  // Bulk: find one of the cover's tasks by searching its title, tick it, reassign it to a team.
  const one = moving[0];
  await page.locator('#filter-assignee').fill(cover);
  await page.locator('#filter-search').fill(one.title);
  const row = page.locator(`[data-testid="team-task"][data-task-id="${one.id}"]`);
  await row.getByRole('checkbox').check();
  await page.locator('#reassign-to').selectOption('Booking team');
  await page.getByRole('button', { name: 'Reassign ticked tasks' }).click();
  await page.getByText('1 task reassigned to Booking team.').waitFor();
  await waitForSynced(page);
  const onServer = await pullAll(fixture.server.url);
  const ids = new Set(moving.map((t) => t.id));
  const moved = onServer.filter((r) => r.kind === 'task' && ids.has(r.id));
  assert.equal(moved.length, moving.length);
  assert.ok(moved.filter((t) => t.id !== one.id).every((t) => t.assignee === cover), 'the rest went to the cover');
  assert.equal(moved.find((t) => t.id === one.id).assignee, 'Booking team');

  // The filters go by the names people know: a consultant chosen by name, a patient found by NHS number.
  const about = onServer.find((r) => r.kind === 'task' && r.status === 'open' && r.patient_id && r.consultant_id);
  assert.ok(about, 'an open task about a patient of a consultant');
  const consultant = onServer.find((r) => r.kind === 'consultant' && r.id === about.consultant_id);
  const patient = onServer.find((r) => r.kind === 'patient' && r.id === about.patient_id);
  await page.locator('#filter-assignee').fill('');
  await page.getByLabel('Consultant', { exact: true }).selectOption({ label: consultant.name });
  await page.locator('#filter-search').fill(patient.nhs_number);
  await page.locator(`[data-testid="team-task"][data-task-id="${about.id}"]`).waitFor();
  await page.locator('#filter-search').fill(patient.family_name.toLowerCase());
  await page.locator(`[data-testid="team-task"][data-task-id="${about.id}"]`).waitFor();
  await context.close();
});

test('a query logged on the tasks page is linked to the patient found by NHS number: it shows on their page', async () => {
  const records = await pullAll(fixture.server.url, 'secretary');
  // Not the first patient: the patient-page test above logs its query there.
  const patient = records.filter((r) => r.kind === 'patient')[3];
  const spaced = `${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`;
  const secretary = await desk('secretary', '/tasks');
  const page = secretary.page;
  await page.getByText('Log a patient query').click();
  await page.getByLabel('Patient (optional)').fill(spaced);
  const matches = page.getByTestId('query-patient-matches').getByRole('listitem');
  await matches.first().waitFor();
  assert.equal(await matches.count(), 1, 'an NHS number finds one patient');
  assert.match(await matches.first().textContent(), new RegExp(`NHS ${spaced} · born \\d{1,2} \\w{3} \\d{4}`));
  await matches.first().getByRole('button', { name: /^Choose / }).click();
  const linked = page.getByTestId('query-patient-linked');
  assert.ok((await linked.textContent()).includes(`NHS ${spaced}`));
  await page.getByLabel('Phone', { exact: true }).check();
  await page.getByLabel('Who').fill('The patient');
  await page.getByLabel('About what').fill('parking at the clinic');
  await page.getByRole('button', { name: 'Log query' }).click();
  const title = 'Call back The patient about parking at the clinic';
  await page.getByText(`Logged: ${title}`).waitFor();
  assert.equal(await page.getByTestId('query-patient-linked').count(), 0, 'the form is ready for the next call');
  await syncNow(page);
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.title === title);
  assert.equal(onServer.patient_id, patient.id, 'linked to the patient found');
  await page.goto(`${fixture.server.url}/patients/${patient.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator('[data-testid="patient-task"]', { hasText: title }).waitFor();
  // The task's own page names the patient (name, NHS number, date of birth) and links to them.
  await page.goto(`${fixture.server.url}/tasks/${onServer.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const banner = page.getByTestId('patient-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), new RegExp(`NHS ${spaced} · born \\d{1,2} \\w{3} \\d{4}`));
  assert.equal(await banner.getByRole('link').getAttribute('href'), `/patients/${patient.id}`);
  // And the task list's patient cell links to them.
  await page.goto(`${fixture.server.url}/tasks?q=${patient.nhs_number}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const cell = page.locator(`[data-testid="task"][data-task-id="${onServer.id}"] [data-testid="task-patient"]`);
  assert.equal(await cell.getByRole('link').getAttribute('href'), `/patients/${patient.id}`);
  assert.deepEqual(page.problems, []);
  await secretary.context.close();
});
