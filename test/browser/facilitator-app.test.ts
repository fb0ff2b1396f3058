// The facilitator app in a real browser (Debian's Chromium driven by playwright-core) against the
// local cloud running the synthesized demo network: sign in by the mailed link, schedule a meeting
// through the form (one rejected submission first), watch the invitations go out, answer one by
// its link and see the answer, reschedule and cancel a meeting, switch language, manage people,
// register an experiment; then a coordinator's narrower app, and the follow-up after a meeting.
// Screenshots of every screen land in test-artifacts/screens/ (git-ignored).
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
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  // Date and time inputs as a Danish browser shows them (dd.mm.åååå, 24-hour clock).
  '--lang=da-DK'];
const SCREENS = join(projectRoot, 'test-artifacts', 'screens');
const FACILITATOR = demoNetwork.people.find((p) => p.id === 'camilla-norby')!;

const hasChromium = existsSync(CHROMIUM);
const work = workDir('browser');
let cloud: LocalCloud;
let context: BrowserContext;
let page: Page;
let profile: string;
let api: string;
let meetingId = '';

const nav = () => page.getByRole('navigation');

/** Opens an app page in Danish (each test starts from a known place, whatever the last one left). */
async function goto(path: string): Promise<void> {
  await page.goto(`${api}${path}`);
  await page.evaluate("localStorage.setItem('samskab-lang', 'da')");
  await page.reload();
  await page.locator('h1').waitFor();
}

