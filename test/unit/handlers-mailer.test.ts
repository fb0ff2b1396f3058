// The mailer workflow with in-memory ports (no AWS): claim, compose, send, classify, record.
import { describe, expect, it, vi } from 'vitest';
import { MessageRejected, TooManyRequestsException, SendingPausedException, AccountSuspendedException, LimitExceededException } from '@aws-sdk/client-sesv2';
import type { MailJob, MeetingMailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import type { ClaimResult } from '../../functions/domain/mail/model.js';
import type { CurrentInvitation, CurrentMeeting } from '../../functions/domain/mail/staleness.js';
import { classifySendError, sesTagValue } from '../../functions/adapters/ses.js';
import { batchBodies } from '../../functions/adapters/queue.js';
import { mailTags, sendMailBatch, type MailerPorts } from '../../functions/mailer/workflow.js';

const job = (personId: string, email = `${personId}@example.org`): MailJob => ({
  kind: 'invitation',
  meeting: {
    meetingId: 'm1',
    version: 1,
    title: 'Møde',
    agenda: [],
    startsAt: '2027-03-04T13:00:00+01:00',
    endsAt: '2027-03-04T16:00:00+01:00',
    timeZone: 'Europe/Copenhagen',
    place: 'Kolding',
    hostMunicipality: 'Kolding',
    audience: { municipalities: [], roles: [] },
    inspirers: [],
  },
  recipient: { personId, name: personId, email, role: 'citizen', language: 'da' },
});

const LEASE_MS = 5 * 60_000;

/** In-memory ports with the adapter's claim semantics (lease, abandoned) and a movable clock. */
function fakePorts(sendImpl: (to: string) => Promise<string>) {
  const status = new Map<string, string>();
  const claimedAt = new Map<string, number>();
  const sent: string[] = [];
  /** Every port call in order, to check that each mail is recorded right after it is sent. */
  const calls: string[] = [];
  const clock = { now: Date.parse('2027-03-01T10:00:00Z') };
  const meetings = new Map<string, CurrentMeeting>([['m1', { version: 1, status: 'scheduled', startsAt: '2027-03-04T13:00:00+01:00' }]]);
  const invitations = new Map<string, CurrentInvitation>();
  const ports: MailerPorts = {
    async claimMail(j): Promise<ClaimResult> {
      calls.push(`claim ${j.recipient.personId}`);
      const k = mailKey(j);
      const s = status.get(k);
      if (s === 'sending') return claimedAt.get(k)! < clock.now - LEASE_MS ? 'abandoned' : 'in-progress';
      if (s !== undefined && s !== 'released') return 'done';
      status.set(k, 'sending');
      claimedAt.set(k, clock.now);
      return 'claimed';
    },
    async releaseMail(j) {
      status.set(mailKey(j), 'released');
    },
    async recordMailRejected(j) {
      status.set(mailKey(j), 'rejected');
    },
    async markMailSent({ job: j }) {
      calls.push(`record ${j.recipient.personId}`);
      status.set(mailKey(j), 'sent');
    },
    async recordMailUnconfirmed(j) {
      if (status.get(mailKey(j)) === 'sending') status.set(mailKey(j), 'unconfirmed');
    },
    async recordMailStale(j, reason) {
      const s = status.get(mailKey(j));
      if (s === undefined || s === 'released') status.set(mailKey(j), `stale: ${reason}`);
    },
    async currentMeetingStates() {
      calls.push('read meetings');
      return { meetings: new Map(meetings), invitations: new Map(invitations) };
    },
    compose: (j) => ({ to: j.recipient.email, subject: 's', raw: new Uint8Array([1]) }),
    async send(mail) {
      calls.push(`send ${mail.to.split('@')[0]}`);
      const id = await sendImpl(mail.to);
      sent.push(mail.to);
      return id;
    },
    classifySendError,
    now: () => new Date(clock.now),
    log: () => undefined,
  };
  return { ports, status, sent, calls, clock, meetings, invitations };
}

const msg = (j: MailJob | string, id: string) => ({ messageId: id, body: typeof j === 'string' ? j : JSON.stringify(j) });

describe('sendMailBatch', () => {
  it('sends each job once and records each mail right after SES accepted it (one meeting read per batch)', async () => {
    const { ports, sent, calls } = fakePorts(async (to) => `ses-${to}`);
    const res = await sendMailBatch([msg(job('a'), '1'), msg(job('b'), '2'), msg(job('a'), '3')], ports);
    expect(res.batchItemFailures).toEqual([]);
    expect(sent.sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(calls).toEqual(['read meetings', 'claim a', 'send a', 'record a', 'claim b', 'send b', 'record b']);
    // A second delivery of the same messages sends nothing.
    expect((await sendMailBatch([msg(job('a'), '4'), msg(job('b'), '5')], ports)).outcomes).toEqual({ 4: 'skipped', 5: 'skipped' });
    expect(sent).toHaveLength(2);
  });

  it('releases a throttled job and reports it; the redelivery sends it', async () => {
    let throttle = true;
    const { ports, status, sent } = fakePorts(async (to) => {
      if (to === 'b@example.org' && throttle) throw new TooManyRequestsException({ message: 'slow down', $metadata: {} });
      return 'id';
    });
    const res = await sendMailBatch([msg(job('a'), '1'), msg(job('b'), '2')], ports);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(status.get(mailKey(job('b')))).toBe('released');
    throttle = false;
    expect((await sendMailBatch([msg(job('b'), '2')], ports)).batchItemFailures).toEqual([]);
    expect(sent.sort()).toEqual(['a@example.org', 'b@example.org']);
  });

  it('records a permanent rejection and does not ask for a retry', async () => {
    const { ports, status } = fakePorts(async () => {
      throw new MessageRejected({ message: 'no', $metadata: {} });
    });
    const res = await sendMailBatch([msg(job('a'), '1')], ports);
    expect(res).toEqual({ batchItemFailures: [], outcomes: { 1: 'rejected' } });
    expect(status.get(mailKey(job('a')))).toBe('rejected');
  });

  it('reports malformed messages and a job whose claim is held elsewhere', async () => {
    const { ports, status } = fakePorts(async () => 'id');
    status.set(mailKey(job('busy')), 'sending');
    const res = await sendMailBatch([msg('{', 'x'), msg('{"kind":"invitation"}', 'y'), msg(job('busy'), 'z'), msg(job('ok'), 'w')], ports);
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['x', 'y', 'z']);
  });

  it('composes before claiming: a job that cannot be composed claims nothing and can be redriven', async () => {
    const { ports, status } = fakePorts(async () => 'id');
    const res = await sendMailBatch([msg(job('a'), '1')], { ...ports, compose: () => { throw new Error('boom'); } });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    expect(status.get(mailKey(job('a')))).toBeUndefined();
    // The kind's module is imported on its first job: a failed import is the same, nothing claimed.
    const lazy = await sendMailBatch([msg(job('b'), '2')], { ...ports, compose: () => Promise.reject(new Error('chunk not found')) });
    expect(lazy.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(status.get(mailKey(job('b')))).toBeUndefined();
  });

  it('never sends a mail again when its delivery stopped between SES and the record; it is recorded unconfirmed', async () => {
    const { ports, status, sent, clock } = fakePorts(async (to) => `ses-${to}`);
    // The first delivery dies right after SES accepted b: b's record is never written.
    let crash: () => void = () => undefined;
    const dying: MailerPorts = {
      ...ports,
      markMailSent: async (m) => (m.job.recipient.personId === 'b' ? new Promise<void>((stop) => (crash = stop)) : ports.markMailSent(m)),
    };
    const batch = [msg(job('a'), '1'), msg(job('b'), '2'), msg(job('c'), '3')];
    void sendMailBatch(batch, dying);
    await vi.waitFor(() => expect(sent).toEqual(['a@example.org', 'b@example.org']));
    // SQS redelivers the batch after its visibility timeout (6 minutes), past the claim's lease.
    clock.now += 6 * 60_000;
    const res = await sendMailBatch(batch, ports);
    expect(res).toEqual({ batchItemFailures: [], outcomes: { 1: 'skipped', 2: 'unconfirmed', 3: 'sent' } });
    expect(sent).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(status.get(mailKey(job('b')))).toBe('unconfirmed');
    crash();
  });

  it('retries an item whose record failed after the send; the redelivery records it unconfirmed, not sent twice', async () => {
    const { ports, sent, status, clock } = fakePorts(async () => 'id');
    const res = await sendMailBatch([msg(job('a'), '1')], { ...ports, markMailSent: async () => { throw new Error('ddb down'); } });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    clock.now += 6 * 60_000;
    expect((await sendMailBatch([msg(job('a'), '1')], ports)).outcomes).toEqual({ 1: 'unconfirmed' });
    expect(sent).toHaveLength(1);
    expect(status.get(mailKey(job('a')))).toBe('unconfirmed');
  });
});

describe('sendMailBatch drops what the meeting moved past', () => {
  const at = (j: MailJob, version: number, kind: MeetingMailJob['kind'], extra: Partial<MeetingMailJob> = {}): MailJob => {
    const m = j as MeetingMailJob;
    return { ...m, kind, meeting: { ...m.meeting, version }, ...extra } as MailJob;
  };

  it('drops an invitation still queued when the meeting was cancelled, and records it stale', async () => {
    const { ports, status, sent, meetings } = fakePorts(async () => 'id');
    meetings.set('m1', { version: 1, status: 'cancelled', startsAt: '2027-03-04T13:00:00+01:00' });
    const cancellation = at(job('a'), 1, 'cancellation', { reason: 'ill' });
    const res = await sendMailBatch([msg(job('a'), '1'), msg(cancellation, '2')], ports);
    expect(res).toEqual({ batchItemFailures: [], outcomes: { 1: 'stale', 2: 'sent' } });
    expect(sent).toEqual(['a@example.org']);
    expect(status.get(mailKey(job('a')))).toBe('stale: invitation for version 1; meeting is cancelled at version 1');
    // A duplicate of the stale job stays dropped.
    expect((await sendMailBatch([msg(job('a'), '3')], ports)).outcomes).toEqual({ 3: 'stale' });
    expect(sent).toHaveLength(1);
  });

  it('drops a version 3 update that arrives after the version 4 update', async () => {
    const { ports, sent, status, meetings } = fakePorts(async () => 'id');
    meetings.set('m1', { version: 4, status: 'scheduled', startsAt: '2027-03-04T13:00:00+01:00' });
    const v4 = at(job('a'), 4, 'update');
    const v3 = at(job('a'), 3, 'update');
    expect((await sendMailBatch([msg(v4, '1')], ports)).outcomes).toEqual({ 1: 'sent' });
    expect((await sendMailBatch([msg(v3, '2')], ports)).outcomes).toEqual({ 2: 'stale' });
    expect(sent).toEqual(['a@example.org']);
    expect(status.get(mailKey(v3))).toMatch(/^stale: update for version 3; meeting is scheduled at version 4/);
  });

  it('still sends the cancellation to someone a reschedule removed, unless a later version invited them again', async () => {
    const { ports, sent, meetings, invitations } = fakePorts(async () => 'id');
    meetings.set('m1', { version: 3, status: 'cancelled', startsAt: '2027-03-04T13:00:00+01:00' });
    const removedAt2 = (p: string) => at(job(p), 2, 'cancellation', { changed: ['audience'], removedFromAudience: true });
    invitations.set('m1#a', { invitedVersion: 2, removedVersion: 2 });
    invitations.set('m1#b', { invitedVersion: 3 });
    const res = await sendMailBatch([msg(removedAt2('a'), '1'), msg(removedAt2('b'), '2')], ports);
    expect(res.outcomes).toEqual({ 1: 'sent', 2: 'stale' });
    expect(sent).toEqual(['a@example.org']);
  });

  it('reads no meeting for a batch without meeting mail', async () => {
    const { ports, calls } = fakePorts(async () => 'id');
    const signIn: MailJob = { kind: 'sign-in', requestId: 'req-12345678', recipient: { personId: 'f', name: 'F', email: 'f@example.org', role: 'facilitator', language: 'da' }, link: 'https://x.example/s', expiresAt: '2027-03-01T10:15:00Z' };
    expect((await sendMailBatch([msg(signIn, '1')], ports)).outcomes).toEqual({ 1: 'sent' });
    expect(calls).not.toContain('read meetings');
  });
});

describe('SES edges', () => {
  it('classifies errors: only message-level rejections are permanent', () => {
    const m = { message: 'x', $metadata: {} };
    expect(classifySendError(new MessageRejected(m))).toBe('permanent');
    expect(classifySendError(Object.assign(new Error('bad'), { name: 'BadRequestException' }))).toBe('permanent');
    expect(classifySendError(new TooManyRequestsException(m))).toBe('throttled');
    expect(classifySendError(new LimitExceededException(m))).toBe('retryable');
    // Account-wide: every mail would fail, so they wait in the queue/DLQ (and alarm) rather than mark invitees rejected.
    expect(classifySendError(new SendingPausedException(m))).toBe('account');
    expect(classifySendError(new AccountSuspendedException(m))).toBe('account');
    const sandbox = 'Email address is not verified. The following identities failed the check in region EU-WEST-1: a@kolding.example.com';
    expect(classifySendError(new MessageRejected({ ...m, message: sandbox }))).toBe('account');
    expect(classifySendError(new Error('socket hang up'))).toBe('retryable');
  });

  it('makes tag values fit the SES charset', () => {
    expect(sesTagValue('9f1c-2a@x.y_z')).toBe('9f1c-2a@x.y_z');
    expect(sesTagValue('Søren Ø/1')).toBe('S_ren___1');
    expect(sesTagValue('')).toBe('_');
    expect(mailTags(job('x-0123456789abcdef'))).toEqual({ meetingId: 'm1', personId: 'x-0123456789abcdef', kind: 'invitation', version: '1' });
  });

  it('batches queue messages by count and by payload size', () => {
    expect(batchBodies(Array.from({ length: 23 }, () => 'x')).map((b) => b.length)).toEqual([10, 10, 3]);
    const big = 'y'.repeat(100 * 1024);
    expect(batchBodies([big, big, big, big]).map((b) => b.length)).toEqual([2, 2]);
  });
});
