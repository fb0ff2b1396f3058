// The documented redrive in the local cloud: mail jobs the mailer failed on (a bug: it throws on
// every batch) until the mail queue gave up sit in the mail DLQ (SES throttling never puts mail
// there: test/e2e/ses-rate.test.ts); an event the meetings function failed on (a bug: it throws on every
// attempt) sits, after Lambda's 3 attempts, in the function's on-failure queue as an invocation
// record (as on AWS: the rule's DLQ only gets what Lambda did not accept); once the faults are gone,
// `npm run redrive` (its redrive function) puts both back, every invitee gets exactly one mail, the
// DLQs are empty, and a second run (or a duplicate record) sends nothing more.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ChangeMessageVisibilityCommand, ListQueuesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type LocalCloud } from '../../local/cloud.js';
import { eventEntry, labelOf, redrive } from '../../scripts/redrive.js';
import { countBy, demoNetwork, receivedMail, scheduleMeeting, startDemo, synthDemo, workDir } from './helpers.js';

const run = promisify(execFile);
const work = workDir('e2e-redrive');
let assembly: string;
let cloud: LocalCloud;
let sqs: SQSClient;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
  // The mailer fails every batch; failed mail comes back after a 500th of the visibility timeout.
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { failEveryInvocation: ['MailerFunction'] }, timeScale: 0.002 });
  sqs = new SQSClient({ endpoint: cloud.urls.aws, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}, 180_000);
afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
  work.cleanup();
});

const meetingA = {
  title: 'Netværksmøde i Varde',
  agenda: ['Velkomst', 'Erfaringer fra mini-eksperimenterne'],
  startsAt: '2027-05-06T13:00',
  endsAt: '2027-05-06T16:00',
  place: 'Varde Rådhus, Bytoften 2, 6800 Varde',
  hostMunicipality: 'Varde',
  audience: { municipalities: ['Varde', 'Aalborg'], roles: [] },
  inspirers: [{ name: 'Jane Doe', email: 'jane.doe@example.com', topic: 'Co-creation across borders', language: 'en' }],
};

const meetingB = {
  title: 'Temadag: borgerinddragelse',
  agenda: ['Oplæg', 'Workshop'],
  startsAt: '2027-06-10T09:00',
  endsAt: '2027-06-10T12:00',
  place: 'Aalborg Rådhus',
  hostMunicipality: 'Aalborg',
  audience: { municipalities: ['Kolding'], roles: ['coordinator'] },
  inspirers: [{ name: 'Ole Borger', email: 'ole.borger@example.org', topic: 'Borgerens blik', language: 'da' }],
};

function invitees(m: { audience: { municipalities: string[]; roles: string[] }; inspirers: Array<{ email: string }> }): string[] {
  const { municipalities: munis, roles } = m.audience;
  const people = demoNetwork.people.filter((p) =>
    (munis.length === 0 || (p.municipality !== undefined && munis.includes(p.municipality))) && (roles.length === 0 || roles.includes(p.role)));
  return [...people.map((p) => p.email), ...m.inspirers.map((i) => i.email)].map((e) => e.toLowerCase()).sort();
}

const depthOf = (part: string) => {
  const entry = Object.entries(cloud.stats().deadLetterQueues).find(([name]) => name.includes(part));
  if (entry === undefined) throw new Error(`no DLQ named ...${part}...`);
  return entry[1];
};

async function queueUrl(part: string): Promise<string> {
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'Samskab-demo-' }));
  const url = QueueUrls.find((u) => u.includes(part));
  if (url === undefined) throw new Error(`no queue ...${part}...`);
  return url;
}

/** The meetings function's on-failure queue's record, as Lambda wrote it (read, then made visible again). */
let meetingsRecord = '';

const sentTo = async () => countBy(await receivedMail(cloud), (m) => m.to.toLowerCase());

