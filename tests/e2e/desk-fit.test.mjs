// A desk that fits the day at 1366x768: the first sign-in says how far its download has got (and lists say "still
// loading", not "none"); the long lists show every column whole; "Compact rows" fits more patients and survives a
// reload (never on a touch screen); and a sync that redraws a screen keeps the person's place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, apiSession, pullAll } from './harness.mjs';

const fixture = serverAndBrowser({ demoPatients: 1500 });
const DESK = { viewport: { width: 1366, height: 768 }, locale: 'en-GB' };

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test('a first sign-in shows how far the download has got, and Today says it is still loading, not "none"', async () => {
  const context = await fixture.browser.newContext(DESK);
  // Each page of the download takes a little longer than on a quiet network, so its progress can be read.
  await context.route('**/api/sync/pull**', async (route) => {
    await pause(250);
    await route.continue();
  });
  const page = await openPage(context, fixture.server.url, { user: 'reception' });
  const status = syncStatus(page);
  await status.getByText(/Loading this desk's data: [\d,]+ of [\d,]+/).waitFor({ timeout: 30_000 });
  const words = await status.textContent();
  const [, done, of] = words.match(/Loading this desk's data: ([\d,]+) of ([\d,]+)/).map((n) => Number(n.replaceAll(',', '')));
  assert.ok(done > 0 && done < of, `part of the way: ${words}`);
  assert.ok(!/synced|Synced/.test(words), `while downloading the header says neither "synced" nor "not synced yet": ${words}`);
  const bar = page.getByTestId('download-progress');
  assert.equal(Number(await bar.getAttribute('max')), of);
  assert.ok(Number(await bar.getAttribute('value')) >= done);
  const empty = page.getByTestId('empty-list').first();
  assert.match(await empty.textContent(), /^Still loading this desk's data: [\d,]+ of [\d,]+\. The list shows once loading finishes\.$/);
  assert.equal(await page.getByText('No clinic sessions today').count(), 0, 'never "none" while loading');

  await waitForSynced(page, 120_000);
  await page.getByTestId('reception-row').first().waitFor();
  assert.equal(await bar.count(), 0, 'the bar goes when the download is done');
  assert.match(await status.textContent(), /All changes synced\s*Synced \d{2}:\d{2}/);
  await context.close();
});

/// Cells of the long lists whose words do not fit (cut off across or below), and rows not of the fixed height.
async function cutCells(page, rowHeight) {
  return page.evaluate((rowHeight) => {
    const cut = [...document.querySelectorAll('.ptl-row td')]
      .filter((td) => td.scrollWidth > td.clientWidth + 1 || td.scrollHeight > td.clientHeight + 1)
      .map((td) => `column ${td.cellIndex + 1}: ${td.innerText}`);
    const odd = [...document.querySelectorAll('.ptl-row')]
      .filter((tr) => Math.abs(tr.getBoundingClientRect().height - rowHeight) > 0.5)
      .map((tr) => `a row ${tr.getBoundingClientRect().height} px high`);
    return [...cut, ...odd];
  }, rowHeight);
}

test('at 1366x768 the PTL, the cancer PTL, the waiting list and tasks show every column whole, in both densities', async () => {
  const context = await fixture.browser.newContext(DESK);
  const page = await openPage(context, `${fixture.server.url}/pathways`, { user: 'lead' });
  await waitForSynced(page, 120_000);
  for (const [compact, rowHeight] of [[false, 48], [true, 36]]) {
    for (const path of ['/pathways', '/pathways?cancer=1', '/waiting-list', '/tasks']) {
      await page.goto(`${fixture.server.url}${path}`);
      await page.locator('.ptl-row').first().waitFor({ timeout: 30_000 });
      const pressed = await page.getByRole('button', { name: 'Compact rows' }).getAttribute('aria-pressed');
      if ((pressed === 'true') !== compact) await page.getByRole('button', { name: 'Compact rows' }).click();
      await page.waitForFunction((h) => Math.abs(document.querySelector('.ptl-row').getBoundingClientRect().height - h) < 0.5, rowHeight, { timeout: 5_000 })
        .catch(async () => assert.fail(`${path}: rows ${await page.evaluate(() => [...document.querySelectorAll('.ptl-row')].slice(0, 6).map((r) => r.getBoundingClientRect().height))}, not ${rowHeight} px`));
      const rows = await page.locator('.ptl-row').count();
      assert.ok(rows >= 10, `${path}: a screenful of rows (${rows})`);
      assert.deepEqual(await cutCells(page, rowHeight), [], `${path}, ${compact ? 'compact' : 'comfortable'}: nothing cut off`);
    }
  }
  await context.close();
});

/// Reception rows wholly on the screen with the page at its top, as the desk opens it.
async function patientsInView(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.evaluate(() => [...document.querySelectorAll('[data-testid=reception-row]')]
    .filter((row) => { const box = row.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; }).length);
}

test('"Compact rows" fits twice the patients on Today at 1366x768, survives a reload, and never applies on a touch screen', async () => {
  const context = await fixture.browser.newContext(DESK);
  const page = await openPage(context, fixture.server.url, { user: 'reception' });
  await waitForSynced(page, 120_000);
  await page.getByTestId('reception-row').first().waitFor();
  const toggle = page.getByRole('button', { name: 'Compact rows' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const comfortable = await patientsInView(page);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const compact = await patientsInView(page);
  assert.ok(comfortable >= 4, `comfortable: ${comfortable} patients in view`);
  assert.ok(compact >= 2 * comfortable, `compact: ${compact} patients in view against ${comfortable}`);
  // Every action on a compact row is still a target of at least 24 px (WCAG 2.2 AA).
  const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('[data-testid=reception-row] button')]
    .map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height))));
  assert.ok(smallest >= 24, `smallest target ${smallest} px`);

  await page.reload();
  await page.getByTestId('reception-row').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Compact rows' }).getAttribute('aria-pressed'), 'true', 'kept for this device');
  assert.equal(await patientsInView(page), compact);
  await context.close();

  // A clinic tablet with the same choice saved: rows stay comfortable with 44 px targets, and no toggle is offered.
  const tablet = await fixture.browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, locale: 'en-GB' });
  await tablet.addInitScript(() => localStorage.setItem('pathdesk.density', 'compact'));
  const onTablet = await openPage(tablet, fixture.server.url, { user: 'reception' });
  await waitForSynced(onTablet, 120_000);
  await onTablet.getByTestId('reception-row').first().waitFor();
  assert.equal(await onTablet.getByRole('button', { name: 'Compact rows' }).isVisible(), false);
  const heights = await onTablet.evaluate(() => [...document.querySelectorAll('[data-testid=reception-row] button')]
    .map((b) => b.getBoundingClientRect().height));
  assert.ok(heights.length > 0 && heights.every((h) => h >= 44), `tablet targets: ${heights.slice(0, 5)}`);
  await tablet.close();
});

