// A command the server refuses is never lost: two desks record the same step of one clinic letter while offline
// (letter steps are a workflow, not a field that merges: a letter is dictated once); the second to sync is told
// why, under Problems, with what it sent, until a person deals with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll, apiSession, acceptChangesUpToAYearOld } from './harness.mjs';

const fixture = serverAndBrowser();

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/// Push as the team lead from a device of its own (the server signs the changes with the lead's name).
async function push(commands) {
  const { cookie, csrf } = await apiSession(fixture.server.url, 'lead');
  const res = await fetch(`${fixture.server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands }),
  });
  assert.ok(res.ok, `push failed: ${res.status}`);
  const body = await res.json();
  assert.equal(body.results[0].outcome, 'applied', JSON.stringify(body));
}

/// A clinic letter to work on: a patient seen in a September clinic (made, booked and seen as devices dated then
/// would push it), which makes the letter task for the medical secretaries.
async function clinicLetter() {
  const records = await pullAll(fixture.server.url);
  const pathway = records.filter((r) => r.kind === 'pathway'
    && r.events.every((e) => e.date <= '2026-08-15' && (e.type === 'referral_received' || e.type === 'triaged'))
    && records.some((t) => t.kind === 'clinic_template' && t.consultant_id === r.consultant_id)).at(-1);
  assert.ok(pathway, 'the demo trust has a patient waiting since before September');
  const template = records.find((t) => t.kind === 'clinic_template' && t.consultant_id === pathway.consultant_id);
  const clinic = ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11']
    .find((iso) => WEEKDAYS[new Date(`${iso}T12:00:00Z`).getUTCDay()] === template.weekday);
  // Months ago: beyond the 14 days a desk may work offline unless the trust allows more.
  await acceptChangesUpToAYearOld(fixture.server.url);
  await push([{ id: randomUUID(), seq: 1, issued_on: '2026-08-17', author: 'J. Booker',
    command: { type: 'generate_sessions', template_id: template.id, from: clinic, to: clinic } }]);
  const session = (await pullAll(fixture.server.url))
    .find((r) => r.kind === 'clinic_session' && r.template_id === template.id && r.date === clinic);
  const appointmentId = randomUUID();
  await push([{ id: randomUUID(), seq: 1, issued_on: '2026-08-17', author: 'J. Booker',
    command: { type: 'book_appointment', appointment_id: appointmentId, pathway_id: pathway.id, session_id: session.id,
      slot_id: session.slots.find((s) => s.slot_type === 'new').id, offered_on: '2026-08-17' } }]);
  await push([{ id: randomUUID(), seq: 1, issued_on: clinic, author: 'Reception desk',
    command: { type: 'record_seen', appointment_id: appointmentId, pathway_id: pathway.id } }]);
  return `letter-${appointmentId}`;
}

test('of two desks recording the same letter step offline, the later to sync sees the refusal and its reason', async () => {
  const letterId = await clinicLetter();
  const desks = [];
  for (let i = 0; i < 2; i++) {
    const context = await fixture.browser.newContext();
    const page = await openPage(context, `${fixture.server.url}/tasks/${letterId}`);
    await waitForSynced(page);
    await page.locator('[data-testid="letter"]').getByRole('button', { name: 'Dictated', exact: true }).waitFor();
    desks.push({ context, page });
  }

  await fixture.server.stop();
  for (const { page } of desks) {
    await page.locator('[data-testid="letter"]').getByRole('button', { name: 'Dictated', exact: true }).click();
    await page.locator('[data-testid="letter-steps"] li', { hasText: 'Dictated by' }).waitFor();
    // The indicator counts the outbox a moment after the screen shows the change.
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.pending === '1');
  }

  await fixture.server.start();
  // Either desk may reach the server first (each retries on its own): exactly one of them must be refused.
  for (const { page } of desks) {
    await page.getByRole('button', { name: 'Sync now' }).click();
  }
  for (const { page } of desks) {
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.pending === '0');
  }
  const problemCounts = () => Promise.all(desks.map(({ page }) => syncStatus(page).getAttribute('data-problems')));
  let problems = await problemCounts();
  for (let tries = 0; tries < 50 && problems.join() !== '0,1' && problems.join() !== '1,0'; tries++) {
    await desks[0].page.waitForTimeout(200);
    problems = await problemCounts();
  }
  assert.deepEqual([...problems].sort(), ['0', '1'], `one desk refused, the other not: ${problems}`);
  const second = desks[problems.indexOf('1')].page;
  await second.goto(`${fixture.server.url}/problems`);
  await second.waitForSelector('body[data-app-ready="true"]');
  await second.getByText('The letter is already dictated.').first().waitFor();
  await second.getByText(/Letter dictated/i).first().waitFor();

  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === letterId);
  assert.deepEqual(onServer.letter.steps.map((s) => s.stage), ['dictated'], 'dictated once, not twice');
  for (const { context } of desks) await context.close();
});
