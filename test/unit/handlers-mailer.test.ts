// The mailer workflow with in-memory ports (no AWS): claim, compose, send, classify, record.
import { describe, expect, it } from 'vitest';
import { MessageRejected, TooManyRequestsException, SendingPausedException, AccountSuspendedException, LimitExceededException } from '@aws-sdk/client-sesv2';
import type { MailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job.js';
import type { ClaimResult, SentMail } from '../../functions/domain/mail/model.js';
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

function fakePorts(sendImpl: (to: string) => Promise<string>) {
  const status = new Map<string, string>();
  const sent: string[] = [];
  const markCalls: SentMail[][] = [];
  const ports: MailerPorts = {
    async claimMail(j): Promise<ClaimResult> {
      const s = status.get(mailKey(j));
      if (s === 'sent' || s === 'rejected') return 'done';
      if (s === 'sending') return 'in-progress';
      status.set(mailKey(j), 'sending');
      return 'claimed';
    },
    async releaseMail(j) {
      status.set(mailKey(j), 'released');
    },
    async recordMailRejected(j) {
      status.set(mailKey(j), 'rejected');
    },
    async markMailsSent(list) {
      markCalls.push([...list]);
      for (const s of list) status.set(mailKey(s.job), 'sent');
    },
    compose: (j) => ({ to: j.recipient.email, subject: 's', raw: new Uint8Array([1]) }),
    async send(mail) {
      const id = await sendImpl(mail.to);
      sent.push(mail.to);
      return id;
    },
    classifySendError,
    log: () => undefined,
  };
  return { ports, status, sent, markCalls };
}

const msg = (j: MailJob | string, id: string) => ({ messageId: id, body: typeof j === 'string' ? j : JSON.stringify(j) });

describe('sendMailBatch', () => {
  it('sends each job once and records all sent mails in one call', async () => {
    const { ports, sent, markCalls } = fakePorts(async (to) => `ses-${to}`);
    const res = await sendMailBatch([msg(job('a'), '1'), msg(job('b'), '2'), msg(job('a'), '3')], ports);
    expect(res.batchItemFailures).toEqual([]);
    expect(sent.sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(markCalls).toHaveLength(1);
    expect(markCalls[0]!.map((s) => s.sesMessageId).sort()).toEqual(['ses-a@example.org', 'ses-b@example.org']);
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

  it('gives the claim back when composing fails (a bug, not the invitee), so it can be redriven', async () => {
    const { ports, status } = fakePorts(async () => 'id');
    const res = await sendMailBatch([msg(job('a'), '1')], { ...ports, compose: () => { throw new Error('boom'); } });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    expect(status.get(mailKey(job('a')))).toBe('released');
  });

  it('does not fail sent items when recording them fails (they would be sent again)', async () => {
    const { ports } = fakePorts(async () => 'id');
    const res = await sendMailBatch([msg(job('a'), '1')], { ...ports, markMailsSent: async () => { throw new Error('ddb down'); } });
    expect(res.batchItemFailures).toEqual([]);
  });
});

describe('SES edges', () => {
  it('classifies errors: only message-level rejections are permanent', () => {
    const m = { message: 'x', $metadata: {} };
    expect(classifySendError(new MessageRejected(m))).toBe('permanent');
    expect(classifySendError(Object.assign(new Error('bad'), { name: 'BadRequestException' }))).toBe('permanent');
    expect(classifySendError(new TooManyRequestsException(m))).toBe('throttled');
    expect(classifySendError(new LimitExceededException(m))).toBe('retryable');
    // Account-wide: every mail would fail, so they wait in the queue/DLQ rather than mark invitees rejected.
    expect(classifySendError(new SendingPausedException(m))).toBe('retryable');
    expect(classifySendError(new AccountSuspendedException(m))).toBe('retryable');
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
