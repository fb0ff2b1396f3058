// End to end in the local cloud, every event and queue message delivered twice (issue 17): an
// experiment registered by a signed-in person with a review date gets one EventBridge Scheduler
// schedule; moved by PATCH, the old date sends nothing and on the new date's morning (08:00
// network time) its owner gets exactly one review mail, in their language, with a link to the
// experiment in the app. Registered with the API token (no owner), the reminder goes to its
// municipality's coordinator; a cleared date sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { todayIn } from '../../functions/domain/experiment/rules.js';
import { countBy, sentMails, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-review-reminder');
let cloud: LocalCloud;

const TZ = 'Europe/Copenhagen';
const DAY = 86_400_000;
const dateIn = (days: number) => todayIn(TZ, new Date(Date.now() + days * DAY));
const THOMAS = { id: 'thomas-berg', email: 'thomas.berg@example.org' }; // facilitator, English
const METTE = 'mette.kjaer@kolding.example.com'; // Kolding's coordinator, Danish

interface Mail { to: string; subject: string; text: string }

const mails = (): Promise<Mail[]> => sentMails(cloud);

async function step(action: () => Promise<unknown>): Promise<Mail[]> {
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  await action();
  await cloud.waitForIdle(120_000);
  return mails();
}

/** 08:00 Copenhagen on the date, plus a few minutes (08:00 is 07:00Z or 06:00Z). */
const morningOf = (date: string) => {
  const utc7 = Date.parse(`${date}T07:00:00Z`);
  const offsetHours = Number(new Intl.DateTimeFormat('en', { timeZone: TZ, hour: 'numeric', hourCycle: 'h23' }).format(new Date(utc7))) - 7;
  return new Date(Date.parse(`${date}T08:05:00Z`) - offsetHours * 3_600_000).toISOString();
};

const tokenCall = (method: string, path: string, body?: unknown) =>
  fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

const experiment = (title: string, reviewOn: string) => ({
  municipality: 'Kolding',
  title,
  challenge: 'Hvordan får vi flere med?',
  plan: 'Tre værksteder.',
  startsOn: dateIn(0),
  plannedEndOn: dateIn(90),
  involved: [{ personId: 'mette-kjaer' }],
  reviewOn,
});

/** Signs Thomas in through his mailed link; returns the headers of his session. */
async function signIn(): Promise<Record<string, string>> {
  const json = { 'content-type': 'application/json' };
  expect((await fetch(`${cloud.urls.api}/auth/sign-in`, { method: 'POST', headers: json, body: JSON.stringify({ email: THOMAS.email }) })).status).toBe(202);
  await cloud.waitForIdle(30_000);
  const mail = (await mails()).find((m) => m.to === THOMAS.email && /\/auth\/callback\?t=/.test(m.text));
  const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(mail?.text ?? '')?.[0];
  expect(link, 'sign-in link').toBeDefined();
  const started = await fetch(`${cloud.urls.api}/auth/callback`, { method: 'POST', headers: json, body: JSON.stringify({ t: new URL(link!).searchParams.get('t') }) });
  expect(started.status).toBe(200);
  const { csrfToken } = (await started.json()) as { csrfToken: string };
  const cookie = started.headers.getSetCookie().find((c) => c.startsWith('samskab_session='))!.split(';')[0]!;
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { duplicateDeliveries: true } });
}, 240_000);
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

describe('the review date reminder', () => {
  const first = dateIn(5);
  const moved = dateIn(10);
  let owned: string;
  let ownerless: string;
  let cleared: string;

  it('registers experiments with review dates: by a signed-in person, with the API token, and one whose date is then cleared', async () => {
    await step(async () => {
      const session = await signIn();
      const r = await fetch(`${cloud.urls.api}/api/experiments`, { method: 'POST', headers: session, body: JSON.stringify(experiment('Frivillige i ældreplejen', first)) });
      expect(r.status, await r.clone().text()).toBe(202);
      owned = ((await r.json()) as { experimentId: string }).experimentId;
      const t = await tokenCall('POST', '/api/experiments', experiment('Borgerbudget', moved));
      expect(t.status).toBe(202);
      ownerless = ((await t.json()) as { experimentId: string }).experimentId;
      const c = await tokenCall('POST', '/api/experiments', experiment('Værksteder', moved));
      cleared = ((await c.json()) as { experimentId: string }).experimentId;
    });
    // The owner's date moves; the third experiment's is cleared.
    expect((await tokenCall('PATCH', `/api/experiments/${owned}`, { reviewOn: moved })).status).toBe(200);
    expect((await tokenCall('PATCH', `/api/experiments/${cleared}`, { reviewOn: null })).status).toBe(200);
    await cloud.waitForIdle(60_000);
  });

  it('sends nothing on the morning of the old date', async () => {
    const got = await step(() => cloud.setClock({ now: morningOf(first) }));
    expect(got.filter((m) => /look at|kigge på/.test(m.subject))).toEqual([]);
  });

  it('on the new date: one mail to the owner in English with a link to the experiment, one to the coordinator for the ownerless one, none for the cleared one', async () => {
    const got = await step(() => cloud.setClock({ now: morningOf(moved) }));
    const review = got.filter((m) => /look at your experiment|kigge på eksperimentet/.test(m.subject));
    expect([...countBy(review, (m) => `${m.to} ${m.subject}`)].filter(([, n]) => n > 1), 'mailed more than once').toEqual([]);
    expect(review.map((m) => `${m.to} ${m.subject}`).sort()).toEqual(
      [`${THOMAS.email} Time to look at your experiment again: Frivillige i ældreplejen`, `${METTE} Tid til at kigge på eksperimentet igen: Borgerbudget`].sort(),
    );
    const toOwner = review.find((m) => m.to === THOMAS.email)!;
    expect(toOwner.text).toContain(`/app/experiments/${encodeURIComponent(owned)}`);
    expect(ownerless).toBeDefined();
    expect(cloud.stats().events.dropped).toBe(0);
  });
});
