// The patterns page in a real browser (Debian's Chromium driven by playwright-core) against the
// local cloud running the synthesized demo network: experiments with themes in two municipalities,
// registered and completed through the API, show under their theme with the same figures in the
// chart's table as GET /api/patterns answers; a figure opens the experiments behind it.
// (Code that runs in the page is passed as strings: this project's type check has no DOM types.)
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { projectRoot } from '../../local/cloud.js';
import type { PatternsAnswer } from '../../functions/contract/api-types.js';
import { demoNetwork, startDemo, synthDemo, workDir } from '../e2e/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=da-DK'];
const SCREENS = join(projectRoot, 'test-artifacts', 'screens');
const FACILITATOR = demoNetwork.people.find((p) => p.id === 'camilla-norby')!;

const work = workDir('browser-patterns');
let cloud: LocalCloud;
let context: BrowserContext;
let page: Page;
let profile: string;
let api: string;

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

async function signInLink(email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const m of cloud.mail().reverse()) {
      if (!m.to.some((x) => x.toLowerCase().includes(email)) || m.raw === undefined) continue;
      const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
      const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(parsed.text ?? '')?.[0];
      if (link) return link;
    }
    if (Date.now() > deadline) throw new Error(`no sign-in mail to ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!existsSync(CHROMIUM))('the patterns page in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    cloud = await startDemo(await synthDemo(work.dir), join(work.dir, 'data'));
    api = cloud.urls.api;
    profile = mkdtempSync(join(tmpdir(), 'samskab-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    context.on('weberror', (e) => console.error(`page error: ${e.error().stack ?? e.error().message}`));
  }, 600_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await cloud?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    work.cleanup();
  });

  it('shows the same figures in the chart table as the API, and the experiments behind a figure', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const register = async (municipality: string, title: string, themes: string[]) => {
      const r = await call('POST', '/api/experiments', { municipality, title, challenge: 'Udfordringen.', plan: 'Planen.', startsOn: today, plannedEndOn: today, themes });
      expect(r.status).toBe(202);
      return ((await r.json()) as { experimentId: string }).experimentId;
    };
    const kolding = await register('Kolding', 'Frivillige i ældreplejen', ['frivillighed']);
    const varde = await register('Varde', 'Frivilligcafé', ['frivillighed', 'borgerinddragelse']);
    await register('Varde', 'Gåture med borgere', ['frivillighed']);
    await cloud.waitForIdle(60_000);
    const complete = (id: string, result: string) => call('POST', `/api/experiments/${id}/complete`, { outcome: 'Sådan gik det.', learnings: ['Start i hverdagen'], reusable: 'Formatet.', result });
    expect((await complete(kolding, 'worked')).status).toBe(202);
    expect((await complete(varde, 'did-not-work')).status).toBe(202);
    await cloud.waitForIdle(120_000);
    const patterns = (await (await call('GET', '/api/patterns')).json()) as PatternsAnswer;
    const frivillighed = patterns.themes.find((t) => t.themeId === 'frivillighed')!;

    // Sign in and open the patterns page.
    await page.goto(`${api}/app/sign-in`);
    await page.evaluate("localStorage.setItem('samskab-lang', 'da')");
    await page.reload();
    await page.getByLabel('E-mailadresse').fill(FACILITATOR.email);
    await page.getByRole('button', { name: 'Send login-link' }).click();
    await page.goto(await signInLink(FACILITATOR.email));
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/app$/);
    await page.getByRole('navigation').getByRole('link', { name: 'Mønstre' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mønstre på tværs af kommunerne');

    const region = page.getByRole('region', { name: 'Tal for Frivillighed pr. kommune' });
    await region.waitFor();
    const headers = await region.locator('thead th').allTextContents();
    expect(headers).toEqual(['Kommune', 'Eksperimenter', 'Afsluttede', 'Med læring', 'Virkede ikke', 'Refleksioner', 'Møder']);
    const rows = await region.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    const expected = frivillighed.byMunicipality.map((c) => [
      c.municipality,
      String(c.counts.planned + c.counts.running + c.counts.completed + c.counts.abandoned),
      String(c.counts.completed), String(c.counts.withLearnings), String(c.counts.didNotWork), String(c.counts.reflections), String(c.counts.meetings),
    ]);
    expect(rows).toEqual(expected);
    expect(rows.find((r) => r[0] === 'Varde')).toEqual(['Varde', '2', '1', '1', '1', '0', '0']);
    expect(rows.find((r) => r[0] === 'Kolding')).toEqual(['Kolding', '1', '1', '1', '0', '0', '0']);
    // The chart is there beside the table (hidden from screen readers, which read the table).
    expect(await page.locator('section[data-theme="frivillighed"] svg.chart rect').count()).toBeGreaterThan(4);
    await page.screenshot({ path: join(SCREENS, 'patterns.png'), fullPage: true });

    // Behind a figure: Varde's experiments under the theme, with how they went.
    await region.getByRole('button', { name: '2 Eksperimenter i Varde' }).click();
    const behind = page.locator('section[data-theme="frivillighed"] .panel').last();
    await expect.poll(async () => (await behind.locator('li').allTextContents()).sort()).toEqual(['Frivilligcafé (virkede ikke)', 'Gåture med borgere']);
    await behind.getByRole('link', { name: 'Frivilligcafé' }).click();
    await page.waitForURL(new RegExp(`/app/experiments/${varde}$`));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Frivilligcafé');
    await expect.poll(() => page.getByText('Det virkede ikke').isVisible()).toBe(true);
  }, 300_000);
});
