// Pathways end to end: events recorded on a pathway with the server unreachable change its clocks at once,
// survive a reload and sync later; events that cannot be true are refused with the reason, keeping the form;
// the patient tracking list filters, sorts and exports what it shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverAndBrowser, waitForServiceWorker, openPage, waitForSynced, syncStatus, pullAll, fillDate, dateValue } from './harness.mjs';

let records;
const fixture = serverAndBrowser(undefined, async ({ server }) => {
  records = await pullAll(server.url);
});

const pathways = () => records.filter((r) => r.kind === 'pathway');
// The clinician's triage is recorded on most demo referrals; it moves no clock, so these tests look past it.
const types = (pathway) => pathway.events.map((e) => e.type).filter((t) => t !== 'triaged');

/// A non-cancer pathway seen once in clinic and waiting for a decision: its RTT clock is running.
function waitingAfterFirstVisit(skip = [], from = pathways()) {
  const found = from.find((p) => !p.cancer && !skip.includes(p.id)
    && types(p).every((t) => t === 'referral_received' || t === 'outpatient_attended')
    && types(p).includes('outpatient_attended'));
  assert.ok(found, 'the demo trust has a pathway waiting after a first appointment');
  return found;
}

/// A non-cancer pathway with only its referral: nobody has been seen yet.
function justReferred(skip = []) {
  const found = pathways().find((p) => !p.cancer && !skip.includes(p.id)
    && types(p).length === 1 && types(p)[0] === 'referral_received');
  assert.ok(found, 'the demo trust has a pathway with only a referral');
  return found;
}

const isoDate = (date) => date.toISOString().slice(0, 10);

async function openPathway(page, id) {
  await page.goto(`${fixture.server.url}/pathways/${id}`);
  await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  await page.locator('[data-testid="rtt-clock"]').waitFor();
}

async function recordEvent(page, type, answers = {}) {
  await page.getByLabel('What happened').selectOption(type);
  for (const [label, value] of Object.entries(answers)) {
    await page.getByLabel(label, { exact: true }).selectOption(value);
  }
  await page.getByRole('button', { name: 'Save event' }).click();
}

test('an event added offline stops the clock at once, survives a reload and syncs when the server is back', async () => {
  const pathway = waitingAfterFirstVisit();
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  await waitForServiceWorker(page);
  await openPathway(page, pathway.id);
  const rtt = page.locator('[data-testid="rtt-clock"]');
  await rtt.getByText('Clock running').waitFor();
  assert.equal(await page.getByTestId('rtt-status').getAttribute('data-code'), '20');
  assert.match(await page.getByTestId('rtt-deadline').innerText(), /^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  assert.notEqual(await page.getByTestId('rtt-deadline').innerText(), await page.getByTestId('rtt-breach').innerText());

  // The network to the server goes down; the desk records the first definitive treatment today.
  await fixture.server.stop();
  await recordEvent(page, 'first_definitive_treatment', { Setting: 'outpatient' });
  await page.getByRole('status').filter({ hasText: 'Saved on this device' }).waitFor();
  await rtt.getByText('Clock stopped', { exact: true }).waitFor();
  await page.locator('[data-testid="rtt-status"][data-code="30"]').waitFor();
  assert.match(await page.getByTestId('rtt-status').innerText(), /30 – First definitive treatment/);
  const newest = page.locator('[data-testid="timeline-event"]').first();
  assert.equal(await newest.getAttribute('data-type'), 'first_definitive_treatment');
  await newest.getByText('Not yet synced').waitFor();
  assert.match(await newest.innerText(), /Setting: Outpatient/);

  // Reload with the server still down: the service worker starts the app and the stopped clock is still there.
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  await page.locator('[data-testid="rtt-status"][data-code="30"]').waitFor();
  await page.locator('[data-testid="timeline-event"]').first().getByText('Not yet synced').waitFor();
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '1');

  // Back online: it syncs, loses its marker, and the server holds the event once.
  await fixture.server.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  // The indicator says synced first; the timeline drops its marker as it reads the outbox again.
  await page.locator('[data-testid="timeline-event"]').first().waitFor();
  await page.getByText('Not yet synced').waitFor({ state: 'detached', timeout: 10_000 });
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'pathway' && r.id === pathway.id);
  assert.deepEqual(types(onServer), [...types(pathway), 'first_definitive_treatment']);
  // While the server was down, the sync attempts failed to connect (or lost a connection it was stopped under):
  // expected, and nothing else went wrong.
  const outage = /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE)/;
  assert.deepEqual(page.problems.filter((p) => !outage.test(p)), []);
  await desk.close();
});

