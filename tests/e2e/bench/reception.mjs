// Benchmark: reception at trust scale, as the person sees it, in headless Chromium with a real server. A trust of
// PATHDESK_BENCH_PATIENTS patients (40,000 by default: about 48,000 pathways) is synced onto the desk, then:
// - the first sync: signed in to "Synced" (budget 10 s, issue 19);
// - "Arrived" clicked to the row saying Arrived (budget 100 ms);
// - a reload to a usable Today: the first clinic row drawn (budget 1.0 s).
import { startServer, launchBrowser, openPage, waitForSynced } from '../harness.mjs';

const PATIENTS = Number(process.env.PATHDESK_BENCH_PATIENTS ?? 40_000);
const BUDGET = { firstSyncMs: 10_000, arrivedMs: 100, reloadMs: 1_000 };
const verdict = (ms, budget) => (ms <= budget ? 'within budget' : 'OVER BUDGET');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ demoPatients: PATIENTS });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const started = performance.now();
  const page = await openPage(context, server.url, { user: 'reception' });
  await waitForSynced(page, 300_000);
  const firstSync = performance.now() - started;
  const records = await page.evaluate(() => document.querySelector('[data-testid=sync-status]').textContent);
  console.log(`reception bench: ${PATIENTS} patients; after the first sync the header says "${records.trim()}"`);

  // Arrived, on five rows still booked: click to the row's status saying so.
  const times = [];
  for (let i = 0; i < 5; i++) {
    const row = page.locator('[data-testid=reception-row]', { has: page.getByRole('button', { name: /^Arrived: / }) }).first();
    const id = await row.getAttribute('data-appointment-id');
    const button = row.getByRole('button', { name: /^Arrived: / });
    await button.scrollIntoViewIfNeeded();
    const ms = await page.evaluate(async (id) => {
      const selector = `[data-appointment-id="${id}"] [data-testid=appointment-status]`;
      const button = document.querySelector(`[data-appointment-id="${id}"] button.button`);
      const start = performance.now();
      button.click();
      await new Promise((resolve) => {
        const check = () => (document.querySelector(selector)?.textContent === 'Arrived' ? resolve() : requestAnimationFrame(check));
        check();
      });
      return performance.now() - start;
    }, id);
    times.push(ms);
  }

  // Reload to a usable Today: navigation to the first clinic row drawn.
  const reloads = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await page.reload();
    await page.locator('[data-testid=reception-row]').first().waitFor({ timeout: 60_000 });
    reloads.push(performance.now() - start);
  }

  console.log(`first sync of ${PATIENTS} patients: ${(firstSync / 1000).toFixed(1)} s (budget ${BUDGET.firstSyncMs / 1000} s): ${verdict(firstSync, BUDGET.firstSyncMs)}`);
  console.log(`reception "Arrived" click to row updated: median ${median(times).toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')} (budget ${BUDGET.arrivedMs} ms): ${verdict(median(times), BUDGET.arrivedMs)}`);
  console.log(`reload to a usable Today: median ${median(reloads).toFixed(0)} ms (budget ${BUDGET.reloadMs} ms): ${verdict(median(reloads), BUDGET.reloadMs)}`);
} finally {
  await browser.close();
  await server.dispose();
}
