// The facilitator's day in Chromium (issue 16), against the local cloud running the demo network:
// an experiment proposed for the next meeting is taken into its agenda in one click and saved
// without mailing anyone; cancelling asks for a reason and says how many will be told before
// anything is sent, and the page keeps the reason and the number; a half-filled form survives the
// end of the session, and signing in again returns to it; a person added later is offered the
// upcoming meetings they match.
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
const KOLDING_COORDINATORS = demoNetwork.people.filter((p) => p.municipality === 'Kolding' && p.role === 'coordinator');

const hasChromium = existsSync(CHROMIUM);
const work = workDir('browser-meeting-loop');
let cloud: LocalCloud;
let context: BrowserContext;
let page: Page;
let profile: string;
let api: string;

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

async function mailTo(address: string): Promise<{ subject: string; text: string }[]> {
  const out: { subject: string; text: string }[] = [];
  for (const m of cloud.mail()) {
    if (!m.to.map((x) => x.toLowerCase()).some((x) => x.includes(address.toLowerCase())) || m.raw === undefined) continue;
    const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
    out.push({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
  }
  return out;
}

/** The link of the newest sign-in mail to `email` once one more than `before` has come. */
async function signInLink(email: string, before: number): Promise<string> {
  const signInMails = async () => (await mailTo(email)).filter((m) => /login-link/.test(m.subject));
  await expect.poll(async () => (await signInMails()).length, { timeout: 30_000 }).toBeGreaterThan(before);
  const mail = (await signInMails()).at(-1)!;
  const link = /https?:\/\/\S+\/auth\/callback\?\S+/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeDefined();
  return link!;
}

/** Fills the sign-in form on the current page and follows the mailed link. */
async function signIn(): Promise<void> {
  const before = (await mailTo(FACILITATOR.email)).filter((m) => /login-link/.test(m.subject)).length;
  await page.getByLabel('E-mailadresse').fill(FACILITATOR.email);
  await page.getByRole('button', { name: 'Send login-link' }).click();
  await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Tjek din mail');
  await page.goto(await signInLink(FACILITATOR.email, before));
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** A meeting for Kolding's coordinators, scheduled with the API token; resolves once its invitations are out. */
async function scheduleMeeting(title: string, date: string): Promise<string> {
  const created = await call('POST', '/api/meetings', {
    title, agenda: ['Velkomst', 'Status'], startsAt: `${date}T10:00`, endsAt: `${date}T12:00`,
    place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'], roles: ['coordinator'] }, inspirers: [],
  });
  expect(created.status).toBe(202);
  const { meetingId } = (await created.json()) as { meetingId: string };
  await cloud.waitForIdle(60_000);
  return meetingId;
}

async function openMeeting(id: string): Promise<void> {
  await page.goto(`${api}/app/meetings/${id}`);
  await expect.poll(() => page.locator('#progress').textContent(), { timeout: 20_000 }).toMatch(/sendt/);
}

describe.skipIf(!hasChromium)('the meeting loop in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    const assembly = await synthDemo(work.dir);
    cloud = await startDemo(assembly, join(work.dir, 'data'));
    api = cloud.urls.api;
    profile = mkdtempSync(join(tmpdir(), 'samskab-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    context.on('weberror', (e) => console.error(`page error: ${e.error().stack ?? e.error().message}`));
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await cloud?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    work.cleanup();
  });

  it('signs the facilitator in', async () => {
    await page.goto(`${api}/app/sign-in`);
    await page.evaluate("localStorage.setItem('samskab-lang', 'da')");
    await page.reload();
    await signIn();
    await page.waitForURL(/\/app$/);
  }, 60_000);

  it('takes a proposed experiment into the agenda in one click and saves it without mailing the invitees', async () => {
    const id = await scheduleMeeting('Netværksmøde om ældre', day(40));
    // An experiment completed now is proposed for the next meeting (this one).
    const registered = await call('POST', '/api/experiments', {
      municipality: 'Kolding', title: 'Frivillige i ældreplejen', challenge: 'Hvordan kommer frivillige med?', plan: 'Tre værksteder.',
      startsOn: day(-30), plannedEndOn: day(120),
    });
    expect(registered.status).toBe(202);
    const { experimentId } = (await registered.json()) as { experimentId: string };
    await cloud.waitForIdle(60_000);
    const completed = await call('POST', `/api/experiments/${experimentId}/complete`, {
      outcome: 'Tre ideer.', learnings: ['Start i hverdagen'], reusable: 'Værkstedsformatet.', doDifferently: 'Tidligere.',
    });
    expect(completed.status).toBe(202);
    await cloud.waitForIdle(120_000);
    const updatesBefore = (await mailTo(KOLDING_COORDINATORS[0]!.email)).filter((m) => /^Ændret/.test(m.subject)).length;

    await openMeeting(id);
    await page.locator('#agenda-editor summary').click();
    const proposal = page.locator('#agenda-proposals [data-experiment]');
    await expect.poll(() => proposal.count()).toBe(1);
    await page.getByRole('button', { name: 'Sæt Frivillige i ældreplejen på dagsordenen' }).click();
    expect(await page.getByLabel('Punkt 3', { exact: true }).inputValue()).toBe('Frivillige i ældreplejen (Kolding)');
    // Taken: the proposal says so instead of offering the button again.
    expect(await proposal.textContent()).toContain('På dagsordenen');
    // Reordered: the experiment before the status.
    await page.getByRole('button', { name: 'Flyt punkt 3 op' }).click();
    expect(await page.getByLabel('Punkt 2', { exact: true }).inputValue()).toBe('Frivillige i ældreplejen (Kolding)');
    await page.screenshot({ path: join(SCREENS, '40-agenda-editor.png'), fullPage: true });
    await page.getByRole('button', { name: 'Gem uden at sende' }).click();

    await expect.poll(async () => {
      const m = (await (await call('GET', `/api/meetings/${id}`)).json()) as { agenda: string[]; fanOutVersion?: number };
      return [m.agenda, m.fanOutVersion];
    }, { timeout: 30_000 }).toEqual([['Velkomst', 'Frivillige i ældreplejen (Kolding)', 'Status'], 2]);
    await expect.poll(() => page.locator('dl.details').textContent(), { timeout: 10_000 }).toContain('Frivillige i ældreplejen (Kolding)');
    await cloud.waitForIdle(60_000);
    expect((await mailTo(KOLDING_COORDINATORS[0]!.email)).filter((m) => /^Ændret/.test(m.subject))).toHaveLength(updatesBefore);
  }, 240_000);

  it('asks for a reason and says how many will be told before cancelling; the page then shows both', async () => {
    const id = await scheduleMeeting('Koordinatormøde i Kolding', day(50));
    const told = KOLDING_COORDINATORS.length;
    const toldText = told === 1 ? '1 person' : `${told} personer`;
    await openMeeting(id);
    await page.locator('#cancel summary').click();
    await page.getByRole('button', { name: 'Aflys og giv besked' }).click();
    // No reason: refused in the form, nothing asked or sent.
    await expect.poll(() => page.locator('#c-reason-error').isVisible()).toBe(true);
    expect(await page.locator('#cancel-confirm').isVisible()).toBe(false);
    await page.getByLabel('Begrundelse').fill('Rådhuset er lukket den dag.');
    await page.getByRole('button', { name: 'Aflys og giv besked' }).click();
    const confirm = page.locator('#cancel-confirm');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.textContent()).toContain(`Aflysningen sendes til ${toldText}.`);
    await page.screenshot({ path: join(SCREENS, '41-cancel-confirm.png'), fullPage: true });
    // Still nothing sent: going back keeps the meeting.
    await page.getByRole('button', { name: 'Nej, behold mødet' }).click();
    expect(((await (await call('GET', `/api/meetings/${id}`)).json()) as { status: string }).status).toBe('scheduled');
    await page.getByRole('button', { name: 'Aflys og giv besked' }).click();
    await page.getByRole('button', { name: `Ja, aflys og giv ${toldText} besked` }).click();

    await expect.poll(() => page.locator('#meeting-status').textContent(), { timeout: 30_000 }).toBe('Aflyst');
    await expect.poll(() => page.locator('#cancel-reason').textContent()).toBe('Rådhuset er lukket den dag.');
    await expect.poll(() => page.locator('#cancel-told').textContent(), { timeout: 30_000 }).toBe(toldText);
    expect(await page.locator('#reschedule, #cancel, #agenda-editor').count()).toBe(0);
    await page.screenshot({ path: join(SCREENS, '42-cancelled.png'), fullPage: true });
  }, 180_000);

  it('keeps a filled-in form across the end of the session and returns to it after signing in again', async () => {
    await page.goto(`${api}/app/meetings/new`);
    await page.getByLabel('Titel').fill('Kladde: møde om unge');
    await page.getByLabel('Punkt 1', { exact: true }).fill('Velkomst');
    await page.getByRole('button', { name: 'Tilføj punkt' }).click();
    await page.getByLabel('Punkt 2', { exact: true }).fill('Ungepanelet');
    await page.getByLabel('Sted', { exact: true }).fill('Kolding Bibliotek');
    await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Kolding').check();

    // The session ends (its cookie is gone, as after 12 hours); submitting goes to sign-in.
    await context.clearCookies();
    await page.getByRole('button', { name: 'Send invitationer' }).click();
    await page.waitForURL(/\/app\/sign-in\?return=%2Fapp%2Fmeetings%2Fnew$/);
    await expect.poll(() => page.locator('#session-ended').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENS, '43-session-ended.png'), fullPage: true });

    const before = (await mailTo(FACILITATOR.email)).filter((m) => /login-link/.test(m.subject)).length;
    await page.getByLabel('E-mailadresse').fill(FACILITATOR.email);
    await page.getByRole('button', { name: 'Send login-link' }).click();
    const link = await signInLink(FACILITATOR.email, before);
    expect(new URL(link).searchParams.get('r')).toBe('/app/meetings/new');
    await page.goto(link);
    await page.getByRole('button', { name: 'Log ind' }).click();

    // Back on the form, with everything typed before.
    await page.waitForURL(/\/app\/meetings\/new$/);
    await expect.poll(() => page.locator('.draft-notice').isVisible()).toBe(true);
    expect(await page.getByLabel('Titel').inputValue()).toBe('Kladde: møde om unge');
    expect(await page.getByLabel('Punkt 2', { exact: true }).inputValue()).toBe('Ungepanelet');
    expect(await page.getByLabel('Sted', { exact: true }).inputValue()).toBe('Kolding Bibliotek');
    expect(await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Kolding').isChecked()).toBe(true);
    await page.screenshot({ path: join(SCREENS, '44-draft-restored.png'), fullPage: true });

    // Sent: the draft is gone.
    await page.getByLabel('Dato').fill(day(70));
    await page.getByLabel('Starttid').fill('13:00');
    await page.getByLabel('Sluttid').fill('15:00');
    await page.getByLabel('Værtskommune').selectOption('Kolding');
    await page.getByRole('button', { name: 'Send invitationer' }).click();
    await page.waitForURL(/\/app\/meetings\/[A-Za-z0-9-]+\?new=1$/);
    expect(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('samskab-draft:'))")).toEqual([]);
  }, 180_000);

  it('offers a person added later the upcoming meetings they match, and invites them without mailing the others', async () => {
    const newcomer = { name: 'Nina Nybo', email: 'nina.nybo@kolding.example.com' };
    const invitee = KOLDING_COORDINATORS[0]!;
    const updatesBefore = (await mailTo(invitee.email)).filter((m) => /^Ændret/.test(m.subject)).length;
    await page.goto(`${api}/app/people`);
    await page.locator('#p-name').fill(newcomer.name);
    await page.locator('#p-email').fill(newcomer.email);
    await page.locator('#p-role').selectOption('coordinator');
    await page.locator('#p-municipality').selectOption('Kolding');
    await page.getByRole('button', { name: 'Gem person' }).click();

    // The meetings scheduled above for Kolding (not the cancelled one) are offered, ticked.
    const offer = page.locator('#meeting-offer form');
    await expect.poll(() => offer.isVisible()).toBe(true);
    const offered = await offer.locator('label').allTextContents();
    expect(offered.some((l) => l.startsWith('Netværksmøde om ældre'))).toBe(true);
    expect(offered.some((l) => l.startsWith('Koordinatormøde i Kolding'))).toBe(false);
    await page.screenshot({ path: join(SCREENS, '45-invite-later.png'), fullPage: true });
    await page.getByRole('button', { name: `Inviter ${newcomer.name}` }).click();
    await expect.poll(() => page.locator('#meeting-offer').textContent()).toContain(`${newcomer.name} inviteres til ${offered.length} møder.`);

    await expect.poll(async () => (await mailTo(newcomer.email)).map((m) => m.subject), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^Invitation: Netværksmøde om ældre/));
    await cloud.waitForIdle(60_000);
    expect((await mailTo(invitee.email)).filter((m) => /^Ændret/.test(m.subject))).toHaveLength(updatesBefore);
    // Offered once: now they are invited, nothing is left to offer.
    const people = (await (await call('GET', '/api/people')).json()) as { people: { id: string; email: string }[] };
    const id = people.people.find((p) => p.email === newcomer.email)!.id;
    const again = (await (await call('GET', `/api/people/${id}/meetings-to-offer`)).json()) as { meetings: unknown[] };
    expect(again.meetings).toEqual([]);

    // And the list finds them by a part of the name.
    await page.locator('#pf-text').fill('nybo');
    await expect.poll(() => page.locator('#people-shown').textContent()).toMatch(/^Viser 1 af \d+\.$/);
    expect(await page.locator('tbody tr', { hasText: newcomer.email }).count()).toBe(1);
  }, 180_000);

  it('has a favicon', async () => {
    await page.goto(`${api}/app`);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    const icon = await fetch(`${api}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('refuses a return path that leaves the app', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/app', '/\\evil.example']) {
      const res = await fetch(`${api}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: FACILITATOR.email, returnTo }) });
      expect(res.status, returnTo).toBe(400);
    }
    // And the app does not follow one put into the link by hand.
    await page.goto(`${api}/app/sign-in?return=${encodeURIComponent('//evil.example/app')}`);
    expect(await page.locator('#session-ended').count()).toBe(0);
  });
});
