// Reports end to end, each counted by hand from the server's records and checked on screen and in its CSV for
// Excel: waiting for review (follow-ups past the date the clinic asked for them by, not yet booked), clinic use and
// vacancies, did-not-attend rates, appointments cancelled by the hospital, and the validation of the PTL (against
// the PTL's own export).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serverAndBrowser, openPage, waitForSynced, pullAll, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const todayIso = () => new Date().toISOString().slice(0, 10);
/** The report's first period: the four weeks before this one to three weeks after, Monday to Sunday. */
function defaultPeriod() {
  const today = Date.parse(`${todayIso()}T00:00:00Z`);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  return { first: iso(monday - 28 * DAY), last: iso(monday + 27 * DAY) };
}
const inPeriod = (period, date) => date >= period.first && date <= period.last;
const weekOf = (date) => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return iso(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY);
};
const holdsPlace = (a) => ['booked', 'arrived', 'seen', 'did_not_attend'].includes(a.status);
/** A table's rows as { key: data attribute, cells: the numbers in its td cells }. */
async function tableRows(page, testid, key) {
  return page.getByTestId(testid).evaluateAll((rows, key) => rows.map((row) => ({
    key: key.map((k) => row.dataset[k]).join('|'),
    cells: [...row.querySelectorAll('td.table__numeric')].map((td) => td.textContent.trim()),
  })), key);
}
async function downloadCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export to CSV' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  return { name: download.suggestedFilename(), lines: text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0) };
}
/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { cells.push(cell); cell = ''; }
    else cell += c;
  }
  cells.push(cell);
  return cells;
}
/** Until the report shows `count` rows of `testid` (it is drawn again once the desk has everything). */
async function rowsShown(page, testid, count) {
  await page.waitForFunction(([testid, count]) => document.querySelectorAll(`[data-testid="${testid}"]`).length === count, [testid, count]);
}
const pct = (part, whole) => (whole === 0 ? '–' : `${(Math.round((part * 1000) / whole) / 10).toFixed(1)}%`);

test('waiting for review matches a hand count of the overdue follow-ups, on screen and in the CSV', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const daysSince = (iso) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
  const records = await pullAll(fixture.server.url);
  const bands = [[1, 14], [15, 42], [43, 84], [85, Infinity]];
  const counted = new Map();
  for (const p of records.filter((r) => r.kind === 'pathway' && r.follow_up_due)) {
    const overdue = daysSince(p.follow_up_due);
    const band = bands.findIndex(([first, last]) => overdue >= first && overdue <= last);
    if (band < 0) continue;
    const counts = counted.get(p.consultant_id) ?? [0, 0, 0, 0];
    counts[band] += 1;
    counted.set(p.consultant_id, counts);
  }
  assert.ok(counted.size > 0, 'the demo has overdue follow-ups');

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/reports`, { user: 'lead' });
  await waitForSynced(page);
  await page.getByTestId('review-all').waitFor();
  const shown = await page.getByTestId('review-row').evaluateAll((rows) => rows.map((row) =>
    [row.dataset.consultantId, [...row.querySelectorAll('td')].map((td) => Number(td.textContent))]));
  assert.deepEqual(new Map(shown.map(([id, cells]) => [id, cells.slice(0, 4)])), counted);
  for (const [, cells] of shown) assert.equal(cells[4], cells.slice(0, 4).reduce((a, b) => a + b, 0), 'the total adds up');
  const all = [0, 1, 2, 3].map((i) => [...counted.values()].reduce((sum, counts) => sum + counts[i], 0));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export to CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `waiting-for-review-${today}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'Consultant,Overdue up to 2 weeks,Overdue 2 to 6 weeks,Overdue 6 to 12 weeks,Overdue over 12 weeks,Total');
  assert.equal(lines.at(-2), `All consultants,${all.join(',')},${all.reduce((a, b) => a + b, 0)}`);
  await context.close();
});