describe('npm run redrive against the local cloud', () => {
  const expectedA = invitees(meetingA);
  const expectedB = invitees(meetingB);
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  it('finds mail jobs the mailer kept failing on in the mail DLQ, and nothing was sent', async () => {
    const r = await scheduleMeeting(cloud, meetingA);
    expect(r.status).toBe(202);
    // The mailer fails every job until the queue redrives it after maxReceiveCount receives.
    await cloud.waitForIdle(150_000);
    expect(cloud.mail()).toHaveLength(0);
    expect(Object.entries(cloud.stats().functions).find(([name]) => /Mailer/.test(name))?.[1].errors).toBeGreaterThan(0);
    expect(depthOf('MailDeadLetterQueue')).toBe(expectedA.length);
  }, 180_000);

  it('leaves an event the meetings function fails on in its on-failure queue after exactly 3 attempts, not in the rule\'s DLQ', async () => {
    cloud.faults.set({ failEveryInvocation: ['MeetingsFunction'] });
    cloud.resetStats();
    const r = await scheduleMeeting(cloud, meetingB);
    expect(r.status).toBe(202);
    await cloud.waitForIdle(60_000);
    const s = cloud.stats();
    const meetings = Object.entries(s.functions).find(([name]) => name.includes('MeetingsFunction'))?.[1];
    expect(meetings).toMatchObject({ invocations: 3, errors: 3 });
    expect(s.lambdaAsync).toMatchObject({ retries: 2, toOnFailure: 1, dropped: 0 });
    expect(depthOf('EventsMeetingsOnFailureDeadLetterQueue')).toBe(1);
    expect(depthOf('EventsMeetingsDeadLetterQueue')).toBe(0);

    const url = await queueUrl('EventsMeetingsOnFailureDeadLetterQueue');
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    meetingsRecord = Messages[0]?.Body ?? '';
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: Messages[0]?.ReceiptHandle, VisibilityTimeout: 0 }));
    const record = JSON.parse(meetingsRecord) as { requestContext: Record<string, unknown>; requestPayload: Record<string, any> };
    expect(record.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    expect(record.requestPayload).toMatchObject({ source: 'samskab', 'detail-type': 'meeting-scheduled', detail: { title: meetingB.title } });
    expect(cloud.mail()).toHaveLength(0);
  }, 90_000);

  it('--dry-run reports what it would move and moves nothing', async () => {
    const result = await redrive({ network: 'demo', local: true, endpoint: cloud.urls.aws, dryRun: true, log });
    const byLabel = Object.fromEntries(result.queues.map((q) => [q.label, q]));
    expect(byLabel['mail']).toMatchObject({ found: expectedA.length, moved: 0 });
    expect(byLabel['meetingsOnFailure']).toMatchObject({ found: 1, moved: 0 });
    expect(byLabel['meetings']).toMatchObject({ found: 0, moved: 0 });
    expect(byLabel['experiments']).toMatchObject({ found: 0, moved: 0 });
    expect(result.moved).toBe(0);
    expect(depthOf('MailDeadLetterQueue')).toBe(expectedA.length);
    expect(depthOf('EventsMeetingsOnFailureDeadLetterQueue')).toBe(1);
  });

  it('after the fault is fixed, moves everything back: each invitee gets exactly one mail, the DLQs are empty', async () => {
    cloud.faults.set({ sesThrottleRate: 0, failEveryInvocation: [] });
    const result = await redrive({ network: 'demo', local: true, endpoint: cloud.urls.aws, log });
    expect(result.failed).toBe(0);
    expect(result.queues.find((q) => q.label === 'mail')).toMatchObject({ found: expectedA.length, moved: expectedA.length });
    expect(result.queues.find((q) => q.label === 'meetingsOnFailure')).toMatchObject({ found: 1, moved: 1 });
    expect(lines).toContain(`mail: ${expectedA.length} moved`);
    await cloud.waitForIdle(60_000);

    const perRecipient = await sentTo();
    expect([...perRecipient.keys()].sort()).toEqual([...new Set([...expectedA, ...expectedB])].sort());
    // Nobody is in both meetings here, so one mail each.
    expect(expectedA.filter((e) => expectedB.includes(e))).toEqual([]);
    expect([...perRecipient].filter(([, n]) => n !== 1)).toEqual([]);
    for (const [name, depth] of Object.entries(cloud.stats().deadLetterQueues)) expect(depth, name).toBe(0);
  }, 120_000);

  it('a second run moves nothing, and a duplicate of a redriven record sends no second mail', async () => {
    const before = cloud.mail().length;
    const again = await redrive({ network: 'demo', local: true, endpoint: cloud.urls.aws, log });
    expect(again.moved).toBe(0);
    // The command line, as ops run it (asynchronously: the local cloud runs in this process).
    const cli = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'redrive.ts'), '--network', 'demo', '--local', '--endpoint', cloud.urls.aws], { cwd: projectRoot });
    expect(cli.stdout).toMatch(/0 message\(s\) moved, 0 left/);
    expect(cli.stdout).toMatch(/mail\s+0 found\s+0 moved\s+0 left\s+Samskab-demo-MailDeadLetterQueue\S* -> Samskab-demo-MailQueue/);

    // E.g. an event that was in fact handled before it was dead-lettered: idempotency absorbs it.
    await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl('EventsMeetingsOnFailureDeadLetterQueue'), MessageBody: meetingsRecord }));
    const dup = await redrive({ network: 'demo', local: true, endpoint: cloud.urls.aws, queue: 'meetingsOnFailure', log });
    expect(dup.queues.map((q) => q.label)).toEqual(['meetingsOnFailure']);
    expect(dup.moved).toBe(1);
    await cloud.waitForIdle(60_000);
    expect(cloud.mail()).toHaveLength(before);
    for (const [name, depth] of Object.entries(cloud.stats().deadLetterQueues)) expect(depth, name).toBe(0);
  }, 60_000);

  it('names the queues it knows when --queue matches none', async () => {
    await expect(redrive({ network: 'demo', local: true, endpoint: cloud.urls.aws, queue: 'nope', log })).rejects.toThrow(/no dead-letter queue "nope".*mail \(Samskab-demo-MailDeadLetterQueue/);
  });
});

