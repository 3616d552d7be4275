// Benchmark: reception at trust scale, as the person sees it, in headless Chromium with a real server. A trust of
// PATHDESK_BENCH_PATIENTS patients (40,000 by default: about 48,000 pathways) is synced onto the desk, then:
// - the first sync: signed in to "Synced" (budget 10 s, issue 19);
// - "Arrived" clicked to the row saying Arrived (budget 100 ms);
// - a reload to a usable Today: the first clinic row drawn (budget 1.0 s);
// and, as a team lead on the same trust: the PTL opened from the menu (budget 500 ms), a PTL filter ticked to the
// list redrawn (budget 50 ms), back to Today from the menu (budget 300 ms), and each key typed in Find patient to the
// results redrawn (budget 100 ms).
import { startServer, launchBrowser, openPage, waitForSynced } from '../harness.mjs';

const PATIENTS = Number(process.env.PATHDESK_BENCH_PATIENTS ?? 40_000);
const BUDGET = { firstSyncMs: 10_000, arrivedMs: 100, reloadMs: 1_000, ptlOpenMs: 500, ptlFilterMs: 50, navigationMs: 300, keyMs: 100 };
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

  // Navigation and the PTL, as a team lead on their own desk (a second first sync), measured in the page from the
  // click to the screen drawn. After the sync the desk keeps the lists' records in memory, in steps between which
  // it answers clicks: how long that takes after "Synced" is printed, then the PTL is opened (the first time since
  // the page loaded, then twice more after going back to Today).
  // The app's Content-Security-Policy allows no eval: the condition is data (a selector, and text it must no longer
  // say), and a screen that never comes fails the benchmark after 10 s rather than hanging it.
  const leadContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const leadStarted = performance.now();
  const lead = await openPage(leadContext, server.url, { user: 'lead' });
  await waitForSynced(lead, 300_000);
  const leadSync = performance.now() - leadStarted;
  const readyStarted = performance.now();
  await lead.waitForSelector('body[data-lists-ready="true"]', { timeout: 120_000 });
  const listsReady = performance.now() - readyStarted;
  const clickUntil = (click, selector, notText) => lead.evaluate(async ({ click, selector, notText }) => {
    const start = performance.now();
    document.querySelector(click).click();
    await new Promise((resolve, reject) => {
      const check = () => {
        const el = document.querySelector(selector);
        if (el && (notText === null || el.textContent !== notText)) return resolve();
        if (performance.now() - start > 10_000) return reject(new Error(`${selector} not drawn after clicking ${click}`));
        requestAnimationFrame(check);
      };
      check();
    });
    return performance.now() - start;
  }, { click, selector, notText });
  const ptlOpen = []; const ptlFilter = []; const toToday = [];
  for (let i = 0; i < 3; i++) {
    ptlOpen.push(await clickUntil('a.app-nav__link[href="/pathways"]', '.ptl-row', null));
    const before = await lead.getByTestId('ptl-count').textContent();
    ptlFilter.push(await clickUntil('#ptl-over-52', '[data-testid=ptl-count]', before));
    await lead.locator('#ptl-over-52').uncheck();
    toToday.push(await clickUntil('a.app-nav__link[href="/"]', '[data-testid=reception-row]', null));
  }
  // Find patient: each key of a surname typed to the results redrawn.
  await page.goto(`${server.url}/patients`);
  await page.locator('#patient-search').waitFor();
  await page.waitForFunction(() => /patients? on this device/.test(document.querySelector('main').textContent), null, { timeout: 60_000 });
  const keys = await page.evaluate(async () => {
    const box = document.querySelector('#patient-search');
    const times = [];
    let typed = '';
    for (const key of 'SMITH') {
      typed += key;
      const start = performance.now();
      box.value = typed;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve, reject) => {
        const check = () => {
          if (/found/.test(document.querySelector('main [role=status]')?.textContent ?? '')) return resolve();
          if (performance.now() - start > 10_000) return reject(new Error(`no results for ${typed}`));
          requestAnimationFrame(check);
        };
        check();
      });
      await new Promise((resolve) => requestAnimationFrame(resolve));
      times.push(performance.now() - start);
    }
    return times;
  });

  console.log(`first sync of ${PATIENTS} patients: ${(firstSync / 1000).toFixed(1)} s (budget ${BUDGET.firstSyncMs / 1000} s): ${verdict(firstSync, BUDGET.firstSyncMs)}`);
  console.log(`reception "Arrived" click to row updated: median ${median(times).toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')} (budget ${BUDGET.arrivedMs} ms): ${verdict(median(times), BUDGET.arrivedMs)}`);
  console.log(`reload to a usable Today: median ${median(reloads).toFixed(0)} ms (budget ${BUDGET.reloadMs} ms): ${verdict(median(reloads), BUDGET.reloadMs)}`);
  console.log(`team lead's first sync: ${(leadSync / 1000).toFixed(1)} s (budget ${BUDGET.firstSyncMs / 1000} s): ${verdict(leadSync, BUDGET.firstSyncMs)}; the lists' records and the PTL kept in memory ${(listsReady / 1000).toFixed(1)} s after it (no budget: the desk answers clicks meanwhile)`);
  const worstOpen = Math.max(...ptlOpen);
  console.log(`PTL opened from the menu: worst ${worstOpen.toFixed(0)} ms of ${ptlOpen.map((t) => t.toFixed(0)).join(', ')} (the first since the page loaded first; budget ${BUDGET.ptlOpenMs} ms): ${verdict(worstOpen, BUDGET.ptlOpenMs)}`);
  console.log(`PTL filter ticked to the list redrawn: median ${median(ptlFilter).toFixed(0)} ms (budget ${BUDGET.ptlFilterMs} ms): ${verdict(median(ptlFilter), BUDGET.ptlFilterMs)}`);
  console.log(`back to Today from the menu: median ${median(toToday).toFixed(0)} ms (budget ${BUDGET.navigationMs} ms): ${verdict(median(toToday), BUDGET.navigationMs)}`);
  const worstKey = Math.max(...keys);
  console.log(`Find patient, each key to the results redrawn: worst ${worstKey.toFixed(0)} ms of ${keys.map((t) => t.toFixed(0)).join(', ')} (budget ${BUDGET.keyMs} ms): ${verdict(worstKey, BUDGET.keyMs)}`);
} finally {
  await browser.close();
  await server.dispose();
}
