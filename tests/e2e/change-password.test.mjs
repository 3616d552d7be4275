// First start: the administrator signs in with the one-time password the server printed and must choose their
// own before anything else; the new one then signs in and the one-time one no longer does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, signInWithForm } from './harness.mjs';

const fixture = serverAndBrowser({ adminPassword: null });

test('the administrator replaces the printed one-time password before using Pathdesk', async () => {
  const printed = fixture.server.output().match(/Administrator account: admin \/ one-time password: (\S+)/);
  assert.ok(printed, `the server printed the administrator's one-time password:\n${fixture.server.output()}`);
  const oneTime = printed[1];

  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInWithForm(page, 'admin', oneTime);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  assert.equal(await page.locator('[data-testid="app-shell"]').count(), 0, 'nothing else before a new password');

  await page.getByLabel('One-time password').fill(oneTime);
  await page.getByLabel('New password', { exact: true }).fill('too short');
  await page.getByLabel('New password again').fill('too short');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('alert').filter({ hasText: 'use at least 10' }).waitFor();

  // Containing the username is refused (with the reason, before anything is sent); three random words are not.
  await page.getByLabel('New password', { exact: true }).fill('a new administrator password');
  await page.getByLabel('New password again').fill('a new administrator password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('alert').filter({ hasText: 'contains your username' }).waitFor();

  const chosen = 'kettle harbour violet';
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('New password again').fill(chosen);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  await page.getByRole('link', { name: 'Audit', exact: true }).waitFor();

  const signIn = (password) => context.request.post(`${fixture.server.url}/api/session`,
    { data: { username: 'admin', password } });
  assert.equal((await signIn(oneTime)).status(), 401, 'the one-time password is used up');
  const fresh = await signIn(chosen);
  assert.equal(fresh.status(), 200);
  assert.equal((await fresh.json()).must_change_password, false);
  await context.close();
});