describe('what the redrive puts back on the bus', () => {
  const str = (v: string) => ({ DataType: 'String', StringValue: v });

  it('re-sends a rule DLQ message as its original event, on the bus its rule listens to', () => {
    const time = '2027-01-02T03:04:05Z';
    const entry = eventEntry({
      Body: JSON.stringify({ version: '0', id: 'x', 'detail-type': 'meeting-cancelled', source: 'samskab', time, resources: [], detail: { meetingId: 'm1' } }),
      MessageAttributes: { RULE_ARN: str('arn:aws:events:eu-west-1:123456789012:rule/samskab-other/Samskab-other-EventsMeetingsRule-ABC') },
    }, 'demo');
    expect(entry).toEqual({ EventBusName: 'samskab-other', Source: 'samskab', DetailType: 'meeting-cancelled', Detail: '{"meetingId":"m1"}', Time: new Date(time) });
  });

  it('re-sends an event of a rule on the account\'s default bus to the default bus', () => {
    const entry = eventEntry({
      Body: JSON.stringify({ 'detail-type': 'meeting-cancelled', source: 'samskab', detail: { meetingId: 'm1' } }),
      MessageAttributes: { RULE_ARN: str('arn:aws:events:eu-west-1:123456789012:rule/Samskab-demo-SomeRule-ABC') },
    }, 'demo');
    expect(entry).toMatchObject({ EventBusName: 'default', Source: 'samskab', DetailType: 'meeting-cancelled' });
    // Without a RULE_ARN, the network's bus.
    expect(eventEntry({ Body: JSON.stringify({ 'detail-type': 'x', source: 'samskab', detail: {} }) }, 'demo')).toMatchObject({ EventBusName: 'samskab-demo' });
  });

  it('re-sends the event in a function\'s on-failure record (Lambda\'s invocation record) on the network\'s bus', () => {
    const event = { version: '0', id: 'x', 'detail-type': 'meeting-cancelled', source: 'samskab', time: '2027-01-02T03:04:05Z', resources: [], detail: { meetingId: 'm1' } };
    const record = {
      version: '1.0', timestamp: '2027-01-02T03:10:00.000Z',
      requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:Samskab-demo-MeetingsFunction:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom' },
    };
    expect(eventEntry({ Body: JSON.stringify(record) }, 'demo')).toEqual({
      EventBusName: 'samskab-demo', Source: 'samskab', DetailType: 'meeting-cancelled', Detail: '{"meetingId":"m1"}', Time: new Date(event.time),
    });
    expect(eventEntry({ Body: JSON.stringify({ ...record, requestPayload: 'x' }) }, 'demo')).toMatch(/requestPayload is not an event/);
  });

  it('re-sends a reminder schedule\'s input as reminder-due on the schedule\'s bus', () => {
    const detail = { schemaVersion: 1, meetingId: 'm1', version: 2, offsetHours: 24 };
    const entry = eventEntry({
      Body: JSON.stringify(detail),
      MessageAttributes: { EXECUTION_ID: str('e1'), TARGET_ARN: str('arn:aws:events:eu-west-1:123456789012:event-bus/samskab-demo') },
    }, 'demo');
    expect(entry).toEqual({ EventBusName: 'samskab-demo', Source: 'samskab', DetailType: 'reminder-due', Detail: JSON.stringify(detail) });
  });

  it('leaves what it cannot read in the DLQ, saying why', () => {
    expect(eventEntry({ Body: 'not json' }, 'demo')).toMatch(/not JSON/);
    expect(eventEntry({ Body: '{"a":1}' }, 'demo')).toMatch(/not an EventBridge event/);
    expect(eventEntry({ Body: '{"a":1}', MessageAttributes: { EXECUTION_ID: str('e1') } }, 'demo')).toMatch(/not a reminder-due detail/);
    // The SES events rule's DLQ: AWS's own events cannot be put back with PutEvents.
    const sesEvent = { source: 'aws.ses', 'detail-type': 'Email Bounced', detail: { eventType: 'Bounce' } };
    expect(eventEntry({ Body: JSON.stringify(sesEvent), MessageAttributes: { RULE_ARN: str('arn:aws:events:eu-west-1:123456789012:rule/Samskab-demo-SesEventsRule-ABC') } }, 'demo')).toMatch(/aws\.ses.*PutEvents/);
  });

  it('labels queues by their construct names, with or without CloudFormation\'s suffix', () => {
    expect(labelOf('MailDeadLetterQueueAD8628F2')).toBe('mail');
    expect(labelOf('MailDeadLetterQueueAD8628F2-x7YhQ2LmNp3a')).toBe('mail');
    expect(labelOf('EventsMeetingsDeadLetterQueue81615085')).toBe('meetings');
    expect(labelOf('EventsMeetingsOnFailureDeadLetterQueue1A2B3C4D-x7YhQ2LmNp3a')).toBe('meetingsOnFailure');
    expect(labelOf('RemindersDeadLetterQueueD681C47D')).toBe('reminders');
    expect(labelOf('SesEventsDeadLetterQueue1A2B3C4D')).toBe('sesEvents');
  });
});