test('a sync that brings another desk\'s change to the patient page keeps the focus where the person was', async () => {
  const records = await pullAll(fixture.server.url);
  const patient = records.find((r) => r.kind === 'patient');
  const context = await fixture.browser.newContext(DESK);
  const page = await openPage(context, `${fixture.server.url}/patients/${patient.id}`, { user: 'lead' });
  await waitForSynced(page, 120_000);
  const change = page.getByRole('link', { name: 'Change details' });
  await change.focus();
  const notesBefore = await page.getByTestId('note').count();

  // Another desk adds a note about this patient; this desk syncs (as it does when the window gets focus).
  const { cookie, csrf } = await apiSession(fixture.server.url, 'lead');
  const today = new Date().toISOString().slice(0, 10);
  const res = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands: [{ id: randomUUID(), seq: 1, issued_on: today, author: 'Lead',
      command: { type: 'add_patient_note', note_id: randomUUID(), patient_id: patient.id, text: 'Rang from the other desk' } }] }),
  });
  assert.ok(res.ok, `push failed: ${res.status}`);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=note]').length > n, notesBefore, { timeout: 30_000 });
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Change details', null, { timeout: 5_000 });
  assert.ok(await change.evaluate((el) => el === document.activeElement), 'the link has the focus');
  await context.close();
});

/// Wait until the focus is on the element `id`, and return its words and role.
async function focusedConfirmation(page, id) {
  await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 10_000 })
    .catch(async () => assert.fail(`the focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}, not #${id}`));
  return page.evaluate(() => ({ words: document.activeElement.textContent, role: document.activeElement.getAttribute('role') }));
}

test('after a save the confirmation is next to the form, has the focus and is read out; reception carries on from the same row', async () => {
  const records = await pullAll(fixture.server.url);
  const context = await fixture.browser.newContext(DESK);

  // A note on the patient's page.
  const patient = records.find((r) => r.kind === 'patient');
  const page = await openPage(context, `${fixture.server.url}/patients/${patient.id}`, { user: 'lead' });
  await waitForSynced(page, 120_000);
  await page.getByLabel('New note').fill('Patient rang to confirm their address');
  await page.getByRole('button', { name: 'Save note' }).press('Enter');
  let said = await focusedConfirmation(page, 'note-saved');
  assert.deepEqual(said, { words: 'Saved on this device', role: 'status' });

  // A task's edit form.
  const task = records.find((r) => r.kind === 'task' && r.status === 'open');
  await page.goto(`${fixture.server.url}/tasks/${task.id}`);
  await page.getByLabel('Title').fill(`${task.title} (checked)`);
  await page.getByRole('button', { name: 'Save changes' }).press('Enter');
  said = await focusedConfirmation(page, 'task-saved');
  assert.deepEqual(said, { words: 'Changes saved on this device.', role: 'status' });
  await page.getByTestId('task-title').getByText('(checked)').waitFor();
  await context.close();

  // Reception: "Arrived" redraws the row; the focus goes to the same row's next action, and the page says what was done.
  const desk = await fixture.browser.newContext(DESK);
  const today = await openPage(desk, fixture.server.url, { user: 'reception' });
  await waitForSynced(today, 120_000);
  const row = today.locator('[data-testid=reception-row]', { has: today.getByRole('button', { name: /^Arrived: / }) }).first();
  const appointment = await row.getAttribute('data-appointment-id');
  const name = (await row.getByRole('link').first().textContent()).trim();
  await row.getByRole('button', { name: /^Arrived: / }).press('Enter');
  await today.waitForFunction((id) => {
    const el = document.activeElement;
    return el?.textContent === 'Seen' && el.closest('[data-testid=reception-row]')?.dataset.appointmentId === id;
  }, appointment, { timeout: 10_000 });
  assert.equal(await today.getByTestId('announced').textContent(), `${name}: arrived. Saved on this device.`);
  assert.equal(await today.locator(`[data-appointment-id="${appointment}"] [data-testid=appointment-status]`).textContent(), 'Arrived');
  await desk.close();
});
