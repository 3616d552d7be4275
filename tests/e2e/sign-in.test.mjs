// Signing in, the idle lock of a shared PC (unlocked with the server down), signing out with and without changes
// that only this device holds, what a read-only person is offered, and the administrator's audit search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  serverAndBrowser, openPage, signInWithForm, waitForSynced, waitForServiceWorker, syncStatus, pullAll,
  DEMO_PASSWORD, ADMIN_PASSWORD,
} from './harness.mjs';

const fixture = serverAndBrowser();

const signInScreen = (page) => page.locator('[data-testid="sign-in"]');
const lockScreen = (page) => page.locator('[data-testid="lock-screen"]');
const shell = (page) => page.locator('[data-testid="app-shell"]');

/// The names of this page's IndexedDB databases.
const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

/// Complete the first open task on the Tasks screen; returns its id.
async function completeATask(page) {
  await page.getByRole('link', { name: 'Tasks', exact: true }).first().click();
  const row = page.locator('[data-testid="task"]').filter({ has: page.getByRole('button', { name: 'Complete' }) }).first();
  const id = await row.getAttribute('data-task-id');
  await row.getByRole('button', { name: 'Complete' }).click();
  // Done, it leaves the open list, and the page says so.
  await page.getByTestId('task-action-done').filter({ hasText: /^Completed: / }).waitFor();
  await page.locator(`[data-testid="task"][data-task-id="${id}"]`).waitFor({ state: 'detached' });
  return id;
}

test('a wrong password is refused with a clear message and keeps the username; the right one opens the app', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInScreen(page).waitFor();
  assert.equal(await shell(page).count(), 0, 'nothing of the app before signing in');

  await signInWithForm(page, 'lead', 'not-the-password');
  const error = page.locator('[data-testid="sign-in-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /username or password is not right/);
  assert.equal(await page.getByLabel('Username').inputValue(), 'lead', 'the username is kept');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is cleared');

  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  assert.equal(await page.locator('[data-testid="user-menu"]').getAttribute('data-role'), 'TeamLead');
  await waitForSynced(page);
  // Reloading keeps the person signed in (the session cookie), and the data.
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  assert.equal(await signInScreen(page).count(), 0);
  assert.deepEqual(page.problems.filter((p) => !/401|Unauthorized/.test(p)), []);
  await context.close();
});

test('after three wrong passwords, signing in is slowed, says how long to wait, and works once the wait is over', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  const error = page.locator('[data-testid="sign-in-error"]');
  for (let attempt = 1; attempt <= 3; attempt++) {
    await signInWithForm(page, 'reception', `wrong ${attempt}`);
    await error.filter({ hasText: 'username or password is not right' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
  }
  await signInWithForm(page, 'reception', DEMO_PASSWORD);
  await error.filter({ hasText: /Too many wrong passwords\. Wait \d+ seconds? and try again/ }).waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'reception');
  assert.equal(await page.locator('[data-testid="app-shell"]').count(), 0, 'not signed in, even with the right password');
  // Slowed, not locked out: after the wait the right password signs in.
  await page.waitForTimeout(2500);
  await signInWithForm(page, 'reception', DEMO_PASSWORD);
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  await context.close();
});

test('an idle screen locks, hides the data, and unlocks offline exactly where the person was', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null, clock: true });
  await signInWithForm(page, 'lead', DEMO_PASSWORD);
  await waitForSynced(page);
  await page.getByRole('link', { name: 'Patients', exact: true }).first().click();
  await page.getByLabel('Search patients').fill('a');
  const patients = page.locator('a[href^="/patients/"]');
  await patients.first().waitFor();
  const name = await page.locator('[data-testid="signed-in-name"]').innerText();

  await fixture.server.stop();
  try {
    // Fourteen minutes: still open. Sixteen: locked.
    await page.clock.fastForward('14:00');
    await page.waitForTimeout(300);
    assert.equal(await lockScreen(page).count(), 0, 'not locked before the trust setting (15 minutes)');
    await page.clock.fastForward('02:00');
    await lockScreen(page).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'unlock-password'); // the keyboard is there
    assert.equal(await page.locator('[data-testid="locked-user"]').innerText(), name);
    assert.equal(await shell(page).getAttribute('inert'), '', 'the app behind cannot be used');
    assert.equal(await shell(page).getAttribute('aria-hidden'), 'true');
    assert.equal(await patients.first().isVisible(), false, 'patient data is hidden while locked');
    assert.equal(await page.getByLabel('Search patients').isVisible(), false);

    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await lockScreen(page).getByRole('alert').waitFor();
    assert.match(await lockScreen(page).getByRole('alert').innerText(), /not the password/);

    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await lockScreen(page).waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/patients', 'the same page');
    assert.equal(await page.getByLabel('Search patients').inputValue(), 'a', 'what was typed is still there');
    const search = await page.getByLabel('Search patients').elementHandle();
    await page.waitForFunction((el) => el === document.activeElement, search, { timeout: 5_000 }); // and the focus
    assert.ok(await patients.first().isVisible(), 'the data is back');
    assert.equal(await syncStatus(page).getAttribute('data-online'), 'false', 'unlocked with the server down');

    // The header's Lock button locks at once, and reloading does not get past it.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await lockScreen(page).waitFor();
    await page.reload();
    await lockScreen(page).waitFor();
  } finally {
    await fixture.server.start();
  }
  // Nor with the server back (the session cookie is still good).
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await lockScreen(page).waitFor();
  assert.equal(await patients.first().isVisible(), false);
  await context.close();
});

