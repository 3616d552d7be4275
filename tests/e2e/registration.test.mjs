// Patients in: a booking co-ordinator registers a patient new to the trust with an urgent suspected cancer
// referral (the NHS error summary and date input first catch what is wrong), the referral's clocks run and it is on
// the server; the same NHS number cannot be registered twice; a second referral is added from the patient's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, axeViolations, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

/// A test-range NHS number (999...) that passes Modulus 11 and no demo patient has.
function unusedNhsNumber(used) {
  for (let body = 987654; ; body++) {
    const digits = `999${body}`;
    const sum = [...digits].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check === 10) continue;
    const nhs = `${digits}${check}`;
    if (!used.has(nhs)) return nhs;
  }
}

const spaced = (nhs) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;

test('register a patient with an urgent suspected cancer referral, refuse a duplicate, add a second referral', async () => {
  const records = await pullAll(fixture.server.url);
  const used = new Set(records.filter((r) => r.kind === 'patient').map((p) => p.nhs_number));
  const nhs = unusedNhsNumber(used);
  const consultant = records.find((r) => r.kind === 'consultant');
  const specialty = records.find((r) => r.kind === 'specialty' && r.id === consultant.specialty_id);

  const desk = await fixture.browser.newContext();
  const page = await openPage(desk, fixture.server.url, { user: 'booking' });
  await waitForSynced(page);
  await page.getByRole('link', { name: 'Patients', exact: true }).first().click();
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByRole('heading', { name: 'Register a patient', level: 1 }).waitFor();

  // Nothing typed: the error summary, focused, links each field; the fields say the same.
  await page.getByRole('button', { name: 'Register and add the referral' }).click();
  const summary = page.getByTestId('error-summary');
  await summary.getByText('Enter the patient\'s NHS number').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  for (const words of ['Enter the patient\'s last name', 'Enter date of birth', 'Enter why the patient was referred']) {
    await summary.getByText(words).waitFor();
  }
  assert.deepEqual(await axeViolations(page), [], 'the form with its errors is accessible');

  // A wrong NHS number, a date that does not exist: said at the field, in the NHS pattern's words.
  await page.getByLabel('NHS number').fill('999 000 0001');
  await page.locator('#date-of-birth').fill('31');
  await page.locator('#date-of-birth-month').fill('2');
  await page.locator('#date-of-birth-year').fill('1980');
  await page.getByRole('button', { name: 'Register and add the referral' }).click();
  await page.locator('#nhs-number-error', { hasText: 'fails the Modulus 11 check' }).waitFor();
  await page.locator('#date-of-birth-error', { hasText: 'Date of birth must be a real date' }).waitFor();

  await page.getByLabel('NHS number').fill(spaced(nhs));
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Registerton');
  await page.locator('#date-of-birth').fill('17');
  await page.locator('#date-of-birth-month').fill('5');
  await page.getByLabel('Postcode').fill('ls1 4ab');
  await page.getByLabel('GP practice').fill('Example Street Surgery');
  const today = new Date();
  await fillDate(page, 'received-on', today);
  await page.getByLabel('Priority').selectOption({ label: 'Urgent suspected cancer' });
  await page.getByLabel('Cancer route').selectOption({ label: 'Urgent suspected cancer' });
  await page.getByLabel('Specialty').selectOption(specialty.id);
  await page.getByLabel('Consultant').selectOption(consultant.id);
  await page.getByLabel('Reason for referral').fill('Visible haematuria, 3 weeks');
  await page.getByRole('button', { name: 'Register and add the referral' }).click();

  await page.getByTestId('saved-banner').getByText('Patient registered').waitFor();
  await page.getByRole('heading', { name: 'REGISTERTON, Ada', level: 1 }).waitFor();
  await page.getByText('Urgent suspected cancer').first().waitFor();
  await waitForSynced(page);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByRole('heading', { name: 'REGISTERTON, Ada', level: 1 }).waitFor();

  const onServer = await pullAll(fixture.server.url);
  const patient = onServer.find((r) => r.kind === 'patient' && r.nhs_number === nhs);
  assert.ok(patient, 'the patient is on the server');
  assert.equal(patient.postcode, 'LS1 4AB');
  const pathway = onServer.find((r) => r.kind === 'pathway' && r.patient_id === patient.id);
  assert.equal(pathway.cancer, true, 'the cancer clocks run');
  assert.equal(pathway.events[0].type, 'referral_received');
  assert.equal(pathway.events[0].route, 'urgent_suspected_cancer');

  // The same NHS number again: shown before saving, refused on saving, never merged.
  await page.goto(`${fixture.server.url}/patients/new`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByLabel('NHS number').fill(nhs);
  await page.getByTestId('possible-duplicates').getByRole('link', { name: 'REGISTERTON, Ada' }).waitFor();
  await page.getByRole('button', { name: 'Register and add the referral' }).click();
  await page.getByTestId('error-summary').getByText(/is already registered to REGISTERTON, Ada/).waitFor();

  // A second referral from the patient's page: an e-Referral needs its UBRN.
  await page.goto(`${fixture.server.url}/patients/${patient.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByRole('link', { name: 'Add a referral' }).click();
  await page.getByTestId('referral-patient').getByText('REGISTERTON, Ada').waitFor();
  await fillDate(page, 'received-on', today);
  await page.getByLabel('Referred by').selectOption({ label: 'GP through the e-Referral Service' });
  await page.getByLabel('Specialty').selectOption(specialty.id);
  await page.getByLabel('Consultant').selectOption(consultant.id);
  await page.getByLabel('Reason for referral').fill('Knee pain');
  await page.getByRole('button', { name: 'Add the referral' }).click();
  await page.getByTestId('error-summary').getByText('Enter the 12-digit UBRN from the e-Referral Service').waitFor();
  await page.getByLabel('UBRN').fill('0000 1234 5678');
  await page.getByRole('button', { name: 'Add the referral' }).click();
  await page.getByTestId('saved-banner').getByText('Referral added').waitFor();
  await waitForSynced(page);
  const pathways = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'pathway' && r.patient_id === patient.id);
  assert.equal(pathways.length, 2);
  assert.ok(pathways.some((p) => p.events.some((e) => e.type === 'ers_referral_created' && e.ubrn === '000012345678')));
  assert.deepEqual(page.problems, []);
  await desk.close();
});
