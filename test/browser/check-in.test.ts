// The check-in list at the door, on a phone (390x844, Debian's Chromium driven by playwright-core,
// against the local cloud running the demo network): on the meeting's day the facilitator opens
// it from the meeting page, finds a person by typing part of the name, taps them in (saved to the
// API at once, the count follows), the list survives a reload, a second tap takes them out again;
// the participant list's print view shows who came; the daily digest is turned on from the overview.
// (Code that runs in the page is passed as strings: this project's type check has no DOM types.)
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { projectRoot } from '../../local/cloud.js';
import { demoNetwork, startDemo, synthDemo, workDir } from '../e2e/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=da-DK'];
const SCREENS = join(projectRoot, 'test-artifacts', 'screens');
const FACILITATOR = demoNetwork.people.find((p) => p.id === 'camilla-norby')!;
const PHONE = { width: 390, height: 844 };

const hasChromium = existsSync(CHROMIUM);
const work = workDir('browser-check-in');
let cloud: LocalCloud;
let context: BrowserContext;
let page: Page;
let profile: string;
let api: string;
let meetingId = '';

/** Two days ahead, 10:00-12:00 Copenhagen time. */
const DAY = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const TITLE = 'Netværksmøde med tjek ind';

async function mailTo(address: string): Promise<{ subject: string; text: string }[]> {
  const out: { subject: string; text: string }[] = [];
  for (const m of cloud.mail()) {
    if (!m.to.map((x) => x.toLowerCase()).some((x) => x.includes(address.toLowerCase())) || m.raw === undefined) continue;
    const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
    out.push({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
  }
  return out;
}

const bearer = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${api}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });

async function attended(personId: string): Promise<boolean | null | undefined> {
  const m = (await (await bearer(`/api/meetings/${meetingId}`)).json()) as { invitations: Array<{ personId: string; attended?: boolean | null }> };
  return m.invitations.find((i) => i.personId === personId)?.attended;
}

describe.skipIf(!hasChromium)('check-in at phone width in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    const assembly = await synthDemo(work.dir);
    cloud = await startDemo(assembly, join(work.dir, 'data'));
    api = cloud.urls.api;
    const created = await bearer('/api/meetings', {
      method: 'POST',
      body: {
        title: TITLE, agenda: ['Velkomst'], startsAt: `${DAY}T10:00`, endsAt: `${DAY}T12:00`,
        place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'] }, inspirers: [],
      },
    });
    expect(created.status).toBe(202);
    meetingId = ((await created.json()) as { meetingId: string }).meetingId;
    await cloud.waitForIdle(60_000);
    // The meeting's morning (07:00Z is 08:00 or 09:00 in Copenhagen), before anyone signs in, so the session is fresh by that clock.
    await cloud.setClock({ now: `${DAY}T07:00:00Z` });
    profile = mkdtempSync(join(tmpdir(), 'samskab-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: PHONE, isMobile: true, hasTouch: true,
      locale: 'da-DK', timezoneId: 'Europe/Copenhagen',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    context.on('weberror', (e) => console.error(`page error: ${e.error().stack ?? e.error().message}`));
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await cloud?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    work.cleanup();
  });

  it('signs in on the phone', async () => {
    await page.goto(`${api}/app/sign-in`);
    await page.evaluate("localStorage.setItem('samskab-lang', 'da')");
    await page.reload();
    await page.getByLabel('E-mailadresse').fill(FACILITATOR.email);
    await page.getByRole('button', { name: 'Send login-link' }).click();
    await expect.poll(async () => (await mailTo(FACILITATOR.email)).filter((m) => /login-link/.test(m.subject)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const mail = (await mailTo(FACILITATOR.email)).filter((m) => /login-link/.test(m.subject)).at(-1)!;
    const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/app$/);
  });

  it('opens the check-in from the meeting page; tap targets fill the width and the page does not scroll sideways', async () => {
    await page.goto(`${api}/app/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'Tjek ind' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Tjek ind: ${TITLE}`);
    await expect.poll(() => page.locator('#checkin-count').textContent()).toBe('0 af 4 er mødt op');
    const buttons = page.locator('.checkin-person');
    expect(await buttons.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const box = (await buttons.nth(i).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(48);
      expect(box.width).toBeGreaterThan(PHONE.width * 0.8);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SCREENS, 'check-in-phone.png'), fullPage: true });
  });

  it('finds a person as you type, taps them in (saved at once, counted), keeps it across a reload, and taps them out', async () => {
    await page.getByLabel('Søg efter navn').fill('mett');
    const visible = page.locator('.checkin-person:visible');
    await expect.poll(() => visible.count()).toBe(1);
    const mette = page.locator('.checkin-person[data-person="mette-kjaer"]');
    expect(await mette.isVisible()).toBe(true);
    await mette.tap();
    expect(await mette.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('#checkin-count').textContent()).toBe('1 af 4 er mødt op');
    await expect.poll(() => page.locator('#checkin-status').textContent()).toBe('Gemt');
    expect(await attended('mette-kjaer')).toBe(true);
    expect(await attended('aksel-holm')).toBe(false);

    await page.getByLabel('Søg efter navn').fill('');
    await expect.poll(() => visible.count()).toBe(4);
    await page.locator('.checkin-person[data-person="aksel-holm"]').tap();
    await expect.poll(() => page.locator('#checkin-count').textContent()).toBe('2 af 4 er mødt op');
    await expect.poll(() => attended('aksel-holm')).toBe(true);

    await page.reload();
    await expect.poll(() => page.locator('#checkin-count').textContent()).toBe('2 af 4 er mødt op');
    expect(await page.locator('.checkin-person[data-person="mette-kjaer"]').getAttribute('aria-pressed')).toBe('true');

    await page.locator('.checkin-person[data-person="aksel-holm"]').tap();
    await expect.poll(() => page.locator('#checkin-count').textContent()).toBe('1 af 4 er mødt op');
    await expect.poll(() => attended('aksel-holm')).toBe(false);
    expect(await attended('mette-kjaer')).toBe(true);
  });

  it('shows attendance on the meeting page and who came in the print view', async () => {
    await page.goto(`${api}/app/meetings/${meetingId}`);
    await expect.poll(() => page.locator('#attendance-section').textContent()).toContain('1 af 4');
    await page.getByRole('link', { name: 'Deltagerliste' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Deltagerliste: ${TITLE}`);
    const row = page.locator('table.participants tbody tr', { hasText: 'Mette' });
    expect(await row.locator('.participants-attended').textContent()).toBe('Ja');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('#print-participants').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('turns the daily digest on from the overview, and it stays on', async () => {
    await page.goto(`${api}/app`);
    const box = page.locator('#digest-toggle');
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect.poll(() => page.locator('#digest-section [role=status]').textContent()).toBe('Gemt');
    await page.reload();
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true);
    // The API token is nobody: it cannot read or set anyone's digest.
    expect((await bearer('/api/me/digest')).status).toBe(403);
  });
});
