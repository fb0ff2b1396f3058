// The model-based concurrency test of issue 13: fast-check commands that schedule, reschedule
// (time, place, audience), cancel, follow up, answer, and switch on faults (duplicate deliveries,
// a mailer crash between send and record, a meetings-function crash that Lambda retries) against
// one meeting in the local cloud, then wait for it to settle and check the invariant on every
// invitee's mail (test/support/lifecycle-mail.ts).
//
// The model keeps what the API accepted. A 409 "still going out" is a legal answer while an
// accepted change may still be fanning out (`changing`, cleared when the cloud has settled) and
// changes nothing in the model; a 409 when nothing can be running, or a 202 the model forbids, fails.
import fc from 'fast-check';
import type { LocalCloud } from '../../local/cloud.js';
import { localTime, mailsAbout } from './lifecycle-mail.js';

export const MUNICIPALITIES = ['Varde', 'Aalborg'] as const;
export const PLACES = ['Varde Raadhus sal 1', 'Aalborg Bibliotek', 'Kulturhuset i Varde', 'Online og Aalborg Havn'] as const;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The mailer's claim lease (MAIL_CLAIM_LEASE_MS, functions/adapters/mail-record-store.ts) and a minute. */
export const PAST_CLAIM_LEASE_MS = 6 * 60_000;

export interface MeetingModel {
  scheduled: boolean;
  status: 'scheduled' | 'cancelled' | 'held';
  version: number;
  startsAt: number;
  endsAt: number;
  place: string;
  municipalities: string[];
  /** Audiences of every accepted version (who may have been mailed). */
  everMunicipalities: Set<string>;
  /** An accepted change may still be fanning out: a 409 is a legal answer. */
  changing: boolean;
  /** The local clock is past the meeting's start (no reschedule) or end (follow-up allowed). */
  started: boolean;
  ended: boolean;
  crashFirst: Set<string>;
}

export interface LifecycleReal {
  cloud: LocalCloud;
  /** Unique per run: the subjects of this run's mail carry it. */
  title: string;
  meetingId?: string;
  inspirer: { name: string; email: string; topic: string; language: 'da' | 'en' };
  /** Whether the local cloud has the fault that kills the mailer between send and record. */
  hasCrashAfterSend: boolean;
  trace: string[];
}