test('a first appointment not attended, clearly communicated, nullifies the clock', async () => {
  const pathway = justReferred();
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  await openPathway(page, pathway.id);
  await page.getByTestId('rtt-state').getByText('Clock running').waitFor();
  await recordEvent(page, 'appointment_dna', {
    'First appointment?': 'yes',
    'Appointment clearly communicated to the patient?': 'yes',
  });
  await page.locator('[data-testid="rtt-status"][data-code="33"]').waitFor();
  assert.match(await page.getByTestId('rtt-state').innerText(), /Nullified/);
  assert.match(await page.getByTestId('rtt-nullified').innerText(), /not counted/);
  await waitForSynced(page);
  assert.deepEqual(page.problems, []);
  await desk.close();
});

test('events that cannot be true are refused with the reason, and the form keeps what was typed', async () => {
  const pathway = waitingAfterFirstVisit();
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url);
  await waitForSynced(page);
  await openPathway(page, pathway.id);
  await page.getByTestId('rtt-state').getByText('Clock stopped').waitFor(); // treated in the first test

  // A second first definitive treatment on a stopped clock.
  await page.getByLabel('Note (optional)').fill('Second treatment typed in error');
  await recordEvent(page, 'first_definitive_treatment', { Setting: 'admitted' });
  const alert = page.getByRole('alert').filter({ hasText: 'This event was not saved' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /cannot be recorded/);
  assert.equal(await page.getByLabel('What happened').inputValue(), 'first_definitive_treatment');
  assert.equal(await page.getByLabel('Setting', { exact: true }).inputValue(), 'admitted');
  assert.equal(await page.getByLabel('Note (optional)').inputValue(), 'Second treatment typed in error');

  // A date in the future.
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000);
  await fillDate(page, 'event-date', isoDate(tomorrow));
  await recordEvent(page, 'outpatient_attended');
  await page.getByRole('alert').filter({ hasText: /after today/ }).waitFor();
  assert.equal(await dateValue(page, 'event-date'), isoDate(tomorrow));
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '0', 'nothing refused is queued to sync');
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'pathway' && r.id === pathway.id);
  assert.equal(onServer.events.length, pathway.events.length + 1, 'only the first test\'s event was added');
  assert.deepEqual(page.problems, []);
  await desk.close();
});

async function shownRows(page) {
  return page.locator('[data-testid="ptl-row"]').evaluateAll((rows) => rows.map((r) => ({
    id: r.dataset.pathwayId,
    consultant: r.dataset.consultantId,
    weeks: Number(r.dataset.weeks),
    breach: r.dataset.breachDate,
  })));
}

async function shownCount(page) {
  return Number(await page.getByTestId('ptl-count').getAttribute('data-count'));
}

