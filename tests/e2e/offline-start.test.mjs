// A reception PC that reboots while the network is down still opens Pathdesk, with its data, once the person who
// signed in there unlocks it with their password (checked on the device).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, signInWithForm, waitForSynced, DEMO_PASSWORD } from './harness.mjs';

const fixture = serverAndBrowser();

test('the app starts offline from the service worker, with the data already synced', async () => {
  const context = await fixture.browser.newContext();
  const page = await openPage(context, fixture.server.url, { user: null });
  await signInWithForm(page, 'reception', DEMO_PASSWORD);
  await waitForSynced(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.getByRole('link', { name: 'Patients', exact: true }).first().click();
  await page.getByLabel('Search patients').fill('a');
  const online = await page.locator('a[href^="/patients/"]').count();
  assert.ok(online > 0, 'patients are listed online');

  await fixture.server.stop();
  await context.setOffline(true);
  // A new tab, as after a reboot: nothing in memory, only the service worker's cache and IndexedDB.
  const fresh = await context.newPage();
  await fresh.goto(`${fixture.server.url}/patients`);
  await fresh.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  await fresh.locator('[data-testid="lock-screen"]').waitFor();
  await fresh.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await fresh.getByRole('button', { name: 'Unlock' }).click();
  await fresh.getByLabel('Search patients').fill('a');
  await fresh.locator('a[href^="/patients/"]').first().waitFor();
  assert.ok(await fresh.locator('a[href^="/patients/"]').count() > 0, 'patients are listed offline');
  assert.equal(await fresh.locator('[data-testid="sync-status"]').getAttribute('data-online'), 'false');
  await context.close();
});