export const initialModel = (startsAt: number): MeetingModel => ({
  scheduled: false, status: 'scheduled', version: 0, startsAt, endsAt: startsAt + 3 * HOUR, place: PLACES[0],
  municipalities: ['Varde'], everMunicipalities: new Set(['Varde']), changing: false, started: false, ended: false, crashFirst: new Set(),
});

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function api(r: LifecycleReal, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${r.cloud.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${r.cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  r.trace.push(`${method} ${path} -> ${res.status} ${text.slice(0, 160)}`);
  return { status: res.status, text };
}

/**
 * Checks a change request's answer against the model: `forbidden` is the model's reason for a
 * 409 (the change is not allowed in this state). Returns whether the change was accepted.
 */
function judge(m: MeetingModel, what: string, got: { status: number; text: string }, forbidden: string | undefined): boolean {
  if (forbidden !== undefined) {
    if (got.status !== 409) throw new Error(`${what}: expected 409 (${forbidden}), got ${got.status} ${got.text}`);
    return false;
  }
  if (got.status === 202) return true;
  if (got.status === 409 && m.changing) return false;
  throw new Error(`${what}: expected 202${m.changing ? ' or 409 while a change is going out' : ''}, got ${got.status} ${got.text}`);
}

const closedReason = (m: MeetingModel) => (m.status !== 'scheduled' ? `the meeting is ${m.status}` : undefined);

/** How long a persistent facilitator retries a change that gets 409 while the previous one goes out. */
const PERSIST_MS = 120_000;

/** Sends a change; `persist` retries it while the answer is a legal 409 (a change still going out). */
async function request(m: MeetingModel, r: LifecycleReal, persist: boolean, send: () => Promise<{ status: number; text: string }>, forbidden: string | undefined) {
  const until = Date.now() + PERSIST_MS;
  for (;;) {
    const got = await send();
    if (!persist || forbidden !== undefined || got.status !== 409 || !m.changing) return got;
    if (Date.now() > until) throw new Error(`still 409 after ${PERSIST_MS / 1000} s of retrying: ${got.text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

class Schedule implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  check = (m: Readonly<MeetingModel>) => !m.scheduled;
  async run(m: MeetingModel, r: LifecycleReal) {
    const got = await api(r, 'POST', '/api/meetings', {
      title: r.title, agenda: ['Velkomst', 'Erfaringer'], startsAt: iso(m.startsAt), endsAt: iso(m.endsAt), place: m.place,
      hostMunicipality: 'Varde', audience: { municipalities: m.municipalities, roles: [] }, inspirers: [r.inspirer],
    });
    if (got.status !== 202) throw new Error(`schedule: expected 202, got ${got.status} ${got.text}`);
    r.meetingId = (JSON.parse(got.text) as { meetingId: string }).meetingId;
    Object.assign(m, { scheduled: true, version: 1, changing: true });
    // The meetings function stores it from the event; the next command comes as soon as GET sees
    // it (as a facilitator's page would), while the invitations are still going out.
    const until = Date.now() + 120_000;
    for (;;) {
      const res = await fetch(`${r.cloud.urls.api}/api/meetings/${r.meetingId}`, { headers: { authorization: `Bearer ${r.cloud.apiToken}` } });
      await res.arrayBuffer();
      if (res.status === 200) break;
      if (Date.now() > until) throw new Error(`schedule: GET /api/meetings/${r.meetingId} still answers ${res.status} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  toString = () => 'schedule';
}

type Change = { time: number } | { place: number } | { audience: number };

class Reschedule implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  constructor(readonly change: Change, readonly persist = false) {}
  check = (m: Readonly<MeetingModel>) => m.scheduled;
  async run(m: MeetingModel, r: LifecycleReal) {
    const c = this.change;
    const body: Record<string, unknown> = {};
    let next: Partial<MeetingModel> = {};
    if ('time' in c) {
      // Never into the last two days before the local clock's now (the API refuses a start in the past).
      const shift = m.startsAt + c.time * HOUR < r.cloud.clock.now() + 2 * DAY ? Math.abs(c.time) : c.time;
      next = { startsAt: m.startsAt + shift * HOUR, endsAt: m.endsAt + shift * HOUR };
      Object.assign(body, { startsAt: iso(next.startsAt!), endsAt: iso(next.endsAt!) });
    } else if ('place' in c) {
      const place = PLACES.find((p, i) => i >= c.place && p !== m.place) ?? PLACES.find((p) => p !== m.place)!;
      next = { place };
      body.place = place;
    } else {
      const options = [['Varde'], ['Aalborg'], ['Varde', 'Aalborg']];
      const municipalities = options.find((o, i) => i >= c.audience && o.join() !== m.municipalities.join()) ?? options.find((o) => o.join() !== m.municipalities.join())!;
      next = { municipalities };
      body.audience = { municipalities, roles: [] };
    }
    const forbidden = closedReason(m) ?? (m.started ? 'the meeting has started' : undefined);
    const got = await request(m, r, this.persist, () => api(r, 'PATCH', `/api/meetings/${r.meetingId}`, body), forbidden);
    if (judge(m, this.toString(), got, forbidden)) {
      const version = (JSON.parse(got.text) as { version: number }).version;
      if (version !== m.version + 1) throw new Error(`reschedule: 202 with version ${version}, the model is at ${m.version}`);
      Object.assign(m, next, { version, changing: true });
      for (const x of m.municipalities) m.everMunicipalities.add(x);
    }
  }
  toString = () => `reschedule(${JSON.stringify(this.change)}${this.persist ? ', persist' : ''})`;
}

class Cancel implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  constructor(readonly persist = false) {}
  check = (m: Readonly<MeetingModel>) => m.scheduled;
  async run(m: MeetingModel, r: LifecycleReal) {
    const got = await request(m, r, this.persist, () => api(r, 'POST', `/api/meetings/${r.meetingId}/cancel`, { reason: 'Lokalet er optaget' }), closedReason(m));
    if (judge(m, 'cancel', got, closedReason(m))) Object.assign(m, { status: 'cancelled', changing: true });
  }
  toString = () => `cancel(${this.persist ? 'persist' : ''})`;
}

class FollowUp implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  check = (m: Readonly<MeetingModel>) => m.scheduled;
  async run(m: MeetingModel, r: LifecycleReal) {
    if (!m.ended) {
      // Past the end in one step: reminders due on the way find the meeting started and send nothing.
      await r.cloud.setClock({ now: iso(m.endsAt + HOUR) });
      r.trace.push(`clock -> ${iso(m.endsAt + HOUR)}`);
      Object.assign(m, { started: true, ended: true });
    }
    const got = await api(r, 'POST', `/api/meetings/${r.meetingId}/follow-up`, { summary: 'Et godt møde', decisions: ['Vi mødes igen'], nextSteps: ['Del erfaringer'] });
    if (judge(m, 'follow-up', got, closedReason(m))) Object.assign(m, { status: 'held', changing: true });
  }
  toString = () => 'follow-up';
}

/** Follows an answer link from the latest mail one invitee got (if anyone got mail yet). */
class Answer implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  constructor(readonly pick: number, readonly answer: 'accept' | 'decline' | 'maybe') {}
  check = (m: Readonly<MeetingModel>) => m.scheduled;
  async run(_m: MeetingModel, r: LifecycleReal) {
    const captured = r.cloud.mail();
    if (captured.length === 0) return;
    // Only the picked mail is parsed (a few hundred may be there).
    const [mail] = await mailsAbout([captured[this.pick % captured.length]!], r.title);
    const link = mail && new RegExp(`https?://[^\\s"'<>]+/rsvp/${this.answer}\\?t=[A-Za-z0-9._%-]+`).exec(mail.text.replace(/&amp;/g, '&'))?.[0];
    if (!link) return;
    const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    r.trace.push(`answer ${this.answer} (${mail.to}) -> ${res.status}`);
    if (res.status >= 500) throw new Error(`answer: ${res.status} ${await res.text()}`);
  }
  toString = () => `answer(${this.pick}, ${this.answer})`;
}