test('the PTL filters, sorts by breach date, draws only the rows in view and exports what it shows', async () => {
  const desk = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(desk, `${fixture.server.url}/pathways`);
  await waitForSynced(page);
  // The list is rebuilt as the first sync lands.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="ptl-count"]')?.dataset.total) > 60);
  const count = page.getByTestId('ptl-count');
  const total = await shownCount(page);
  assert.ok(total > 60, `the demo list has many waiting pathways (${total})`);
  const drawn = (await shownRows(page)).length;
  assert.ok(drawn < total && drawn >= 10, `only the rows in view are drawn (${drawn} of ${total})`);
  console.log(`PTL: ${await count.getAttribute('data-total')} pathways; built in ${await count.getAttribute('data-build-ms')} ms; `
    + `filtered and sorted in ${await count.getAttribute('data-view-ms')} ms (budget 50 ms)`);

  // Scrolling to the end draws the last rows.
  await page.getByTestId('ptl-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="ptl-row"]')]
    .some((r) => r.getAttribute('aria-rowindex') === String(n + 1)), total);

  // Over 52 weeks.
  await page.getByRole('checkbox', { name: 'Over 52 weeks' }).check();
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid="ptl-count"]').dataset.count) < t, total);
  const longWaits = await shownRows(page);
  assert.ok(longWaits.length > 0, 'the demo trust has pathways waiting over 52 weeks');
  for (const row of longWaits) assert.ok(row.weeks >= 52, `${row.id} waited ${row.weeks} weeks`);
  assert.equal(await page.getByTestId('figure-over-52').locator('[data-count]').getAttribute('data-count'),
    String(await shownCount(page)), 'the headline counts the same long waits');
  await page.getByRole('checkbox', { name: 'Over 52 weeks' }).uncheck();

  // One consultant's list, soonest breach first.
  const consultant = await page.getByLabel('Consultant', { exact: true }).locator('option').nth(1).getAttribute('value');
  await page.getByLabel('Consultant', { exact: true }).selectOption(consultant);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="ptl-row"]')].length > 0);
  await page.getByRole('button', { name: /Breach date/ }).click();
  const breachHeader = page.locator('th', { has: page.getByRole('button', { name: /Breach date/ }) });
  assert.equal(await breachHeader.getAttribute('aria-sort'), 'ascending');
  const theirs = await shownRows(page);
  assert.ok(theirs.length > 0);
  for (const row of theirs) assert.equal(row.consultant, consultant);
  const dates = theirs.map((r) => r.breach);
  assert.deepEqual(dates, [...dates].sort(), 'soonest breach first');
  // Keyboard: the header button works from the keyboard and turns the order round.
  await page.getByRole('button', { name: /Breach date/ }).press('Enter');
  assert.equal(await breachHeader.getAttribute('aria-sort'), 'descending');
  const reversed = (await shownRows(page)).map((r) => r.breach);
  assert.ok(reversed[0] >= reversed[reversed.length - 1], 'latest breach first');

  // Export what is shown.
  const filtered = await shownCount(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export to CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^ptl-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark for Excel');
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter((l) => l.length > 0);
  assert.match(lines[0], /^Pathway ID,Patient name,NHS number,Hospital number,Consultant,Specialty,Priority/);
  assert.equal(lines.length - 1, filtered, 'one line per pathway shown on screen');
  const first = theirs[theirs.length - 1];
  const firstPathway = records.find((r) => r.kind === 'pathway' && r.id === first.id);
  const patient = records.find((r) => r.kind === 'patient' && r.id === firstPathway.patient_id);
  const spaced = `${patient.nhs_number.slice(0, 3)} ${patient.nhs_number.slice(3, 6)} ${patient.nhs_number.slice(6)}`;
  assert.match(spaced, /^999 \d{3} \d{4}$/);
  const line = lines.find((l) => l.startsWith(`${first.id},`));
  assert.ok(line, `the export has pathway ${first.id}`);
  assert.ok(line.includes(spaced), `its NHS number reads ${spaced}`);
  assert.match(line, /\b\d{2}\/\d{2}\/\d{4}\b/, 'UK dates');
  const [y, m, d] = first.breach.split('-');
  assert.ok(line.includes(`${d}/${m}/${y}`), 'the breach date as dd/mm/yyyy');

  // Printed: every row shown (not only the rows in view), in the same order, headings repeated on each page of A4
  // landscape. The browser's print dialog is stood in for; the page is laid out as paper.
  await page.evaluate(() => { window.print = () => { window.printed = (window.printed ?? 0) + 1; }; });
  await page.getByRole('button', { name: 'Print the list' }).click();
  const printed = page.getByTestId('ptl-print');
  await printed.waitFor({ state: 'attached' });
  await page.waitForFunction(() => window.printed === 1);
  assert.equal(await printed.locator('tbody tr').count(), filtered, 'every pathway shown is on paper');
  assert.ok(filtered > await page.getByTestId('ptl-row').count(), 'more than the screen draws');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await printed.locator('thead').evaluate((el) => getComputedStyle(el).display), 'table-header-group');
  assert.ok(await printed.isVisible(), 'the list is on paper');
  assert.equal(await page.getByTestId('ptl-scroll').isVisible(), false, 'the screen list is not');
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await printed.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await desk.close();
});

