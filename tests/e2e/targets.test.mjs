// The trust's booking targets and the day-case list: days to a first appointment by priority, the dated national
// targets and how old an offline desk's change may be, edited in Settings, kept after a reload and used on a second
// desk after a sync (the booking panel and the PTL headline); a patient the clinic decided to treat is offered, and
// booked into, a procedure list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, fillDate, fillDateIn } from './harness.mjs';

const fixture = serverAndBrowser({ demoPatients: 1200 });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ukDate = (isoDate) => {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};
const addDays = (isoDate, n) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const appToday = (page) => page.evaluate(() => {
  const d = new Date();
  return localStorage.getItem('pathdesk.today') ?? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
});

test('trust targets: first-appointment days and a new interim target, refused with the reason when wrong, saved, and used by the booking panel and the PTL headline on a second desk', async () => {
  const deskA = await fixture.browser.newContext();
  const page = await openPage(deskA, `${fixture.server.url}/settings`);
  await waitForSynced(page);
  const today = await appToday(page);
  const form = page.getByTestId('trust-settings');
  const first = form.getByTestId('first-appointment-targets');
  assert.equal(await first.getByLabel('Urgent suspected cancer').inputValue(), '14', 'the default until the trust sets its own');
  assert.equal(await first.getByLabel('Routine').inputValue(), '84');
  const offline = form.getByLabel('Changes from a desk that was offline are applied up to this many days old');
  assert.equal(await offline.inputValue(), '14');
  await offline.fill('21');
  // The national targets as published, each dated.
  const targets = form.getByTestId('national-target');
  assert.equal(await targets.count(), 8);
  assert.equal(await form.locator('[data-measure="FasterDiagnosis"]').count(), 2, 'FDS 75%, then 80% from March 2026');

  // Urgent given longer than routine: refused with what to do, nothing typed lost.
  await first.getByLabel('Urgent suspected cancer').fill('10');
  await first.getByLabel('Urgent', { exact: true }).fill('100');
  await form.getByRole('button', { name: 'Save trust settings' }).click();
  const more = form.getByTestId('error-summary').getByRole('link', { name: /A more urgent referral cannot have longer to its first appointment/ });
  await more.waitFor();
  assert.equal(await more.getAttribute('href'), '#trust-first-cancer');
  assert.equal(await first.getByLabel('Urgent suspected cancer').inputValue(), '10');
  await first.getByLabel('Urgent', { exact: true }).fill('21');

  // 2026/27's interim target, added as a new dated row: first without its date (refused), then complete.
  await form.getByLabel('Add a target for').selectOption({ label: 'RTT within 18 weeks: interim target' });
  await form.getByRole('button', { name: 'Add a target' }).click();
  const interimRows = form.locator('[data-measure="Rtt18WeeksInterim"]');
  assert.equal(await interimRows.count(), 2);
  const added = interimRows.last();
  await added.getByLabel('RTT within 18 weeks: interim target: target percentage').fill('70');
  await form.getByRole('button', { name: 'Save trust settings' }).click();
  const undated = form.getByTestId('error-summary').getByRole('link', { name: /RTT within 18 weeks: interim target: enter the date the target applies from/ });
  await undated.waitFor();
  assert.match(await undated.getAttribute('href'), /^#target-from-\d+$/);
  await added.getByText(/enter the date the target applies from/).waitFor();
  await fillDateIn(added, 'RTT within 18 weeks: interim target: applies from', today);
  await added.getByLabel('RTT within 18 weeks: interim target: source').fill('2026/27 planning guidance');
  await form.getByRole('button', { name: 'Save trust settings' }).click();
  await form.getByText(/Saved on this device/).waitFor();

  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.waitForFunction(() => document.getElementById('trust-first-cancer')?.value === '10');
  assert.equal(await page.locator('[data-measure="Rtt18WeeksInterim"]').count(), 2, 'the new row survives a reload');
  await waitForSynced(page);
  const records = await pullAll(fixture.server.url);
  const [settings] = records.filter((r) => r.kind === 'trust_settings');
  assert.deepEqual(settings.first_appointment, { urgent_suspected_cancer_days: 10, urgent_days: 21, routine_days: 84 });
  assert.equal(settings.offline_days, 21);
  assert.ok(settings.national_targets.some((t) => t.measure === 'rtt_18_weeks_interim' && t.percent === 70 && t.from === today));

  // A second desk, after a sync: the PTL headline names the target it is measured against.
  const deskB = await fixture.browser.newContext();
  const other = await openPage(deskB, `${fixture.server.url}/pathways`, { user: 'booking' });
  await waitForSynced(other);
  const within = other.getByTestId('figure-within-18');
  await within.filter({ hasText: `70% interim target (from ${ukDate(today)})` }).waitFor();
  assert.match(await within.textContent(), /92% standard \(from 1 Jun 2015\)/);

  // And the booking panel holds an urgent suspected cancer referral to the trust's 10 days.
  await other.goto(`${fixture.server.url}/waiting-list`);
  await other.waitForSelector('body[data-app-ready="true"]');
  const rows = other.locator('[data-testid="waiting-row"]');
  await rows.first().waitFor();
  const uscId = await rows.evaluateAll((els) => els.find((el) => el.querySelector('[data-testid="priority"]').textContent === 'Urgent suspected cancer'
    && el.querySelector('[data-testid="needs"]').textContent === 'New')?.dataset.pathwayId);
  assert.ok(uscId, 'an urgent suspected cancer referral waits for its first appointment');
  const pathway = records.find((r) => r.kind === 'pathway' && r.id === uscId);
  const referred = pathway.events.find((e) => e.type === 'referral_received').date;
  await other.locator(`[data-testid="waiting-row"][data-pathway-id="${uscId}"]`).getByRole('button', { name: /^Book / }).click();
  const panel = other.getByRole('region', { name: 'Booking' });
  const target = panel.getByTestId('first-appointment-target');
  await target.filter({ hasText: `a first appointment by ${ukDate(addDays(referred, 10))} (10 days from referral` }).waitFor();
  // A date after the target is allowed, and said in words.
  const later = addDays(referred, 40) > today ? addDays(referred, 40) : addDays(today, 30);
  await fillDate(panel, 'booking-from', later);
  await panel.getByRole('button', { name: 'Find next free slot' }).click();
  await panel.getByRole('radio').first().waitFor();
  await panel.getByTestId('first-appointment-warning').filter({ hasText: "after the trust's target for a first appointment" }).waitFor();
  assert.match(await panel.getByRole('radio').first().locator('..').textContent(), /after the trust's first-appointment target/);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
  await deskA.close();
  await deskB.close();
});

test('a patient the clinic decided to treat needs a procedure slot: the waiting list says so and the panel books a procedure list', async () => {
  const context = await fixture.browser.newContext();
  // The list filtered to those needing a procedure, straight from the address.
  const page = await openPage(context, `${fixture.server.url}/waiting-list?needs=procedure`, { user: 'booking' });
  await waitForSynced(page);
  const rows = page.locator('[data-testid="waiting-row"]');
  await rows.first().waitFor();
  assert.equal(await page.getByLabel('Needs').inputValue(), 'procedure', 'the filter shows what the address asks for');
  const procedureIds = await rows.evaluateAll((els) => els
    .filter((el) => el.querySelector('[data-testid="needs"]').textContent === 'Procedure')
    .map((el) => el.dataset.pathwayId));
  assert.ok(procedureIds.length > 0, 'the demo trust has patients listed for a procedure');
  const records = await pullAll(fixture.server.url);
  const sessions = new Map(records.filter((r) => r.kind === 'clinic_session').map((s) => [s.id, s]));
  // Every one of them has a decision to treat or admit and no treatment since.
  for (const id of procedureIds) {
    const events = records.find((r) => r.kind === 'pathway' && r.id === id).events.map((e) => e.type);
    const decided = Math.max(events.lastIndexOf('decision_to_treat'), events.lastIndexOf('decision_to_admit'));
    assert.ok(decided >= 0, `${id} has a decision to treat`);
    assert.ok(!events.slice(decided).includes('first_definitive_treatment'), `${id} is not treated yet`);
  }
  // One whose specialty runs procedure lists (urology and dermatology in the demo trust); not a cancer pathway, whose
  // deadline may ask for a reason to book past it (another test's subject).
  const bookable = procedureIds.find((id) => {
    const pathway = records.find((r) => r.kind === 'pathway' && r.id === id);
    return !pathway.cancer
      && [...sessions.values()].some((s) => s.specialty_id === pathway.specialty_id && s.slots.some((slot) => slot.slot_type === 'procedure'));
  });
  assert.ok(bookable, 'a patient whose specialty has procedure lists');
  await page.locator(`[data-testid="waiting-row"][data-pathway-id="${bookable}"]`).getByRole('button', { name: /^Book / }).click();
  const panel = page.getByRole('region', { name: 'Booking' });
  assert.equal(await panel.getByTestId('slot-type').textContent(), 'Procedure');
  assert.equal(await panel.getByTestId('first-appointment-target').count(), 0, 'not a first appointment');
  await panel.getByRole('radio').first().waitFor();
  await panel.getByRole('button', { name: 'Book', exact: true }).click();
  await page.locator('[data-testid="booked"], [data-testid="booking-error"]').first().waitFor();
  if (await panel.getByTestId('booking-error').count()) assert.fail(`not booked: ${await panel.textContent()}`);
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="waiting-row"][data-pathway-id="${id}"]`), bookable);
  await waitForSynced(page);
  const after = await pullAll(fixture.server.url);
  const booked = after.filter((r) => r.kind === 'appointment' && r.pathway_id === bookable && r.status === 'booked');
  assert.equal(booked.length, 1);
  assert.equal(booked[0].slot_type, 'procedure');
  const list = sessions.get(booked[0].session_id);
  assert.ok(list.slots.some((slot) => slot.id === booked[0].slot_id && slot.slot_type === 'procedure'), 'booked into a procedure slot');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("a change from a desk whose date is further back than the trust's offline days is refused with the reason, kept under Problems, and the rest syncs", async () => {
  // This file's first test set 21 days: a desk whose date is 25 days back is past it.
  const records = await pullAll(fixture.server.url);
  const patient = records.find((r) => r.kind === 'patient');
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/patients/${patient.id}`, { user: 'booking' });
  await waitForSynced(page);
  const today = await appToday(page);
  const back = addDays(today, -25);
  await page.evaluate((day) => localStorage.setItem('pathdesk.today', day), back);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  const old = `Written on a desk dated ${back} (e2e ${Date.now()})`;
  await page.getByLabel('New note').fill(old);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved on this device' }).first().waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="sync-status"]');
    return el.dataset.pending === '0' && el.dataset.problems === '1';
  }, null, { timeout: 60_000 });
  await page.goto(`${fixture.server.url}/problems`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByText(/25 days ago, and the trust applies changes from a desk that was offline for up to 21 days/).first().waitFor();
  await page.getByText(old).first().waitFor();

  // Back on today's date, the next change syncs as usual.
  await page.evaluate(() => localStorage.removeItem('pathdesk.today'));
  await page.goto(`${fixture.server.url}/patients/${patient.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  const current = `Written today (e2e ${Date.now()})`;
  await page.getByLabel('New note').fill(current);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved on this device' }).first().waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced(page);
  const notes = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note').map((n) => n.text);
  assert.ok(notes.includes(current), 'today\'s note is on the server');
  assert.ok(!notes.includes(old), 'the refused one is not');
  await context.close();
});

test("a team lead names a consultant's secretary in Settings: only that service's secretaries are offered, and it is kept, synced and used for their letters", async () => {
  const records = await pullAll(fixture.server.url);
  const consultant = records.find((r) => r.kind === 'consultant' && r.secretary === 'S. Patel (Urology)');
  assert.ok(consultant, "the demo names S. Patel as a urologist's secretary");
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/settings`);
  await waitForSynced(page);
  const row = page.locator(`[data-testid="consultant-secretary"][data-consultant-id="${consultant.id}"]`);
  const select = row.getByLabel(`Secretary for ${consultant.name}`);
  // The urology secretaries who can sign in, and the team: no cardiology or dermatology secretary, nobody typed.
  await select.locator('option', { hasText: 'R. Hughes (Urology)' }).waitFor({ state: 'attached' });
  assert.deepEqual(await select.locator('option').allTextContents(),
    ['Medical secretaries (the team)', 'R. Hughes (Urology)', 'S. Patel (Urology)']);
  assert.equal(await select.inputValue(), 'S. Patel (Urology)');
  await select.selectOption('R. Hughes (Urology)');
  await row.getByRole('button', { name: `Save ${consultant.name}'s secretary` }).click();
  await page.getByTestId('secretary-saved').filter({ hasText: `${consultant.name}'s letters go to R. Hughes (Urology). Saved on this device.` }).waitFor();
  // The confirmation takes the focus (on the next frame), so the person at the keyboard hears it and carries on.
  await page.waitForFunction(() => document.activeElement?.id === 'secretary-saved', null, { timeout: 5_000 });
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  // Kept on this device: shown again after the reload.
  await page.waitForFunction((id) => document.querySelector(`[data-consultant-id="${id}"] select`)?.value === 'R. Hughes (Urology)', consultant.id);
  await waitForSynced(page);
  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'consultant' && r.id === consultant.id);
  assert.equal(onServer.secretary, 'R. Hughes (Urology)');
  assert.deepEqual(page.problems, []);
  await context.close();
});