class DuplicateDeliveries implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  constructor(readonly on: boolean) {}
  check = () => true;
  async run(_m: MeetingModel, r: LifecycleReal) {
    r.cloud.faults.set({ duplicateDeliveries: this.on });
  }
  toString = () => `duplicateDeliveries(${this.on})`;
}

/** The next mailer invocation dies after SES accepted a mail and before it is recorded (lc-mailer's fault), else on its first invocation. */
class MailerCrash implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  check = () => true;
  async run(m: MeetingModel, r: LifecycleReal) {
    if (r.hasCrashAfterSend) {
      r.cloud.faults.set({ crashAfterSend: ['MailerFunction'] });
    } else {
      m.crashFirst.add('MailerFunction');
      r.cloud.faults.set({ crashFirstInvocation: [...m.crashFirst] });
    }
  }
  toString = () => 'mailerCrash';
}

/** The meetings function's next invocation crashes; Lambda's async retry runs the event again. */
class MeetingsCrash implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  check = () => true;
  async run(m: MeetingModel, r: LifecycleReal) {
    m.crashFirst.add('MeetingsFunction');
    r.cloud.faults.set({ crashFirstInvocation: [...m.crashFirst] });
  }
  toString = () => 'meetingsCrash';
}

/** Lets everything run out: idle, past the mail claims' lease (and any delayed re-check), idle. */
export async function settle(r: LifecycleReal, rounds = 1): Promise<void> {
  // The clock moves first: a claim a crashed mailer held is stale by the time SQS redelivers its
  // job (on AWS the 360 s visibility timeout outlasts the 5-minute lease; here timeScale shortens
  // the former and not the latter).
  for (let i = 0; i < rounds; i++) {
    await r.cloud.setClock({ advanceMs: PAST_CLAIM_LEASE_MS });
    await r.cloud.waitForIdle(180_000);
  }
}