test('the PTL a desk keeps in memory follows a change made on it, one synced from another desk, and a reload', async () => {
  // As the server holds them now: the tests before this one treated some pathways.
  const now = await pullAll(fixture.server.url);
  const waiting = now.filter((r) => r.kind === 'pathway');
  const here = waitingAfterFirstVisit([], waiting);
  const there = waitingAfterFirstVisit([here.id], waiting);
  const untouched = waitingAfterFirstVisit([here.id, there.id], waiting);
  const nhsOf = (pathway) => now.find((r) => r.kind === 'patient' && r.id === pathway.patient_id).nhs_number;
  const deskA = await fixture.browser.newContext();
  const a = await openPage(deskA, fixture.server.url);
  await waitForSynced(a);
  // The desk keeps the lists' records in memory after its first sync; the PTL then opens from memory.
  await a.waitForSelector('body[data-lists-ready="true"]', { timeout: 60_000 });
  const row = (page, pathway) => page.locator(`[data-testid="ptl-row"][data-pathway-id="${pathway.id}"]`);
  const openPtl = async (page) => {
    await page.locator('a.app-nav__link[href="/pathways"]').click();
    await page.getByTestId('ptl-count').waitFor();
  };
  const search = async (page, pathway) => {
    await page.locator('#ptl-search').fill(nhsOf(pathway));
    // Only that patient's pathways are left (a patient has one or two).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="ptl-count"]')?.dataset.count ?? 99) <= 2);
  };
  await openPtl(a);
  for (const pathway of [here, there, untouched]) {
    await search(a, pathway);
    await row(a, pathway).waitFor();
    assert.equal(await row(a, pathway).getAttribute('data-running'), 'true');
  }

  // This desk treats `here`: from its PTL row to the pathway, then back through the menu: no longer waiting.
  await search(a, here);
  await row(a, here).getByRole('link').click();
  await a.locator('[data-testid="rtt-clock"]').waitFor();
  await recordEvent(a, 'first_definitive_treatment', { Setting: 'outpatient' });
  await a.locator('[data-testid="rtt-status"][data-code="30"]').waitFor();
  await openPtl(a);
  await search(a, here);
  await row(a, here).waitFor({ state: 'detached' });

  // Another desk treats `there`; this one syncs with the PTL open and drops it from the list.
  await search(a, there);
  await row(a, there).waitFor();
  const deskB = await fixture.browser.newContext();
  const b = await openPage(deskB, fixture.server.url);
  await waitForSynced(b);
  await openPathway(b, there.id);
  await recordEvent(b, 'first_definitive_treatment', { Setting: 'outpatient' });
  await b.locator('[data-testid="rtt-status"][data-code="30"]').waitFor();
  await waitForSynced(b);
  await a.getByRole('button', { name: 'Sync now' }).click();
  await row(a, there).waitFor({ state: 'detached' });
  await waitForSynced(a);

  // After a reload (read from the device again), the same: both treated, the untouched one still waiting.
  await a.reload();
  await a.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  await openPtl(a);
  for (const [pathway, waiting] of [[here, false], [there, false], [untouched, true]]) {
    await search(a, pathway);
    if (waiting) await row(a, pathway).waitFor();
    assert.equal(await row(a, pathway).count(), waiting ? 1 : 0, `${pathway.id} on the list: ${waiting}`);
  }
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await deskA.close();
  await deskB.close();
});

test('the cancer PTL: every cancer pathway with its 28-, 62- and 31-day clocks, the nearest deadline first, and its questions', async () => {
  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, `${fixture.server.url}/pathways`);
  await waitForSynced(page);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="ptl-count"]')?.dataset.total) > 60);
  await page.getByRole('checkbox', { name: 'Cancer pathways, with their 28-, 62- and 31-day clocks' }).check();
  await page.locator('th', { hasText: '28-day Faster Diagnosis' }).waitFor();
  const cancerPathways = pathways().filter((p) => p.cancer).length;
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="ptl-count"]').dataset.count) === n, cancerPathways);
  const rows = () => page.locator('[data-testid="ptl-row"]').evaluateAll((els) => els.map((el) => ({
    id: el.dataset.pathwayId,
    nextDeadline: el.dataset.nextDeadline,
    fds: el.querySelector('[data-testid="ptl-fds"]').textContent,
    day62: el.querySelector('[data-testid="ptl-62"]').textContent,
  })));
  const first = await rows();
  assert.ok(first.length > 0);
  const deadlines = first.map((r) => r.nextDeadline).filter((d) => d);
  assert.deepEqual(deadlines, [...deadlines].sort(), 'the nearest next deadline first');
  assert.equal(await page.locator('th', { hasText: 'Next deadline' }).getAttribute('aria-sort'), 'ascending');
  await page.getByTestId('ptl-backstop').filter({ hasText: /^\d+ at 104 days or more on the 62-day pathway/ }).waitFor();

  // Over 62 days: every row's 62-day clock is still running past day 62.
  await page.getByLabel('Cancer question').selectOption({ label: 'Over 62 days' });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="ptl-count"]').dataset.count) < n, cancerPathways);
  for (const row of await rows()) {
    const [, used] = /^day (\d+) of 62/.exec(row.day62) ?? [];
    assert.ok(Number(used) > 62 && /breached, still open/.test(row.day62), `${row.id}: ${row.day62}`);
  }
  assert.deepEqual(page.problems, []);
  await desk.close();
});