test('clinic use and vacancies match a hand count by clinic and week; another period is chosen by typed dates', async () => {
  const records = await pullAll(fixture.server.url);
  const period = defaultPeriod();
  const sessions = records.filter((r) => r.kind === 'clinic_session' && inPeriod(period, r.date));
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const counted = new Map();
  const row = (s) => {
    const key = `${weekOf(s.date)}|${s.name}`;
    if (!counted.has(key)) counted.set(key, { held: 0, cancelled: 0, places: 0, booked: 0, dna: 0, byPatient: 0, byHospital: 0 });
    return counted.get(key);
  };
  for (const s of sessions) {
    const r = row(s);
    if (s.status.state === 'cancelled') r.cancelled += 1;
    else { r.held += 1; r.places += s.slots.reduce((sum, slot) => sum + slot.capacity, 0); }
  }
  for (const a of records.filter((r) => r.kind === 'appointment' && byId.has(r.session_id))) {
    const r = row(byId.get(a.session_id));
    if (a.status === 'cancelled_by_patient') r.byPatient += 1;
    else if (a.status === 'cancelled_by_hospital') r.byHospital += 1;
    else {
      if (a.slot_id !== 'extra') r.booked += 1;
      if (a.status === 'did_not_attend') r.dna += 1;
    }
  }
  const expected = new Map([...counted].map(([key, r]) => [key, [r.held, r.cancelled, r.places, r.booked, r.places - r.booked,
    pct(Math.min(r.booked, r.places), r.places), r.dna, r.byPatient, r.byHospital].map(String)]));
  assert.ok([...counted.values()].some((r) => r.byHospital > 0), 'the demo has hospital cancellations in the period');

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/reports`, { user: 'lead' });
  await waitForSynced(page);
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Clinic use and vacancies' }).click();
  await rowsShown(page, 'clinic-use-row', counted.size);
  assert.equal(new URL(page.url()).searchParams.get('from'), period.first);
  const shown = await tableRows(page, 'clinic-use-row', ['week', 'clinic']);
  assert.deepEqual(new Map(shown.map((r) => [r.key, r.cells])), expected);
  const csv = await downloadCsv(page);
  assert.equal(csv.name, `clinic-use-${period.first}-to-${period.last}.csv`);
  assert.equal(csv.lines[0], 'Week commencing,Clinic,Clinics held,Clinics cancelled,Places,Booked,Free,Booked %,Did not attend,Cancelled by patient,Cancelled by hospital');
  assert.equal(csv.lines.length, 2 + counted.size, 'a heading, a row per clinic and week, and the total');
  const total = [...counted.values()].reduce((t, r) => t + r.places, 0);
  assert.equal(csv.lines.at(-1).split(',')[4], String(total), 'the total of the places');

  // A mistake in the dates is said at the field and in the summary; the report stays as it was.
  await fillDate(page, 'report-to', '2026-02-30');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.locator('.error-summary').getByRole('link').first().waitFor();
  assert.match(await page.locator('#report-to-error').textContent(), /real date|day/i);
  // One week only: this week.
  const monday = weekOf(todayIso());
  const sunday = iso(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY);
  await fillDate(page, 'report-from', monday);
  await fillDate(page, 'report-to', sunday);
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.waitForURL((url) => url.searchParams.get('from') === monday && url.searchParams.get('to') === sunday);
  await page.waitForFunction((monday) => [...document.querySelectorAll('[data-testid="clinic-use-row"]')].every((r) => r.dataset.week === monday), monday);
  const week = await tableRows(page, 'clinic-use-row', ['week', 'clinic']);
  assert.deepEqual(new Map(week.map((r) => [r.key, r.cells])), new Map([...expected].filter(([key]) => key.startsWith(`${monday}|`))));
  // Kept in the address: a reload shows the same week.
  await page.reload();
  await page.getByTestId('clinic-use-all').waitFor();
  assert.equal(await page.getByTestId('clinic-use-row').count(), week.length);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('did-not-attend rates match a hand count by clinic, first and follow-up', async () => {
  const records = await pullAll(fixture.server.url);
  const period = defaultPeriod();
  const today = todayIso();
  const names = new Map(records.filter((r) => r.kind === 'clinic_session').map((s) => [s.id, s.name]));
  const counted = new Map();
  for (const a of records.filter((r) => r.kind === 'appointment' && inPeriod(period, r.date) && r.date <= today)) {
    const attended = ['arrived', 'seen'].includes(a.status);
    if (!attended && a.status !== 'did_not_attend') continue;
    if (a.slot_type === 'procedure') continue;
    const name = names.get(a.session_id);
    if (!counted.has(name)) counted.set(name, { new: [0, 0], follow_up: [0, 0] });
    counted.get(name)[a.slot_type][attended ? 0 : 1] += 1;
  }
  const cells = ([seen, dna]) => [seen + dna, dna, pct(dna, seen + dna)].map(String);
  const expected = new Map([...counted].map(([name, r]) => [name, [...cells(r.new), ...cells(r.follow_up),
    ...cells([r.new[0] + r.follow_up[0], r.new[1] + r.follow_up[1]])]]));
  assert.ok([...counted.values()].some((r) => r.new[1] + r.follow_up[1] > 0), 'the demo has did-not-attends');

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/reports?report=did-not-attend`, { user: 'lead' });
  await waitForSynced(page);
  await rowsShown(page, 'dna-row', counted.size);
  const shown = await tableRows(page, 'dna-row', ['clinic']);
  assert.deepEqual(new Map(shown.map((r) => [r.key, r.cells])), expected);
  const rates = shown.map((r) => Number.parseFloat(r.cells[8]));
  assert.deepEqual(rates, [...rates].sort((a, b) => b - a), 'the highest rate first');
  const csv = await downloadCsv(page);
  assert.equal(csv.name, `did-not-attend-${period.first}-to-${period.last}.csv`);
  assert.equal(csv.lines.length, 2 + counted.size);
  const all = [...counted.values()].reduce((t, r) => [t[0] + r.new[0] + r.follow_up[0], t[1] + r.new[1] + r.follow_up[1]], [0, 0]);
  assert.deepEqual(csv.lines.at(-1).split(',').slice(7), [String(all[0] + all[1]), String(all[1]), (Math.round((all[1] * 1000) / (all[0] + all[1])) / 10).toFixed(1)]);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('hospital cancellations by reason and the referrals cancelled twice match a hand count, with the patients named', async () => {
  const records = await pullAll(fixture.server.url);
  const period = defaultPeriod();
  const cancelled = records.filter((r) => r.kind === 'appointment' && r.status === 'cancelled_by_hospital');
  const inIt = cancelled.filter((a) => inPeriod(period, a.date));
  const byReason = new Map();
  for (const a of inIt) {
    const reason = a.cancelled?.reason?.trim() || 'Reason not recorded';
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const byPathway = new Map();
  for (const a of cancelled) byPathway.set(a.pathway_id, [...(byPathway.get(a.pathway_id) ?? []), a]);
  const twice = [...byPathway].filter(([, list]) => list.length >= 2 && list.some((a) => inPeriod(period, a.date))).map(([id]) => id);
  assert.ok(inIt.length > 0 && twice.length > 0, 'the demo has hospital cancellations, some twice');

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/reports?report=cancellations`, { user: 'lead' });
  await waitForSynced(page);
  await rowsShown(page, 'cancelled-again-row', twice.length);
  await rowsShown(page, 'cancellation-reason', byReason.size);
  const reasons = await page.getByTestId('cancellation-reason').evaluateAll((rows) => rows.map((row) =>
    [row.querySelector('th').textContent, Number(row.querySelector('td').textContent)]));
  assert.deepEqual(new Map(reasons), byReason);
  assert.equal(Number(await page.getByTestId('cancellations-all').locator('td').textContent()), inIt.length);
  const again = await page.getByTestId('cancelled-again-row').evaluateAll((rows) => rows.map((row) => row.dataset.pathwayId));
  assert.deepEqual([...again].sort(), [...twice].sort());
  // Each patient named with their NHS number and date of birth.
  const first = records.find((r) => r.kind === 'pathway' && r.id === again[0]);
  const patient = records.find((r) => r.kind === 'patient' && r.id === first.patient_id);
  const row = page.locator(`[data-testid="cancelled-again-row"][data-pathway-id="${again[0]}"]`);
  assert.match(await row.textContent(), new RegExp(patient.family_name, 'i'));
  assert.ok((await row.textContent()).includes(`${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`));
  assert.equal(await row.locator('li').count(), byPathway.get(again[0]).length, 'each cancelled appointment listed');
  const csv = await downloadCsv(page);
  assert.equal(csv.name, `cancelled-by-the-hospital-${period.first}-to-${period.last}.csv`);
  assert.equal(csv.lines.length, 1 + inIt.length, 'a row per cancelled appointment');
  assert.equal(csv.lines[0], 'Appointment date,Clinic,Patient,NHS number,Date of birth,Cancelled on,Reason,Times the hospital cancelled this referral');
  await row.getByRole('link').click();
  await page.waitForURL(`**/patients/${patient.id}`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the validation of the PTL agrees with the PTL export, by consultant, and links to each worklist', async () => {
  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/pathways`, { user: 'lead' });
  await waitForSynced(page);
  const ptl = await downloadCsv(page);
  const header = ptl.lines[0].split(',');
  const column = (name) => header.indexOf(name);
  const counted = new Map();
  for (const line of ptl.lines.slice(1)) {
    const cells = csvCells(line);
    if (cells[column('RTT clock')] !== 'Running' || Number(cells[column('Weeks waited')]) < 12) continue;
    const name = cells[column('Consultant')];
    const [waiting, validated] = counted.get(name) ?? [0, 0];
    counted.set(name, [waiting + 1, validated + (cells[column('Validated within 12 weeks')] === 'Yes' ? 1 : 0)]);
  }
  assert.ok([...counted.values()].some(([, validated]) => validated > 0), 'the demo has validated long waiters');

  await page.goto(`${fixture.server.url}/reports?report=validation`);
  await rowsShown(page, 'validation-status-row', counted.size);
  const shown = await page.getByTestId('validation-status-row').evaluateAll((rows) => rows.map((row) =>
    [row.querySelector('th').textContent, [...row.querySelectorAll('td')].map((td) => td.textContent.trim())]));
  assert.deepEqual(new Map(shown.map(([name, cells]) => [name, cells.slice(0, 4)])),
    new Map([...counted].map(([name, [waiting, validated]]) => [name, [String(waiting), String(validated), String(waiting - validated), pct(validated, waiting)]])));
  const shares = shown.map(([, cells]) => Number.parseFloat(cells[3]));
  assert.deepEqual(shares, [...shares].sort((a, b) => a - b), 'the lowest share validated first');
  const csv = await downloadCsv(page);
  assert.equal(csv.lines[0], 'Consultant,Waiting 12 weeks or more,Validated in the last 12 weeks,Not validated in the last 12 weeks,Validated %,Validation due now');
  // The due count opens that consultant's worklist with as many rows.
  const [name, cells] = shown.find(([, c]) => Number(c[4]) > 0);
  await page.getByRole('link', { name: `${cells[4]} due: ${name}'s validation worklist` }).click();
  await page.waitForURL(/\/validation\?consultant=/);
  await page.locator('[data-testid="validation-row"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="validation-row"]').count(), Math.min(100, Number(cells[4])), 'the worklist shows 100 at a time');
  assert.deepEqual(page.problems, []);
  await context.close();
});
