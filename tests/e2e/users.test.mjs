// Users, for administrators: the people who can sign in, and adding one with a one-time password that the new
// person must replace at first sign-in. A refused addition keeps what was typed; others cannot see the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, signInWithForm, waitForSynced, ADMIN_PASSWORD } from './harness.mjs';

const fixture = serverAndBrowser();

test('an administrator adds a receptionist for one service, who must choose a password at first sign-in', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInWithForm(page, 'admin', ADMIN_PASSWORD);
  await page.locator('[data-testid="signed-in-name"]').waitFor();
  await waitForSynced(page); // the services are named from the synced specialties
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  const row = (username) => page.locator(`[data-testid="user"][data-username="${username}"]`);
  await row('secretary').waitFor();
  assert.match(await row('secretary').innerText(), /Medical secretary\s+Urology$/);
  assert.match(await row('lead').innerText(), /All services/);

  await page.getByLabel('Username').fill('new.reception');
  await page.getByLabel('Name (as it signs their changes)').fill('R. Desk');
  await page.getByLabel('Role').selectOption({ label: 'Receptionist' });
  await page.getByLabel('Urology').check();
  await page.getByLabel('One-time password (at least 10 characters)').fill('short');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('alert').filter({ hasText: '10 to' }).waitFor();
  // The NHS error pattern: a focused summary linking to the box, and the message at the box.
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary'); // focus moves on the next frame
  assert.equal(await page.getByTestId('error-summary').getByRole('link').getAttribute('href'), '#user-password');
  await page.locator('#user-password-error', { hasText: 'must be 10 to' }).waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'new.reception', 'what was typed is kept');
  assert.equal(await page.getByLabel('Urology').isChecked(), true);

  // A username already taken is refused by the server: said at the username, nothing else lost.
  await page.getByLabel('Username').fill('secretary');
  await page.getByLabel('One-time password (at least 10 characters)').fill('first-day-password');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.locator('#user-username-error', { hasText: 'There is already a user called secretary' }).waitFor();
  assert.equal(await page.getByTestId('error-summary').getByRole('link').getAttribute('href'), '#user-username');
  assert.equal(await page.getByLabel('Name (as it signs their changes)').inputValue(), 'R. Desk');
  await page.getByLabel('Username').fill('new.reception');

  await page.getByLabel('One-time password (at least 10 characters)').fill('first-day-password');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.locator('[data-testid="user-added"]').filter({ hasText: 'Added R. Desk (new.reception)' }).waitFor();
  assert.match(await row('new.reception').innerText(), /Receptionist\s+Urology$/);
  await page.reload();
  await page.waitForSelector('body[data-app-ready="true"]');
  await row('new.reception').waitFor();
  await context.close();

  const theirs = await fixture.browser.newContext();
  const desk = await openPage(theirs, fixture.server.url, { user: null });
  await signInWithForm(desk, 'new.reception', 'first-day-password');
  await desk.getByRole('heading', { name: 'Choose your password' }).waitFor();
  const session = await (await theirs.request.get(`${fixture.server.url}/api/session`)).json();
  assert.equal(session.user.role, 'receptionist');
  assert.equal(session.must_change_password, true);
  await theirs.close();
});

test('only administrators see the users', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, `${fixture.server.url}/users`);
  await page.getByRole('alert').filter({ hasText: 'Only administrators can see and add users.' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Users', exact: true }).count(), 0, 'not in the menu');
  assert.equal(await page.locator('[data-testid="users"]').count(), 0);
  await context.close();
});