class Settle implements fc.AsyncCommand<MeetingModel, LifecycleReal> {
  check = () => true;
  async run(m: MeetingModel, r: LifecycleReal) {
    await settle(r);
    m.changing = false;
    // Past the start by the local clock (the claim-lease moves add up): no reschedule any more.
    if (r.cloud.clock.now() >= m.startsAt) m.started = true;
  }
  toString = () => 'settle';
}

const faultCommand = fc.oneof(
  fc.boolean().map((on) => new DuplicateDeliveries(on)),
  fc.constant(new MailerCrash()),
  fc.constant(new MeetingsCrash()),
);

/** Commands before the meeting is scheduled (faults only), then the meeting's life. */
export function lifecycleCommands(maxCommands: number) {
  const change = fc.oneof(
    fc.integer({ min: -30, max: 48 }).filter((h) => h !== 0).map((time): Change => ({ time })),
    fc.nat(PLACES.length - 1).map((place): Change => ({ place })),
    fc.nat(2).map((audience): Change => ({ audience })),
  );
  return fc.tuple(
    fc.commands([faultCommand], { maxCommands: 2 }),
    fc.commands(
      // Weighted towards changes that overlap a running fan-out.
      [
        fc.oneof(
          { arbitrary: fc.tuple(change, fc.boolean()).map(([c, persist]) => new Reschedule(c, persist)), weight: 4 },
          { arbitrary: fc.boolean().map((persist) => new Cancel(persist)), weight: 2 },
          { arbitrary: fc.constant(new FollowUp()), weight: 1 },
          { arbitrary: fc.tuple(fc.nat(), fc.constantFrom('accept' as const, 'decline' as const, 'maybe' as const)).map(([p, a]) => new Answer(p, a)), weight: 2 },
          { arbitrary: faultCommand, weight: 2 },
          { arbitrary: fc.constant(new Settle()), weight: 2 },
        ),
      ],
      { maxCommands, size: 'max' },
    ),
  );
}

export type LifecycleCommands = [Iterable<fc.AsyncCommand<MeetingModel, LifecycleReal>>, Iterable<fc.AsyncCommand<MeetingModel, LifecycleReal>>];

/** The interleavings issue 13 reported (and one the model found), run before the generated ones (fast-check's examples). */
export const issueExamples = (): LifecycleCommands[] => [
  // 1. Cancel as soon as the meeting is stored, while the invitations still go out (and again until accepted).
  [[], [new Cancel(), new Cancel(true)]],
  // 2. Reschedules in quick succession during the fan-out (time, then place and audience), each until accepted.
  [[], [new Reschedule({ time: 24 }, true), new Reschedule({ place: 1 }, true), new Reschedule({ audience: 2 }, true)]],
  // 4. A mailer that dies between SendEmail and recording the mail; the job comes back.
  [[new MailerCrash()], [new Reschedule({ time: 2 }, true)]],
  // 5. A meetings function that crashes mid-change, retried by Lambda, then a cancel.
  [[new MeetingsCrash()], [new Reschedule({ audience: 1 }, true), new Cancel(true)]],
  // Found by the model (npm run test:model -- --seed 2026 --path 6): people a reschedule takes off
  // the audience of a meeting that stays scheduled must get its cancellation.
  [[], [new Reschedule({ audience: 1 }, true)]],
];

export const scheduleCommand = () => new Schedule();

/** The final state the model expects every invitee to hold (lifecycle-mail.ts FinalState). */
export function expectedFinal(m: MeetingModel, meetingId: string, audienceOf: (municipalities: Iterable<string>) => Set<string>, timeZone: string, unconfirmed: ReadonlySet<string>) {
  return {
    uid: `${meetingId}@samskab`,
    status: m.status,
    version: m.version,
    dtstart: localTime(m.startsAt, timeZone),
    dtend: localTime(m.endsAt, timeZone),
    location: m.place,
    audience: audienceOf(m.municipalities),
    everInvited: audienceOf(m.everMunicipalities),
    unconfirmed,
  };
}
