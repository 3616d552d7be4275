// Every screen a person works on, checked with axe-core (WCAG 2.2 A and AA) at a trust PC's size and on a tablet,
// where the controls a finger uses must be at least 44 px high (checkboxes and radios 32 px, inside a taller label).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, waitForSynced, pullAll, axeViolations } from './harness.mjs';

const fixture = serverAndBrowser();

/// Every route of the app, with a real record for the pages about one.
async function screens() {
  const records = await pullAll(fixture.server.url);
  const of = (kind, keep = () => true) => records.find((r) => r.kind === kind && keep(r));
  const session = of('clinic_session', (s) => s.status.state === 'scheduled');
  const pathway = of('pathway', (p) => p.events.some((e) => e.type === 'outpatient_attended'));
  const untriaged = of('pathway', (p) => !p.events.some((e) => e.type === 'triaged'));
  const task = of('task', (t) => t.status === 'open' && t.patient_id);
  const seen = of('appointment', (a) => a.status === 'seen');
  const booked = of('appointment', (a) => a.status === 'booked');
  const validating = of('task', (t) => t.id.startsWith('validation-') && t.status === 'open');
  const meeting = of('mdt_meeting', (m) => m.patients?.length > 0);
  for (const [what, found] of Object.entries({ session, pathway, untriaged, task, seen, booked, validating, meeting })) {
    assert.ok(found, `the demo trust has a ${what}`);
  }
  return [
    '/', '/clinics', '/clinics/templates', '/clinics/leave', `/clinics/sessions/${session.id}`, '/triage',
    `/triage/${untriaged.id}`, '/waiting-list', '/admitted-list', '/pathways', `/pathways/${pathway.id}`, '/patients',
    `/patients/${pathway.patient_id}`, '/patients/new', `/patients/${pathway.patient_id}/referral`,
    `/patients/${pathway.patient_id}/details`, '/tasks', '/tasks/team', '/tasks/escalations', `/tasks/${task.id}`,
    `/appointments/${booked.id}/letter`, `/appointments/${seen.id}/outcome`, '/problems', '/settings', '/audit',
    '/reports', '/reports?report=clinic-use', '/reports?report=did-not-attend', '/reports?report=cancellations',
    '/reports?report=validation', '/import', '/clinics/case-notes', '/clinics/mdt', `/clinics/mdt/${meeting.id}`, '/validation', `/validation/${validating.id.replace(/^validation-|-\d+w$/g, '')}`,
  ];
}

/// Controls on screen smaller than a finger needs: (what, its name, its height).
function smallTargets(page) {
  return page.evaluate(() => {
    const small = [];
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('button, select, input, textarea, a.button')) {
      if (!visible(el) || el.closest('[hidden], .visually-hidden')) continue;
      const kind = el.type === 'checkbox' || el.type === 'radio' ? 'check' : 'control';
      const need = kind === 'check' ? 32 : 44;
      const height = el.getBoundingClientRect().height;
      if (height + 0.5 < need) small.push(`${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ''} "${(el.getAttribute('aria-label') || el.textContent || el.id || el.name || '').trim().slice(0, 40)}" ${height.toFixed(0)} px`);
    }
    return small;
  });
}

for (const [size, options] of [
  ['a trust PC (1366x768)', { viewport: { width: 1366, height: 768 } }],
  ['a tablet (820x1180, touch)', { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true }],
]) {
  test(`every screen is free of axe-core violations on ${size}`, async () => {
    const context = await fixture.browser.newContext(options);
    const page = await openPage(context, fixture.server.url, { user: 'lead' });
    await waitForSynced(page);
    const found = [];
    for (const path of await screens()) {
      await page.goto(`${fixture.server.url}${path}`);
      await page.waitForSelector('body[data-app-ready="true"]');
      await page.locator('h1').first().waitFor();
      // The screen's data drawn (no "Loading…" left), then checked.
      await page.waitForFunction(() => ![...document.querySelectorAll('main p.hint')].some((p) => p.textContent === 'Loading…'),
        null, { timeout: 30_000 });
      for (const violation of await axeViolations(page)) found.push(`${path}: ${violation}`);
      if (options.hasTouch) for (const small of await smallTargets(page)) found.push(`${path}: too small to touch: ${small}`);
    }
    assert.deepEqual(found, []);
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}
