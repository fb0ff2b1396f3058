// What a function reads with the compiled schemas (zod-free) and what it says when they refuse:
// the same result as zod's parse, and for a refusal zod's issues, naming each field.
import { describe, expect, it } from 'vitest';
import { checkedEventDetailOf, checkEventOf } from '../../functions/contract/event-check.js';
import { eventDetailOf } from '../../functions/contract/event-entry.js';
import { InvalidEventError, type EventEnvelope } from '../../functions/contract/event-names.js';
import { inboundEventSchemas, meetingsEventSchemas, parseEventOf } from '../../functions/contract/events.js';
import { parseMailJob } from '../../functions/contract/mail-job-check.js';
import { MailJob } from '../../functions/contract/mail-job.js';
import { inboundEventChecks, meetingsEventChecks } from '../../functions/contract/schemas.generated.js';
import { signToken, verifyToken } from '../../functions/domain/link-token.js';

const meetingsSchemas = async () => meetingsEventSchemas;
const event = (detailType: string, detail: unknown, source = 'samskab') => ({ source, 'detail-type': detailType, detail });

const cancelled = { schemaVersion: 1, meetingId: 'm1', version: 2, reason: 'Storm', extra: 'dropped' };

/** What parseEventOf (zod) says about an event, as the thrown error's issues, or its result. */
function byZod(e: EventEnvelope) {
  try {
    return { parsed: parseEventOf(e, meetingsEventSchemas) };
  } catch (err) {
    return { issues: (err as InvalidEventError).issues };
  }
}

async function byChecks(e: EventEnvelope) {
  try {
    return { parsed: await checkEventOf(e, meetingsEventChecks, meetingsSchemas) };
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidEventError);
    return { issues: (err as InvalidEventError).issues };
  }
}

describe('checkEventOf (a consumer reading its event)', () => {
  it('gives what zod gives for a valid event: unknown keys left out', async () => {
    const e = event('meeting-cancelled', cancelled);
    expect(await byChecks(e)).toEqual(byZod(e));
    expect(((await byChecks(e)).parsed?.detail as Record<string, unknown>)['extra']).toBeUndefined();
  });

  it("refuses a bad detail with zod's issues, naming each field", async () => {
    const e = event('meeting-cancelled', { ...cancelled, meetingId: '', version: 'two' });
    const result = await byChecks(e);
    expect(result).toEqual(byZod(e));
    expect(result.issues).toEqual([expect.stringMatching(/^meetingId: Too small/), expect.stringMatching(/^version: Invalid input: expected number/)]);
  });

  it('refuses the envelope as parseEventOf does: not ours, unknown, or not subscribed', async () => {
    for (const e of [event('meeting-cancelled', cancelled, 'aws.ses'), event('no-such-type', {}), event('experiment-completed', {})]) {
      const result = await byChecks(e);
      expect(result.issues?.length).toBe(1);
      expect(result).toEqual(byZod(e));
    }
  });
});

describe('checkedEventDetailOf (a function publishing or scheduling on every invocation)', () => {
  const detail = { meetingId: 'm1', personId: 'p1', answer: 'accept', via: 'calendar', version: 1, answeredAt: '2027-03-04T10:00:00Z' } as const;
  const load = async () => inboundEventSchemas;

  it('builds the detail zod builds, with its schemaVersion', async () => {
    const valid = eventDetailOf(inboundEventSchemas, 'rsvp-received', detail as never);
    expect(await checkedEventDetailOf(inboundEventChecks, load, 'rsvp-received', detail as never)).toEqual(valid);
  });

  it("refuses a bad detail with zod's error, putting nothing", async () => {
    const bad = { ...detail, answer: 'perhaps' };
    await expect(checkedEventDetailOf(inboundEventChecks, load, 'rsvp-received', bad as never)).rejects.toThrow(/answer/);
  });
});

describe('parseMailJob (the mailer reading a message)', () => {
  it("refuses a malformed job with zod's error naming the field", async () => {
    await expect(parseMailJob({ kind: 'sign-in', recipient: {} })).rejects.toThrow(/recipient/);
    await expect(parseMailJob({ kind: 'no-such-kind' })).rejects.toThrow(/kind/);
  });

  it('reads a valid job as zod does', async () => {
    const job = {
      kind: 'sign-in', requestId: 'req-12345678', link: ' https://app.example/sign-in?t=1 ', expiresAt: '2027-03-04T10:00:00Z',
      recipient: { personId: 'p1', name: ' Ada ', email: ' ADA@Example.org ', role: 'facilitator', language: 'da' },
    };
    const zodJob = MailJob.safeParse(job);
    expect(zodJob.success).toBe(true);
    expect(await parseMailJob(job)).toEqual(zodJob.data);
  });
});

describe('link tokens, checked with the compiled wire schema', () => {
  const now = new Date('2027-03-01T00:00:00Z');
  const until = new Date('2027-03-05T00:00:00Z');

  it('sign and verify as before', () => {
    const token = signToken('secret', { purpose: 'rsvp', meetingId: 'm1', personId: 'p1', answer: 'accept', version: 2 }, until);
    expect(verifyToken('secret', token, 'rsvp', now)).toEqual({ ok: true, claims: { purpose: 'rsvp', meetingId: 'm1', personId: 'p1', answer: 'accept', version: 2 }, expiresAt: until });
  });

  it('refuse claims that could never verify, naming the field', () => {
    expect(() => signToken('secret', { purpose: 'unsubscribe', personId: 'x'.repeat(65) }, until)).toThrow(/link format \(at u\)/);
  });
});