async function shot(name: string, p: Page = page): Promise<void> {
  await p.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/** The text part of every captured mail to this address, newest last. */
async function mailTo(address: string): Promise<{ subject: string; text: string }[]> {
  const out: { subject: string; text: string }[] = [];
  for (const m of cloud.mail()) {
    if (!m.to.map((x) => x.toLowerCase()).some((x) => x.includes(address.toLowerCase())) || m.raw === undefined) continue;
    const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
    out.push({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
  }
  return out;
}

async function waitForMail(address: string, subject: RegExp, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailTo(address)).filter((m) => subject.test(m.subject));
    if (found.length > 0) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address}; got ${JSON.stringify(await mailTo(address))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A date some weeks ahead, as the date input takes it. */
function futureDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A two-hour meeting for Kolding's coordinators, scheduled with the API token; resolves once its invitation is out. */
async function scheduleForKoldingCoordinators(title: string, day: string): Promise<string> {
  const created = await fetch(`${api}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title, agenda: ['Status'], startsAt: `${day}T10:00`, endsAt: `${day}T12:00`,
      place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'], roles: ['coordinator'] }, inspirers: [],
    }),
  });
  expect(created.status).toBe(202);
  const { meetingId: id } = (await created.json()) as { meetingId: string };
  await waitForMail(demoNetwork.people.find((p) => p.id === 'mette-kjaer')!.email, new RegExp(`^Invitation: ${title}`));
  return id;
}

/** Signs in on the page with the link the newest sign-in mail to that address carries. */
async function signInByMail(p: Page, email: string): Promise<void> {
  await p.goto(`${api}/app/sign-in`);
  await p.evaluate("localStorage.setItem('samskab-lang', 'da')");
  await p.reload();
  const before = (await mailTo(email)).filter((m) => /login-link/.test(m.subject)).length;
  await p.getByLabel('E-mailadresse').fill(email);
  await p.getByRole('button', { name: 'Send login-link' }).click();
  await expect.poll(() => p.locator('h1').textContent()).toBe('Tjek din mail');
  await expect.poll(async () => (await mailTo(email)).filter((m) => /login-link/.test(m.subject)).length, { timeout: 30_000 }).toBeGreaterThan(before);
  const mail = (await mailTo(email)).filter((m) => /login-link/.test(m.subject)).at(-1)!;
  const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeDefined();
  await p.goto(link!);
  await p.getByRole('button', { name: 'Log ind' }).click();
  await p.waitForURL(/\/app$/);
}

describe.skipIf(!hasChromium)('facilitator app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    const assembly = await synthDemo(work.dir);
    cloud = await startDemo(assembly, join(work.dir, 'data'));
    api = cloud.urls.api;
    profile = mkdtempSync(join(tmpdir(), 'samskab-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      locale: 'da-DK',
      timezoneId: 'Europe/Copenhagen',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    // Script errors in the app fail loudly in the test output.
    context.on('weberror', (e) => console.error(`page error: ${e.error().stack ?? e.error().message}`));
    context.on('console', (m) => {
      if (m.type() === 'error') console.error(`console error: ${m.text()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await cloud?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    work.cleanup();
  });

  it('answers 401 to API requests without a session or the token', async () => {
    for (const path of ['/api/meetings', '/api/session', '/api/people', '/api/experiments']) {
      expect((await fetch(`${api}${path}`)).status, path).toBe(401);
    }
    const post = await fetch(`${api}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
  });

  it('signs a facilitator in with the link from the mail', async () => {
    await page.goto(`${api}/`);
    await page.waitForURL(/\/app\/sign-in$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log ind');
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    await shot('01-sign-in');

    // An empty submission is caught with the error summary.
    await page.getByRole('button', { name: 'Send login-link' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    await shot('02-sign-in-error');

    await page.getByLabel('E-mailadresse').fill(FACILITATOR.email);
    await page.getByRole('button', { name: 'Send login-link' }).click();
    // The first sign-in request may meet a cold function on a busy machine: more than poll's default second.
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Tjek din mail');
    await shot('03-check-mail');

    const mail = await waitForMail(FACILITATOR.email, /login-link/);
    const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();

    await page.goto(link!);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log ind i Samskab');
    await shot('04-callback');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/app$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overblik');
    await expect.poll(() => page.getByText(`Logget ind som ${FACILITATOR.name}`).isVisible()).toBe(true);
    await shot('05-overview-empty');

    // The link worked once.
    const token = new URL(link!).searchParams.get('t');
    const again = await fetch(`${api}/auth/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ t: token }) });
    expect(again.status).toBe(400);

    const cookie = (await context.cookies(api)).find((c) => c.name === 'samskab_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  }, 90_000);

  it('refuses a state-changing request with the session cookie but without the CSRF token', async () => {
    const cookie = (await context.cookies(api)).find((c) => c.name === 'samskab_session')!;
    const headers = { cookie: `samskab_session=${cookie.value}`, 'content-type': 'application/json' };
    expect((await fetch(`${api}/api/meetings`, { headers })).status).toBe(200);
    const noCsrf = await fetch(`${api}/api/meetings`, { method: 'POST', headers, body: '{}' });
    expect(noCsrf.status).toBe(403);
    const crossSite = await fetch(`${api}/api/people`, { method: 'POST', headers: { ...headers, origin: 'https://evil.example', 'x-csrf-token': 'x' }, body: '{}' });
    expect(crossSite.status).toBe(403);
  });

  it('schedules a meeting through the form, after one rejected submission, and shows the sending progress', async () => {
    await goto('/app');
    await nav().getByRole('link', { name: 'Planlæg møde' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Planlæg et netværksmøde');
    await shot('06-schedule-form');

    // Rejected by the server: the summary links to each field and the fields say what is wrong.
    await page.getByRole('button', { name: 'Send invitationer' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('error-summary')")).toBe(true);
    const summaryText = await summary.textContent();
    expect(summaryText).toContain('Titel');
    expect(summaryText).toContain('Værtskommune');
    expect(await page.locator('#m-title-error').textContent()).toBe('må ikke være tom');
    expect(await page.getAttribute('#m-title', 'aria-invalid')).toBe('true');
    expect(await page.locator('#m-place-error').isVisible()).toBe(true);
    await shot('07-schedule-errors');
    await summary.getByRole('link', { name: /^Titel/ }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('m-title');

    await page.getByLabel('Titel').fill('Netværksmøde: politiske paradokser');
    await page.getByLabel('Punkt 1', { exact: true }).fill('Velkomst');
    await page.getByRole('button', { name: 'Tilføj punkt' }).click();
    await page.getByLabel('Punkt 2', { exact: true }).fill('Oplæg ved inspirator');
    await page.getByLabel('Dato').fill(futureDate(45));
    await page.getByLabel('Starttid').fill('13:00');
    await page.getByLabel('Sluttid').fill('16:00');
    await page.getByLabel('Sted', { exact: true }).fill('Kolding Rådhus, Akseltorv 1, 6000 Kolding');
    await page.getByLabel('Værtskommune').selectOption('Kolding');
    await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Kolding').check();
    await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Varde').check();
    await page.getByLabel('Koordinator').check();
    await page.getByLabel('Politiker').check();
    const expectedPeople = demoNetwork.people.filter((p) => ['Kolding', 'Varde'].includes(p.municipality ?? '') && ['coordinator', 'politician'].includes(p.role));
    await expect.poll(() => page.locator('#live-count').textContent()).toBe(`Invitationen sendes til ${expectedPeople.length} personer.`);
    await page.getByRole('button', { name: 'Tilføj inspirator' }).click();
    const inspirer = page.getByRole('group', { name: 'Inspirator 1' });
    await inspirer.getByLabel('Navn').fill('Nora Inspiration');
    await inspirer.getByLabel('E-mailadresse').fill('nora@example.net');
    await inspirer.getByLabel('Emne').fill('Politiske paradokser i samskabelse');
    await inspirer.getByLabel('Sprog').selectOption('en');
    const total = expectedPeople.length + 1;
    await expect.poll(() => page.locator('#live-count').textContent()).toBe(`Invitationen sendes til ${total} personer.`);
    await shot('08-schedule-filled');

    await page.getByRole('button', { name: 'Send invitationer' }).click();
    await page.waitForURL(/\/app\/meetings\/[A-Za-z0-9-]+\?new=1$/);
    meetingId = /\/app\/meetings\/([A-Za-z0-9-]+)\?new=1$/.exec(page.url())![1]!;
    expect(meetingId).not.toBe('new');

    // Watch the progress until every invitation is out.
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const text = ((await page.locator('#progress .progress-text').textContent().catch(() => null)) ?? (await page.locator('#progress').textContent()) ?? '').trim();
      seen.add(text);
      if (text === `Alle ${total} invitationer er sendt`) break;
      if (Date.now() > deadline) throw new Error(`progress stuck: ${[...seen].join(' | ')}`);
      await page.waitForTimeout(100);
    }
    expect([...seen].every((t) => /^(Alle \d+ invitationer er sendt|\d+ af \d+ invitationer sendt|Invitationerne gøres klar …|Mødet bliver oprettet …)$/.test(t)), [...seen].join(' | ')).toBe(true);
    expect(await page.locator('#progress').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#invitees-section tbody tr').count()).toBe(total);
    await shot('09-meeting-sent');
  }, 120_000);

  it('shows an answer given through the accept link of an invitation mail', async () => {
    const invitee = demoNetwork.people.find((p) => p.id === 'mette-kjaer')!;
    const mail = await waitForMail(invitee.email, /politiske paradokser/);
    const accept = /https?:\/\/\S+\/rsvp\/accept\?t=[A-Za-z0-9._~%-]+/.exec(mail.text)?.[0];
    expect(accept, `no accept link in the invitation (lifecycle routes missing?):\n${mail.text}`).toBeDefined();
    const rsvp = await context.newPage();
    await rsvp.goto(accept!);
    await shot('10-rsvp-page', rsvp);
    await rsvp.getByRole('button').first().click();
    await rsvp.waitForLoadState('load');
    await shot('11-rsvp-recorded', rsvp);
    await rsvp.close();

    await page.reload();
    const row = page.locator('#invitees-section tbody tr', { hasText: invitee.name });
    await expect.poll(() => row.locator('[data-answer]').getAttribute('data-answer'), { timeout: 20_000 }).toBe('accept');
    expect(await row.locator('[data-answer]').textContent()).toBe('Deltager');
    await shot('12-meeting-answered');

    // The overview counts it too.
    await nav().getByRole('link', { name: 'Overblik' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overblik');
    const line = page.locator('tbody tr', { hasText: 'Netværksmøde: politiske paradokser' });
    // Invited, accepted, maybe, declined, no answer, bounced.
    await expect.poll(async () => (await line.locator('td').allTextContents()).slice(3)).toEqual(['5', '1', '0', '0', '4', '0']);
    await shot('13-overview');
  }, 90_000);

  it('switches to English and remembers it', async () => {
    await goto('/app');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    await expect.poll(() => page.getByRole('link', { name: 'Schedule a meeting' }).isVisible()).toBe(true);
    await shot('14-overview-en');
    await page.goto(`${api}/app/meetings/${meetingId}`);
    await expect.poll(() => page.locator('#progress .progress-text').textContent()).toMatch(/^All \d+ invitations sent$/);
    await shot('15-meeting-en');
    await page.getByRole('button', { name: 'Skift til dansk' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Inviterede' }).isVisible()).toBe(true);
  }, 60_000);

  it('adds a person, previews a Windows-1252 CSV file with per-row reasons, and saves the valid rows', async () => {
    await goto('/app');
    await nav().getByRole('link', { name: 'Personer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Netværkets personer');
    await page.getByLabel('Navn *').fill('Ulla Ørsted');
    await page.getByLabel('E-mailadresse *').fill('ulla.oersted@varde.example.com');
    await page.getByLabel('Rolle *').selectOption('employee');
    await page.getByLabel('Kommune', { exact: true }).selectOption('Varde');
    await page.getByRole('button', { name: 'Gem person' }).click();
    await expect.poll(() => page.locator('#main').getByText('Ulla Ørsted er gemt.').isVisible()).toBe(true);
    await expect.poll(() => page.locator('tbody tr', { hasText: 'ulla.oersted@varde.example.com' }).count()).toBe(1);
    await shot('16-people');

    // A file as Danish Excel saves it (Windows-1252, ';'), sent as its bytes.
    await page.getByLabel('CSV-fil').setInputFiles({
      name: 'personer.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('navn;e-mail;rolle;kommune;sprog\r\nBo Ravn-Ærø;bo.ravn@aalborg.example.com;borger;aalborg;dansk\r\nUden Mail;ikke-en-adresse;borgmester;Odense;da\r\n', 'latin1'),
    });
    await page.getByRole('button', { name: 'Vis forhåndsvisning' }).click();
    await expect.poll(() => page.locator('#main').getByText('1 række er i orden, 1 har fejl. Intet er gemt endnu.').isVisible()).toBe(true);
    expect(await page.locator('#main').getByText('Filen er læst som Windows-1252 (Excel), adskilt med ";".').isVisible()).toBe(true);
    expect(await page.locator('tbody tr', { hasText: 'Bo Ravn-Ærø' }).count()).toBe(1);
    const problems = await page.locator('.row-errors').first().textContent();
    expect(problems).toContain('E-mailadresse: er ikke en gyldig e-mailadresse');
    expect(problems).toContain("Rolle: 'borgmester' er ikke en af: facilitator, koordinator, medarbejder, politiker, frivillig konsulent, borger, inspirator");
    expect(problems).toContain("Kommune: 'Odense' er ikke en af: Kolding, Ikast-Brande, Varde, Aalborg");
    await shot('17-people-import-preview');
    const save = page.getByRole('button', { name: 'Gem den 1 gyldige række' });
    expect(await save.isDisabled()).toBe(false);
    await save.click();
    await expect.poll(() => page.locator('#main').getByText('1 person er gemt.').isVisible()).toBe(true);
    expect(await page.locator('#main').getByText('1 række med fejl blev ikke gemt.').isVisible()).toBe(true);
    const people = await (await fetch(`${api}/api/people`, { headers: { authorization: `Bearer ${cloud.apiToken}` } })).json() as { people: { name: string; email: string; municipality?: string }[] };
    expect(people.people.find((p) => p.email === 'bo.ravn@aalborg.example.com')).toMatchObject({ name: 'Bo Ravn-Ærø', municipality: 'Aalborg' });
    expect(people.people.some((p) => p.email === 'ikke-en-adresse')).toBe(false);
  }, 60_000);

  it('registers an experiment and shows it in the register', async () => {
    await goto('/app');
    await nav().getByRole('link', { name: 'Eksperimenter' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mini-eksperimenter');
    await page.getByRole('link', { name: 'Registrér eksperiment' }).click();
    await page.getByLabel('Kommune *').selectOption('Varde');
    await page.getByLabel('Titel').fill('Borgere og politikere om ældreomsorg');
    await page.getByLabel('Udfordring eller paradoks').fill('Hvordan deler vi magten med borgerne?');
    await page.getByLabel('Det vil vi prøve').fill('Tre samskabelsesværksteder.');
    await page.getByLabel('Start *').fill(futureDate(10));
    await page.getByLabel('Planlagt slut *').fill(futureDate(100));
    await shot('18-experiment-form');
    await page.getByRole('button', { name: 'Registrér eksperiment' }).click();
    await page.waitForURL(/\/app\/experiments\/[A-Za-z0-9-]+$/);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toBe('Borgere og politikere om ældreomsorg');
    await shot('19-experiment');
    await nav().getByRole('link', { name: 'Eksperimenter' }).click();
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Borgere og politikere om ældreomsorg' }).count()).toBe(1);
    await shot('20-experiments');
  }, 60_000);

  it('fits a phone screen', async () => {
    await goto('/app');
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${api}/app/meetings/new`);
    await expect.poll(() => phone.locator('h1').textContent()).toBe('Planlæg et netværksmøde');
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('21-phone-schedule', phone);
    await phone.goto(`${api}/app/meetings/${meetingId}`);
    await expect.poll(() => phone.locator('#progress .progress-text').textContent()).toMatch(/^Alle \d+ invitationer er sendt$/);
    await shot('22-phone-meeting', phone);
    await phone.close();
  }, 60_000);

  it('reschedules and then cancels a meeting from its page; the invitees get the update and the cancellation', async () => {
    const invitee = demoNetwork.people.find((p) => p.id === 'mette-kjaer')!;
    const id = await scheduleForKoldingCoordinators('Koordinatormøde', futureDate(60));

    await goto(`/app/meetings/${id}`);
    const details = page.locator('dl.details');
    await page.locator('#reschedule summary').click();
    await page.getByLabel('Sted', { exact: true }).fill('Varde Rådhus, Bytorvet 2, 6800 Varde');
    await page.getByRole('button', { name: 'Gem og send opdatering' }).click();
    await expect.poll(() => page.getByText('Ændringen er modtaget og sendes ud.').first().isVisible()).toBe(true);
    const update = await waitForMail(invitee.email, /^Ændret: Koordinatormøde/);
    expect(update.text).toContain('Varde Rådhus');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('Varde Rådhus');
    await shot('23-meeting-rescheduled');

    // Cancelling needs a reason; then everyone is told, and the page offers no more changes.
    await page.locator('#cancel summary').click();
    await page.getByRole('button', { name: 'Aflys og giv besked' }).click();
    await expect.poll(() => page.locator('#c-reason-error').isVisible()).toBe(true);
    expect(await page.getAttribute('#c-reason', 'aria-invalid')).toBe('true');
    await page.getByLabel('Begrundelse').fill('Rådhuset er lukket den dag.');
    await page.getByRole('button', { name: 'Aflys og giv besked' }).click();
    // The confirmation step (meeting-loop.test.ts tests it in full).
    await page.locator('#cancel-confirm-yes').click();
    const cancellation = await waitForMail(invitee.email, /^Aflyst: Koordinatormøde/);
    expect(cancellation.text).toContain('Rådhuset er lukket den dag.');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('Aflyst');
    expect(await page.locator('#reschedule, #cancel').count()).toBe(0);
    expect(await page.locator('#progress').textContent()).toContain('Invitationen er sendt');
    await shot('24-meeting-cancelled');
  }, 90_000);

  it('signs out', async () => {
    await goto('/app');
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.waitForURL(/\/app\/sign-in$/);
    const res = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(res).toBe(401);
  });

  it('gives a coordinator their own municipality: experiments yes, meetings and people no', async () => {
    const coordinator = demoNetwork.people.find((p) => p.id === 'mette-kjaer')!; // Kolding
    await signInByMail(page, coordinator.email);
    await expect.poll(() => page.getByText(`Logget ind som ${coordinator.name}`).isVisible()).toBe(true);

    // The menu offers what a coordinator may do, and the API holds the line whatever a page shows.
    expect(await nav().getByRole('link').allTextContents()).toEqual(['Overblik', 'Eksperimenter', 'Mønstre', 'Søg']);
    expect(await page.evaluate("fetch('/api/people').then((r) => r.status)")).toBe(403);
    expect(await page.evaluate("fetch('/api/meetings').then((r) => r.status)")).toBe(403);
    await shot('25-coordinator-overview');

    // Another municipality's experiment (Varde): readable, not changeable.
    await nav().getByRole('link', { name: 'Eksperimenter' }).click();
    await page.locator('tbody tr', { hasText: 'Borgere og politikere om ældreomsorg' }).getByRole('link').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Borgere og politikere om ældreomsorg');
    await expect.poll(() => page.locator('dl.details').isVisible()).toBe(true);
    expect(await page.locator('#note, #complete, #abandon').count()).toBe(0);

    // Registering: the municipality is theirs, not a choice; their own experiment takes notes.
    await nav().getByRole('link', { name: 'Eksperimenter' }).click();
    await page.getByRole('link', { name: 'Registrér eksperiment' }).click();
    await expect.poll(() => page.getByText('Kommune: Kolding').isVisible()).toBe(true);
    expect(await page.locator('#e-municipality').count()).toBe(0);
    await page.getByLabel('Titel').fill('Unge i foreningslivet');
    await page.getByLabel('Udfordring eller paradoks').fill('Hvordan får unge en stemme i foreningerne?');
    await page.getByLabel('Det vil vi prøve').fill('Et ungepanel i tre foreninger.');
    await page.getByLabel('Start *').fill(futureDate(5));
    await page.getByLabel('Planlagt slut *').fill(futureDate(90));
    await page.getByRole('button', { name: 'Registrér eksperiment' }).click();
    await page.waitForURL(/\/app\/experiments\/[A-Za-z0-9-]+$/);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toBe('Unge i foreningslivet');
    await expect.poll(() => page.locator('#note').count(), { timeout: 20_000 }).toBe(1);
    // Dates as Danish readers write them, not ISO.
    const starts = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${futureDate(5)}T00:00:00Z`));
    expect(await page.locator('dl.details').textContent()).toContain(starts);
    expect(await page.locator('dl.details').textContent()).not.toContain(futureDate(5));
    await shot('26-coordinator-experiment');
  }, 90_000);

  // Last: it moves the local cloud's clock past the meeting's end. The page's clock stays where it
  // is: the app must take "ended" from the server, as for a facilitator whose computer clock is off.
  it('sends the follow-up from the form once the meeting is over; invitees get it with their reflection link', async () => {
    const invitee = demoNetwork.people.find((p) => p.id === 'mette-kjaer')!;
    const id = await scheduleForKoldingCoordinators('Erfaringsmøde', futureDate(2));

    const after = new Date(`${futureDate(3)}T12:00:00Z`);
    await cloud.setClock({ now: after.toISOString() });
    const later = await context.newPage();
    // The page's own clock is still before the meeting's end (day 2, 12:00 Copenhagen).
    expect(await later.evaluate<number>('Date.now()')).toBeLessThan(Date.parse(`${futureDate(2)}T00:00:00Z`));
    // Sessions from before are past their 12 hours now: sign in again, as the facilitator.
    await signInByMail(later, FACILITATOR.email);

    await later.goto(`${api}/app/meetings/${id}`);
    await later.locator('#follow-up summary').click();
    await later.getByRole('button', { name: 'Send opfølgning' }).click();
    await expect.poll(() => later.locator('#f-summary-error').isVisible()).toBe(true);
    await later.getByLabel('Referat').fill('Vi delte erfaringer fra tre kommuner.');
    await later.getByLabel('Næste skridt').fill('Ungepanel i Kolding\nNyt møde i foråret');
    await later.getByRole('button', { name: 'Send opfølgning' }).click();
    const followUp = await waitForMail(invitee.email, /^Opfølgning: Erfaringsmøde/);
    expect(followUp.text).toContain('Vi delte erfaringer fra tre kommuner.');
    expect(followUp.text).toContain('Ungepanel i Kolding');
    expect(followUp.text).toMatch(/\/reflect\?t=/);
    // An ended meeting reads "Afholdt" before its follow-up too: wait for the form to go instead.
    await expect.poll(() => later.locator('#follow-up, #reschedule, #cancel').count(), { timeout: 10_000 }).toBe(0);
    expect(await later.locator('dl.details').textContent()).toContain('Afholdt');
    await shot('27-meeting-held', later);
    await later.close();
  }, 90_000);
});
