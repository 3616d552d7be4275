// The end-to-end harness: the real server binary serving the real release build, driven in Debian's headless
// Chromium through playwright-core (no browser download). `cargo xtask test` builds both and sets
// PATHDESK_SERVER_BIN and PATHDESK_DIST.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, copyFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

/// The demo users' password (see the README), and the administrator's first password in these tests.
export const DEMO_PASSWORD = 'pathdesk-demo';
export const ADMIN_PASSWORD = 'pathdesk-e2e-installer';
const serverBin = process.env.PATHDESK_SERVER_BIN ?? join(root, 'target/debug/pathdesk-server');
const dist = process.env.PATHDESK_DIST ?? join(root, 'dist');

// Chromium as root needs --no-sandbox; the rest keep it from reaching for the internet (see shared/toolchain.md).
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms`);
}

/// Start the server on a free port with a fresh data folder. `demoPatients` sizes the seeded demo trust;
/// `adminPassword: null` lets the server make the administrator's one-time password (see `server.output()`).
export async function startServer({ demoPatients = 400, adminPassword = ADMIN_PASSWORD, embeddedApp = false } = {}) {
  if (!existsSync(serverBin)) throw new Error(`no server binary at ${serverBin}: run \`cargo xtask test\``);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built app in ${dist}: run \`cargo xtask test\``);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pathdesk-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let child = null;
  let log = '';
  const env = {
    ...process.env,
    PATHDESK_ADDR: `127.0.0.1:${port}`,
    PATHDESK_DATA_DIR: dataDir,
    PATHDESK_DIST: dist,
    PATHDESK_DEMO_PATIENTS: String(demoPatients),
    ...(adminPassword ? { PATHDESK_ADMIN_PASSWORD: adminPassword } : {}),
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  if (!adminPassword) delete env.PATHDESK_ADMIN_PASSWORD;
  // The app the server binary carries, as a trust installs it, rather than the built folder.
  if (embeddedApp) delete env.PATHDESK_DIST;
  const server = {
    url,
    dataDir,
    async start() {
      child = spawn(serverBin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => { log += d; });
      child.stderr.on('data', (d) => { log += d; });
      try {
        await waitForHealth(url, child, 60_000);
      } catch (e) {
        throw new Error(`${e.message}\nserver output:\n${log}`);
      }
    },
    /// What the server printed so far.
    output() {
      return log;
    },
    /// Stop the server, as when the network to it is down; the data folder stays for a restart.
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
    /// `pathdesk-server backup FILE` while the server runs; the path of the copy.
    backup() {
      const file = join(dataDir, `backup-${Date.now()}.sqlite`);
      execFileSync(serverBin, ['backup', file], { env, stdio: 'pipe' });
      return file;
    },
    /// Restore as the README says: stop, put the copy in place of the database file, start.
    async restore(file) {
      await server.stop();
      for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, `pathdesk.sqlite${suffix}`), { force: true });
      copyFileSync(file, join(dataDir, 'pathdesk.sqlite'));
      await server.start();
    },
    async dispose() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/// Sign a browser context in (the HttpOnly session cookie lands in the context), once per context and user.
export async function signIn(context, url, { user = 'lead', password = DEMO_PASSWORD } = {}) {
  if (context.pathdeskUser === user) return;
  const res = await context.request.post(`${new URL(url).origin}/api/session`, {
    data: { username: user, password },
  });
  if (!res.ok()) throw new Error(`signing in as ${user} failed: ${res.status()} ${await res.text()}`);
  context.pathdeskUser = user;
}

/// Sign in through the app's own sign-in screen (which also keeps the offline unlock check on the device).
export async function signInWithForm(page, user = 'lead', password = DEMO_PASSWORD) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// A page that fails the test on any console error or CSP violation. Its context is signed in as `lead` first,
/// unless `user` names another demo user or is null (nobody signed in: the app shows its sign-in screen).
/// `clock: true` installs Playwright's clock before the app loads, so a test can move time forward.
export async function openPage(context, url, { user = 'lead', password = DEMO_PASSWORD, clock = false } = {}) {
  if (user) await signIn(context, url, { user, password });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(msg.text());
  });
  page.on('pageerror', (err) => page.problems.push(String(err)));
  await page.goto(url);
  await page.waitForSelector('body[data-app-ready="true"]', { timeout: 30_000 });
  return page;
}

