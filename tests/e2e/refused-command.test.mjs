// A command the server refuses is never lost: two desks complete the same task while offline; the second to sync
// is told why, under Problems, with what it sent, until a person deals with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, syncStatus, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('of two desks completing one task offline, the later to sync sees the refusal and its reason', async () => {
  const task = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.status === 'open');
  assert.ok(task, 'the demo trust has open tasks');
  const desks = [];
  for (let i = 0; i < 2; i++) {
    const context = await fixture.browser.newContext();
    const page = await openPage(context, `${fixture.server.url}/tasks`);
    await waitForSynced(page);
    desks.push({ context, page });
  }

  await fixture.server.stop();
  for (const { page } of desks) {
    const row = page.locator(`[data-testid="task"][data-task-id="${task.id}"]`);
    await row.getByRole('button', { name: 'Complete' }).click();
    await page.locator(`[data-testid="task"][data-task-id="${task.id}"][data-status="done"]`).waitFor();
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
  await second.getByText(/already done/i).first().waitFor();
  await second.getByText(task.title).first().waitFor();

  const onServer = (await pullAll(fixture.server.url)).find((r) => r.kind === 'task' && r.id === task.id);
  assert.equal(onServer.status, 'done');
  assert.equal(onServer.history.filter((h) => /^Completed/.test(h.text)).length, 1, 'completed once, not twice');
  for (const { context } of desks) await context.close();
});
