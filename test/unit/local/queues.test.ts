import { describe, expect, it } from 'vitest';
import { QueueRegistry } from '../../../local/queues.js';
import { md5OfBody, md5OfMessageAttributes } from '../../../local/sqs-checksums.js';

function setup(maxReceiveCount = 2) {
  let now = 1_000_000;
  const reg = new QueueRegistry(() => now);
  const dlq = reg.add({ name: 'dlq', arn: 'arn:aws:sqs:eu-west-1:0:dlq', url: 'u/dlq', visibilityTimeoutSeconds: 30, delaySeconds: 0, retentionSeconds: 3600 });
  const q = reg.add({
    name: 'q', arn: 'arn:aws:sqs:eu-west-1:0:q', url: 'u/q', visibilityTimeoutSeconds: 30, delaySeconds: 0, retentionSeconds: 3600,
    redrive: { deadLetterTargetArn: dlq.config.arn, maxReceiveCount },
  });
  reg.link();
  return { reg, q, dlq, advance: (s: number) => { now += s * 1000; } };
}

describe('SQS checksums', () => {
  it('is the hex MD5 of the UTF-8 body, as the SDK checks it', () => {
    expect(md5OfBody('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5OfBody('hello')).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('digests message attributes independent of their order', () => {
    const a = { b: { DataType: 'String', StringValue: 'x' }, a: { DataType: 'Number', StringValue: '1' } };
    const b = { a: { DataType: 'Number', StringValue: '1' }, b: { DataType: 'String', StringValue: 'x' } };
    expect(md5OfMessageAttributes(a)).toBe(md5OfMessageAttributes(b));
    expect(md5OfMessageAttributes(a)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('queue semantics', () => {
  it('hides a received message for the visibility timeout, then delivers it again', () => {
    const { q, advance } = setup();
    q.send('m1');
    const [first] = q.receive(10);
    expect(first?.message.body).toBe('m1');
    expect(q.receive(10)).toHaveLength(0);
    expect(q.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    advance(31);
    const [again] = q.receive(10);
    expect(again?.message.receiveCount).toBe(2);
    expect(again?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it('deletes only with the current receipt handle (a stale one is a no-op)', () => {
    const { q, advance } = setup(5);
    q.send('m1');
    const [first] = q.receive(1);
    advance(31);
    const [second] = q.receive(1);
    expect(q.delete(first!.receiptHandle)).toBe(false);
    expect(q.depth).toBe(1);
    expect(q.delete(second!.receiptHandle)).toBe(true);
    expect(q.depth).toBe(0);
  });

  it('moves a message to the DLQ once it was received maxReceiveCount times', () => {
    const { q, dlq, reg, advance } = setup(2);
    const sent = q.send('poison');
    q.receive(1); advance(31);
    q.receive(1); advance(31);
    expect(q.receive(1)).toHaveLength(0);
    expect(q.depth).toBe(0);
    expect(dlq.depth).toBe(1);
    expect(reg.isDeadLetterQueue(dlq)).toBe(true);
    const [dead] = dlq.receive(1);
    expect(dead?.message.messageId).toBe(sent.messageId);
  });

  it('honours delays and ChangeMessageVisibility', () => {
    const { q, advance } = setup();
    q.send('later', {}, 10);
    expect(q.receive(1)).toHaveLength(0);
    expect(q.counts().delayed).toBe(1);
    expect(q.nextVisibleIn()).toBe(10_000);
    advance(10);
    const [r] = q.receive(1);
    expect(q.changeVisibility(r!.receiptHandle, 0)).toBe(true);
    expect(q.receive(1)).toHaveLength(1);
  });

  it('lets a caller skip messages (two copies of one id never share a batch)', () => {
    const { q } = setup();
    const m = q.send('x');
    q.send('x', {}, 0, m.messageId);
    const seen = new Set<string>();
    const batch = q.receive(10, undefined, (msg) => seen.has(msg.messageId) || (seen.add(msg.messageId), false));
    expect(batch).toHaveLength(1);
    expect(q.counts().visible).toBe(1);
  });
});
