// Reports end to end: "Waiting for review" counted by hand from the server's records (follow-ups past the date the
// clinic asked for them by, not yet booked, by consultant and how overdue), on screen and in the CSV for Excel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serverAndBrowser, openPage, waitForSynced, pullAll } from './harness.mjs';

const fixture = serverAndBrowser();

test('waiting for review matches a hand count of the overdue follow-ups, on screen and in the CSV', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const daysSince = (iso) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
  const records = await pullAll(fixture.server.url);
  const bands = [[1, 14], [15, 42], [43, 84], [85, Infinity]];
  const counted = new Map();
  for (const p of records.filter((r) => r.kind === 'pathway' && r.follow_up_due)) {
    const overdue = daysSince(p.follow_up_due);
    const band = bands.findIndex(([first, last]) => overdue >= first && overdue <= last);
    if (band < 0) continue;
    const counts = counted.get(p.consultant_id) ?? [0, 0, 0, 0];
    counts[band] += 1;
    counted.set(p.consultant_id, counts);
  }
  assert.ok(counted.size > 0, 'the demo has overdue follow-ups');

  const context = await fixture.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, `${fixture.server.url}/reports`, { user: 'lead' });
  await waitForSynced(page);
  await page.getByTestId('review-all').waitFor();
  const shown = await page.getByTestId('review-row').evaluateAll((rows) => rows.map((row) =>
    [row.dataset.consultantId, [...row.querySelectorAll('td')].map((td) => Number(td.textContent))]));
  assert.deepEqual(new Map(shown.map(([id, cells]) => [id, cells.slice(0, 4)])), counted);
  for (const [, cells] of shown) assert.equal(cells[4], cells.slice(0, 4).reduce((a, b) => a + b, 0), 'the total adds up');
  const all = [0, 1, 2, 3].map((i) => [...counted.values()].reduce((sum, counts) => sum + counts[i], 0));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export to CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `waiting-for-review-${today}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'Consultant,Overdue up to 2 weeks,Overdue 2 to 6 weeks,Overdue 6 to 12 weeks,Overdue over 12 weeks,Total');
  assert.equal(lines.at(-2), `All consultants,${all.join(',')},${all.reduce((a, b) => a + b, 0)}`);
  await context.close();
});