export const syncStatus = (page) => page.locator('[data-testid="sync-status"]');

/// Wait until this device has nothing waiting to sync and has synced at least once.
export async function waitForSynced(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="sync-status"]');
    return el && el.dataset.pending === '0' && el.dataset.lastSync && el.dataset.syncing !== 'true';
  }, null, { timeout });
}

/// A signed-in session outside the browser: its cookie header and anti-forgery token.
export async function apiSession(url, user = 'lead', password = DEMO_PASSWORD) {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password }),
  });
  if (!res.ok) throw new Error(`signing in as ${user} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const info = await res.json();
  return { cookie, csrf: info.csrf_token, info };
}

/// The server's records, read through the pull API (as a second device would), signed in as `user`.
export async function pullAll(url, user = 'lead') {
  const { cookie } = await apiSession(url, user);
  const records = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${url}/api/sync/pull?after=${after}&limit=2000`, { headers: { cookie } });
    if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
    const page = await res.json();
    records.push(...page.changes.map((c) => c.record));
    after = page.next_cursor;
    if (!page.has_more) return records;
  }
}

/// For tests that replay history (clinics months ago, pushed as desks dated then would): the trust lets changes from
/// an offline desk be up to a year old (the most Settings allows), as a team lead would save it.
export async function acceptChangesUpToAYearOld(url) {
  const { cookie, csrf } = await apiSession(url, 'lead');
  const settings = { booking: { reasonable_notice_days: 21, leave_notice_weeks: 6, declined_offers_before_review: 2 }, offline_days: 366 };
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ client_id: randomUUID(), commands: [{ id: randomUUID(), seq: 1, issued_on: today, author: 'Lead',
      command: { type: 'save_trust_settings', settings } }] }),
  });
  const body = await res.json();
  if (!res.ok || body.results[0].outcome !== 'applied') throw new Error(`saving the trust settings failed: ${JSON.stringify(body)}`);
}

/// One server and one browser for a test file: started before its tests, stopped after them.
/// Returns an object whose `server` and `browser` are set once the tests run. `setup(fixture)`, if given, runs
/// once both are up (one hook, so nothing depends on the order node runs separate hooks in).
export function serverAndBrowser(options, setup) {
  const fixture = { server: null, browser: null };
  before(async () => {
    fixture.server = await startServer(options);
    fixture.browser = await launchBrowser();
    if (setup) await setup(fixture);
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.server?.dispose();
  });
  return fixture;
}

/// Wait until the service worker controls the page, so a reload works with the server down.
export async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null,
    null, { timeout: 30_000 });
}

/// axe-core's WCAG 2.2 A and AA rules on the page as it is: every violation, with the elements it found.
export async function axeViolations(page) {
  const source = readFileSync(join(root, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/// Types `iso` ("2026-12-07", or a Date) into the NHS date input whose day box has the id `id` (its month and year
/// boxes are `id-month` and `id-year`), day first, as a person would whatever the browser's locale.
export async function fillDate(scope, id, iso) {
  const [year, month, day] = (iso instanceof Date ? iso.toISOString().slice(0, 10) : iso).split('-');
  await scope.locator(`[id="${id}"]`).fill(String(Number(day)));
  await scope.locator(`[id="${id}-month"]`).fill(String(Number(month)));
  await scope.locator(`[id="${id}-year"]`).fill(year);
}

/// The date an NHS date input holds, as "2026-12-07" ('' while a box is empty).
export async function dateValue(scope, id) {
  const parts = await Promise.all(['', '-month', '-year'].map((s) => scope.locator(`[id="${id}${s}"]`).inputValue()));
  if (parts.some((p) => p.trim() === '')) return '';
  const [day, month, year] = parts.map((p) => p.trim());
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/// Waits until the NHS date input `id` holds `iso` (a form prefilling it, say).
export async function waitForDate(scope, id, iso, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await dateValue(scope, id).catch(() => '');
    if (value === iso) return;
    if (Date.now() > deadline) throw new Error(`the date input ${id} holds "${value}", not ${iso}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/// Types `iso` into the day, month and year boxes of a date input found by its group (fieldset) name.
export async function fillDateIn(scope, name, iso) {
  const group = scope.getByRole('group', { name, exact: true });
  const [year, month, day] = (iso instanceof Date ? iso.toISOString().slice(0, 10) : iso).split('-');
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year);
}
