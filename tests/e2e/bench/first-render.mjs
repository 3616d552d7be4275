// Benchmark: time to first render of the shell from the service worker's cache (the server stopped, as on a
// reception PC with the network down), in headless Chromium. Median of several cold tabs.
import { startServer, launchBrowser, openPage, waitForSynced } from '../harness.mjs';

const BUDGET_MS = 1000;
const RUNS = 7;

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const warm = await openPage(context, server.url);
  await waitForSynced(warm);
  await warm.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await warm.close();
  await server.stop();

  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
    times.push(performance.now() - started);
    await page.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const verdict = median <= BUDGET_MS ? 'within budget' : 'OVER BUDGET';
  console.log(`first render from cache: median ${median.toFixed(0)} ms over ${RUNS} runs (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}) (budget ${BUDGET_MS} ms): ${verdict}`);
} finally {
  await browser.close();
  await server.dispose();
}
