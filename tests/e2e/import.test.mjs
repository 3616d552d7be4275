// Importing a PAS extract end to end: a team lead uploads a generated referrals file with planted errors, reads the
// dry run's counts and every bad row at its column (and downloads them as CSV), confirms, follows the progress bar
// to the end; another desk then finds the imported patients with their pathways and clocks. A file not chosen and a
// file that is not CSV text are said at the field and in the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serverAndBrowser, openPage, waitForSynced, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

/** Test-range NHS numbers (999...) that pass Modulus 11, none of them in `avoid`. */
function* nhsNumbers(avoid, from = 700_000) {
  for (let body = from; body < 1_000_000; body++) {
    const digits = `999${String(body).padStart(6, '0')}`.split('').map(Number);
    const sum = digits.reduce((total, d, i) => total + d * (10 - i), 0);
    let check = 11 - (sum % 11);
    if (check === 11) check = 0;
    if (check === 10) continue;
    const number = digits.join('') + check;
    if (!avoid.has(number)) yield number;
  }
}

const uk = (iso) => iso.split('-').reverse().join('/');

test('a referrals extract is checked, its errors read, imported, and another desk sees the patients and their clocks', async () => {
  const records = await pullAll(fixture.server.url);
  const specialties = new Map(records.filter((r) => r.kind === 'specialty').map((s) => [s.id, s]));
  const consultant = records.find((r) => r.kind === 'consultant');
  const code = specialties.get(consultant.specialty_id).code;
  const numbers = nhsNumbers(new Set(records.filter((r) => r.kind === 'patient').map((p) => p.nhs_number)));
  const header = ['PAS patient ID', 'NHS number', 'Hospital number', 'Family name', 'Given name', 'Date of birth', 'Sex',
    'Postcode', 'PAS referral ID', 'Referral received', 'Priority', 'Specialty', 'Consultant', 'Reason'];
  const received = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = [];
  for (let i = 0; i < 30; i++) {
    rows.push([`E2E${i}`, numbers.next().value, `RXE2E${i}`, `IMPORTED${String.fromCharCode(65 + (i % 26))}`, 'Alex',
      '14/02/1961', 'F', 'LS1 4AB', `E2EREF${i}`, uk(received), i % 4 === 0 ? 'Urgent suspected cancer' : 'Routine', code,
      consultant.name, 'Imported in the end-to-end test']);
  }
  // Planted: rows 4, 7 and 10 as Excel numbers them (the header is row 1).
  rows[2][1] = '9990000019';
  rows[5][12] = 'Dr Nobody';
  rows[8][9] = '01/01/1950';
  const csv = [header, ...rows].map((cells) => cells.join(',')).join('\r\n') + '\r\n';

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/import`, { user: 'lead' });
  await waitForSynced(page);
  // No file chosen: said at the field and in the summary.
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('#import-file-error').waitFor();
  assert.match(await page.locator('.error-summary').textContent(), /Choose the PAS extract/);
  // Not CSV text (UTF-16): said at the field, nothing changed.
  await page.setInputFiles('#import-file', { name: 'extract.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf16le') });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.waitForFunction(() => /CSV UTF-8/.test(document.querySelector('#import-file-error')?.textContent ?? ''));

  await page.setInputFiles('#import-file', { name: 'extract.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByTestId('import-report').waitFor();
  assert.equal(await page.getByTestId('import-counts').textContent(), '30 rows: 27 new, 0 changed, 0 unchanged, 3 with a problem.');
  const problems = await page.getByTestId('import-problem').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(problems.map(([row, column]) => [row, column]), [['4', 'NHS number'], ['7', 'Consultant'], ['10', 'Referral received']]);
  assert.match(problems[0][2], /Modulus 11/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the problems as CSV' }).click()]);
  const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Row,Column,Problem');
  assert.equal(lines.length, 4);
  assert.equal(records.length, (await pullAll(fixture.server.url)).length, 'the check wrote nothing');

  await page.getByRole('button', { name: 'Import 27 rows (leaving out the 3 with a problem)' }).click();
  await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('import-progress-words').textContent(), /^Done: 27 rows imported \(27 new, 0 changed, 0 already there\), 3 left out\./);
  assert.equal(await page.locator('progress').getAttribute('value'), '30');
  // The one console line is the browser's note of the UTF-16 file's refusal (422), which the page said at its field.
  assert.deepEqual(page.problems, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);

  // Another desk: the imported patient, their pathway and its clock from the day the referral was received.
  const other = await fixture.browser.newContext();
  const desk = await openPage(other, `${fixture.server.url}/patients?q=${rows[0][1]}`, { user: 'booking' });
  await waitForSynced(desk);
  await desk.goto(`${fixture.server.url}/pathways/pas-referral-E2EREF0`);
  await desk.waitForSelector('body[data-app-ready="true"]');
  await desk.getByTestId('rtt-start').waitFor();
  assert.match(await desk.getByTestId('rtt-start').textContent(), new RegExp(new Date(`${received}T00:00:00Z`).getUTCDate() + ' '));
  assert.equal(await desk.getByTestId('cancer-clock').count() > 0, true, 'the urgent suspected cancer referral has its cancer clocks');
  await desk.goto(`${fixture.server.url}/patients/pas-patient-E2E1`);
  await desk.waitForSelector('body[data-app-ready="true"]');
  await desk.getByText('IMPORTEDB').first().waitFor();
  assert.deepEqual(desk.problems, []);
  await other.close();
  await context.close();
});

test('a clinic with its slots and its appointments are imported after their referrals, and the clinic list shows the patients', async () => {
  const records = await pullAll(fixture.server.url);
  const specialties = new Map(records.filter((r) => r.kind === 'specialty').map((s) => [s.id, s]));
  const consultant = records.find((r) => r.kind === 'consultant');
  const numbers = nhsNumbers(new Set(records.filter((r) => r.kind === 'patient').map((p) => p.nhs_number)), 800_000);
  const on = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const referrals = ['PAS patient ID,NHS number,Hospital number,Family name,Given name,Date of birth,PAS referral ID,Referral received,Priority,Specialty,Consultant'];
  for (let i = 0; i < 3; i++) {
    referrals.push(`CLIN${i},${numbers.next().value},RXCLIN${i},CLINICPATIENT${'ABC'[i]},Sam,03/09/1988,CLINREF${i},${uk(new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10))},Routine,${specialties.get(consultant.specialty_id).code},${consultant.name}`);
  }
  const clinics = ['PAS clinic ID,Clinic name,Consultant,Date,Location,Slot start,Slot minutes,Slot type,Places',
    `E2ECLN,Imported clinic,${consultant.name},${uk(on)},Outpatients B,09:00,20,New,1`,
    `E2ECLN,Imported clinic,${consultant.name},${uk(on)},Outpatients B,09:20,20,New,1`,
    `E2ECLN,Imported clinic,${consultant.name},${uk(on)},Outpatients B,09:40,20,Brunch,1`];
  const appointments = ['PAS appointment ID,PAS referral ID,PAS clinic ID,Slot start,Status,Booked on,Cancellation reason',
    'E2EAPT0,CLINREF0,E2ECLN,09:00,Booked,,',
    'E2EAPT1,CLINREF1,E2ECLN,09:20,Booked,,'];
  const file = (lines, name) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8') });

  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/import`, { user: 'lead' });
  await waitForSynced(page);
  const importFile = async (kind, lines, counts, button) => {
    await page.locator('#import-kind').selectOption(kind);
    await page.setInputFiles('#import-file', file(lines, `${kind}.csv`));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByTestId('import-counts').filter({ hasText: counts }).waitFor().catch(async (e) => { throw new Error(`${e.message}\nshown: ${await page.getByTestId('import-report').allTextContents()} ${await page.locator('.error-summary').allTextContents()}`); });
    await page.getByRole('button', { name: button }).click();
    // This import's progress (named by its file), done: the next file may depend on it.
    await page.locator('[data-testid="import-progress"][data-status="done"]', { hasText: `Importing ${kind}.csv` }).waitFor({ timeout: 60_000 });
  };
  await importFile('referrals', referrals, '3 rows: 3 new, 0 changed, 0 unchanged, 0 with a problem.', 'Import 3 rows');
  // The clinics: the bad slot type is said at its row, and its whole clinic is left out.
  await page.locator('#import-kind').selectOption('clinics');
  await page.setInputFiles('#import-file', file(clinics, 'clinics.csv'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByTestId('import-counts').filter({ hasText: '3 rows: 0 new, 0 changed, 0 unchanged, 3 with a problem.' }).waitFor();
  const problems = await page.getByTestId('import-problem').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(problems.map(([row, column]) => [row, column]), [['2', ''], ['3', ''], ['4', 'Slot type']]);
  assert.match(problems[0][2], /Left out with its clinic: row 4/);
  await importFile('clinics', clinics.slice(0, 3), '2 rows: 2 new, 0 changed, 0 unchanged, 0 with a problem.', 'Import 2 rows');
  await importFile('appointments', appointments, '2 rows: 2 new, 0 changed, 0 unchanged, 0 with a problem.', 'Import 2 rows');
  assert.deepEqual(page.problems, []);

  // Another desk: the clinic on its day with the two patients on its list.
  const other = await fixture.browser.newContext();
  const desk = await openPage(other, `${fixture.server.url}/clinics/sessions/pas-clinic-E2ECLN`, { user: 'booking' });
  await waitForSynced(desk);
  await desk.getByTestId('session-list').waitFor();
  await desk.getByTestId('session-list').getByText('CLINICPATIENTB', { exact: false }).waitFor();
  const listed = await desk.getByTestId('session-list').textContent();
  assert.match(listed, /CLINICPATIENTA/i);
  assert.match(await desk.getByTestId('session-times').textContent(), /^09:00–09:40 · Outpatients B/);
  assert.deepEqual(desk.problems, []);
  await other.close();
  await context.close();
});
