// MDT end to end: a meeting scheduled for a tumour site shows in the diary; a fast-track patient the cancer PTL
// suggests is listed; the decision recorded at the meeting writes the pathway events (the 31-day clock starts) and
// the task for the next step; mistakes are said at the field; all of it kept through a reload and on the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, fillDate } from './harness.mjs';

const fixture = serverAndBrowser();

async function go(page, path) {
  await page.goto(`${fixture.server.url}${path}`);
  await page.waitForSelector('body[data-app-ready="true"]');
}

test('an MDT meeting is scheduled, a suggested patient listed, and the decision moves their clocks and makes the next task', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const records = await pullAll(fixture.server.url);
  const site = records.find((r) => r.kind === 'specialty' && records.some((p) => p.kind === 'pathway' && p.cancer && p.specialty_id === r.id));
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/clinics/mdt`, { user: 'lead' });
  await waitForSynced(page);

  // Scheduled for today, for the site: a date in the past is refused at the field first.
  await page.getByLabel('Tumour site').selectOption(site.id);
  await fillDate(page, 'mdt-date', '2026-01-05');
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  await page.locator('.error-summary').getByText(/in the past/).waitFor();
  await fillDate(page, 'mdt-date', today);
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  await page.waitForURL(/\/clinics\/mdt\/mdt-/);
  const meetingId = page.url().split('/').at(-1);
  await page.getByRole('heading', { name: `${site.name} cancer MDT` }).waitFor();

  // The cancer PTL's suggestion, listed with a click.
  const suggestion = page.getByTestId('mdt-suggestion').first();
  await suggestion.waitFor();
  const pathwayId = await suggestion.getAttribute('data-pathway-id');
  const pathway = records.find((r) => r.kind === 'pathway' && r.id === pathwayId);
  assert.ok(pathway.cancer && pathway.specialty_id === site.id);
  await suggestion.getByRole('button', { name: /^List / }).click();
  const listed = page.locator(`[data-testid="mdt-patient"][data-pathway-id="${pathwayId}"]`);
  await listed.waitFor();
  assert.equal(await page.locator(`[data-testid="mdt-suggestion"][data-pathway-id="${pathwayId}"]`).count(), 0, 'no longer suggested');
  const patient = records.find((r) => r.kind === 'patient' && r.id === pathway.patient_id);
  assert.match((await listed.textContent()).replace(/\s/g, ''), new RegExp(patient.nhs_number));

  // The decision: none chosen is said at the field; "refer on" without a provider is refused by the rules.
  const form = listed.getByTestId('mdt-outcome-form');
  await form.getByRole('button', { name: 'Record the decision' }).click();
  await form.getByText('Choose what the MDT decided.').waitFor();
  await form.getByLabel('What the MDT decided').selectOption('refer_on');
  await form.getByRole('button', { name: 'Record the decision' }).click();
  await form.getByText('Enter the provider the patient is referred on to.').waitFor();
  await form.getByLabel('What the MDT decided').selectOption('treat_here');
  await form.getByLabel('Note (optional)').fill('Radical prostatectomy');
  await form.getByRole('button', { name: 'Record the decision' }).click();
  await listed.getByTestId('mdt-outcome').getByText('Decided: Cancer diagnosed: treat here').waitFor();

  // The clocks moved: a decision to treat today, and the 31-day clock running from it.
  await go(page, `/pathways/${pathwayId}`);
  await page.locator('[data-testid="timeline-event"][data-type="decision_to_treat"]').first().waitFor();
  const clock31 = page.locator('[data-testid="cancer-clock"][data-standard="31"]');
  await clock31.waitFor();
  assert.equal(await clock31.locator('td').nth(1).textContent(), '0 of 31', 'day 0 of the 31 days');

  // Kept through a reload; in the diary for the site's week; on the server with the task for the booking team.
  await go(page, `/clinics/mdt/${meetingId}`);
  await page.locator(`[data-testid="mdt-patient"][data-pathway-id="${pathwayId}"] [data-testid="mdt-outcome"]`).waitFor();
  await go(page, `/clinics?by=specialty&id=${site.id}`);
  await page.getByTestId('diary-mdt').getByRole('link', { name: `${site.name} cancer MDT` }).first().waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  const meeting = after.find((r) => r.kind === 'mdt_meeting' && r.id === meetingId);
  assert.equal(meeting.date, today);
  assert.equal(meeting.patients[0].outcome.decision, 'treat_here');
  const task = after.find((r) => r.kind === 'task' && r.id === meeting.patients[0].outcome.task_id);
  assert.equal(task.assignee, 'Booking team');
  assert.equal(task.patient_id, pathway.patient_id);
  const moved = after.find((r) => r.kind === 'pathway' && r.id === pathwayId);
  assert.ok(moved.events.some((e) => e.type === 'decision_to_treat' && e.date === today));
  await context.close();
});