test('when the server ends the session, sync asks to sign in again; the outbox and a half-typed note are kept', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url);
  await waitForSynced(page);
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  await page.goto(`${fixture.server.url}/patients/${patient.id}`);
  await page.waitForSelector('body[data-app-ready="true"]');
  await page.getByLabel('New note').waitFor();

  // The session ends on the server (expired, or ended from another tab).
  const ended = await page.evaluate(async () => {
    const { csrf_token: token } = await (await fetch('/api/session')).json();
    return (await fetch('/api/session', { method: 'DELETE', headers: { 'X-CSRF-Token': token } })).status;
  });
  assert.equal(ended, 204);

  // A note saved while the server is out of reach, and another being typed, when the server comes back.
  await fixture.server.stop();
  try {
    await page.getByLabel('New note').fill('Saved while the session had ended');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved on this device' }).first().waitFor();
    await page.getByLabel('New note').fill('Half-typed');
  } finally {
    await fixture.server.start();
  }
  const again = page.locator('[data-testid="sign-in"]');
  // The sync retry may reach the server first; otherwise the person presses Sync now.
  await page.getByRole('button', { name: 'Sync now' }).click({ timeout: 3_000 }).catch(() => {});
  await again.waitFor();
  assert.match(await page.locator('[data-testid="sign-in-notice"]').innerText(), /Signed out: sign in again/);
  assert.equal(await shell(page).getAttribute('inert'), '', 'the app waits, hidden, behind the sign-in');
  assert.equal(await syncStatus(page).getAttribute('data-pending'), '1', 'the change is still waiting');

  await signInWithForm(page, 'lead', DEMO_PASSWORD);
  await again.waitFor({ state: 'detached' });
  await waitForSynced(page);
  assert.equal(await page.getByLabel('New note').inputValue(), 'Half-typed', 'what was being typed is still there');
  const notes = (await pullAll(fixture.server.url)).filter((r) => r.kind === 'patient_note' && r.patient_id === patient.id);
  assert.ok(notes.some((n) => n.text === 'Saved while the session had ended'), 'the kept change reached the server');
  await context.close();
});

test('signing out with everything synced removes this person\'s data from the browser', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInWithForm(page, 'lead', DEMO_PASSWORD);
  await waitForSynced(page);
  assert.ok((await databases(page)).includes('pathdesk-lead'), 'the data is in its own database');

  await page.getByRole('link', { name: 'Sign out' }).click();
  const panel = page.locator('[data-testid="sign-out"]');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-unsynced'), '0');
  assert.equal(await page.locator('[data-testid="unsynced-warning"]').count(), 0);
  await page.getByRole('button', { name: 'Sign out and remove my data from this browser' }).click();

  await signInScreen(page).waitFor();
  assert.match(await page.locator('[data-testid="sign-in-notice"]').innerText(), /data was removed/);
  assert.ok(!(await databases(page)).includes('pathdesk-lead'), 'the database is gone');
  const kept = await page.evaluate(() => localStorage.getItem('pathdesk.users') ?? '');
  assert.doesNotMatch(kept, /"lead"/, 'the person and their unlock check are forgotten');
  const session = await context.request.get(`${fixture.server.url}/api/session`);
  assert.equal(session.status(), 401, 'the session ended on the server');
  await context.close();
});

test('signing out with unsynced changes refuses to remove them until they are exported to a file', async () => {
  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, fixture.server.url);
  await waitForSynced(page);
  await waitForServiceWorker(page);
  await fixture.server.stop();
  let taskId;
  try {
    taskId = await completeATask(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.pending === '1');

    await page.getByRole('link', { name: 'Sign out' }).click();
    const warning = page.locator('[data-testid="unsynced-warning"]');
    await warning.waitFor();
    assert.match(await warning.innerText(), /1 change not yet synced/);
    const remove = page.getByRole('button', { name: 'Sign out and remove my data from this browser' });
    assert.ok(await remove.isDisabled(), 'removing is refused while the change exists only here');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export them to a file' }).click(),
    ]);
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(saved.username, 'lead');
    assert.equal(saved.outbox.length, 1);
    assert.equal(saved.outbox[0].envelope.command.task_id ?? saved.outbox[0].envelope.command.id, taskId,
      `the file holds the change: ${JSON.stringify(saved.outbox[0].envelope.command)}`);
    assert.match(download.suggestedFilename(), /^pathdesk-unsynced-lead-\d{4}-\d{2}-\d{2}\.json$/);

    await remove.click();
    await signInScreen(page).waitFor();
    assert.ok(!(await databases(page)).includes('pathdesk-lead'));
  } finally {
    await fixture.server.start();
  }
  await context.close();
});

test('a read-only person is not offered changes; a team lead is', async () => {
  const offered = async (user) => {
    const context = await fixture.browser.newContext();
    const page = await openPage(context, `${fixture.server.url}/tasks`, { user });
    await waitForSynced(page);
    await page.locator('[data-testid="task"]').first().waitFor();
    const completes = await page.getByRole('button', { name: 'Complete' }).count();
    const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
    await page.goto(`${fixture.server.url}/patients/${patient.id}`);
    await page.waitForSelector('body[data-app-ready="true"]');
    await page.locator('h1').first().waitFor();
    const noteForms = await page.getByLabel('New note').count();
    await context.close();
    return { completes, noteForms };
  };
  const readOnly = await offered('readonly');
  assert.deepEqual(readOnly, { completes: 0, noteForms: 0 });
  const lead = await offered('lead');
  assert.ok(lead.completes > 0 && lead.noteForms === 1, `the lead is offered both: ${JSON.stringify(lead)}`);
});

test('the administrator finds a team lead\'s change and patient opening in the audit, and exports the search as CSV', async () => {
  // A change by the lead, synced.
  const leadContext = await fixture.browser.newContext();
  const lead = await openPage(leadContext, fixture.server.url);
  await waitForSynced(lead);
  await completeATask(lead);
  await waitForSynced(lead);
  // Opening a patient's record while online is recorded too.
  const patient = (await pullAll(fixture.server.url)).find((r) => r.kind === 'patient');
  await lead.goto(`${fixture.server.url}/patients/${patient.id}`);
  await lead.waitForSelector('body[data-app-ready="true"]');
  await lead.locator('h1').first().waitFor();
  await waitForSynced(lead);
  await leadContext.close();

  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInWithForm(page, 'admin', ADMIN_PASSWORD);
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  assert.equal(await page.locator('[data-testid="user-menu"]').getAttribute('data-role'), 'Administrator');

  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByLabel('User').fill('lead');
  await page.getByRole('button', { name: 'Search' }).click();
  const results = page.locator('[data-testid="audit-entry"]');
  await results.first().waitFor();
  const rows = await results.evaluateAll((trs) => trs.map((tr) => tr.innerText));
  assert.ok(rows.some((row) => /complete task/i.test(row) && /applied/i.test(row)),
    `the lead's completed task is in the audit: ${rows.join('\n')}`);
  assert.ok(rows.every((row) => row.includes('lead')), 'only the lead\'s entries');
  const csv = page.getByRole('link', { name: 'Export CSV' });
  assert.equal(await csv.getAttribute('href'), '/api/audit?format=csv&user=lead');
  const file = await context.request.get(`${fixture.server.url}${await csv.getAttribute('href')}`);
  assert.equal(file.status(), 200);
  assert.match(await file.text(), /lead/);

  await page.getByLabel('User').fill('');
  await page.getByLabel('Patient').fill(patient.id);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('[data-testid="audit-entry"][data-action="patient_opened"]').first().waitFor();
  const opened = await page.locator('[data-testid="audit-entry"][data-action="patient_opened"]').first().innerText();
  assert.match(opened, /lead/);
  await context.close();
});
