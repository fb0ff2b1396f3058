// The deployed wiring of the api and meetings functions: their exported handlers with the real
// adapters (Secrets Manager, EventBridge, SQS, DynamoDB) against the emulators and a stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2, EventBridgeEvent } from 'aws-lambda';
import { MailJob } from '../../functions/contract/mail-job.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { startStandIn, type StandIn } from '../support/aws-stand-in.js';
import { httpEvent, lambdaContext } from '../support/ports.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:samskab-demo-api-token';
const TOKEN = 'z'.repeat(40);
let emu: Emulators;
let aws: StandIn;
let api: typeof import('../../functions/api/handler.js');
let meetings: typeof import('../../functions/meetings/handler.js');

beforeAll(async () => {
  emu = await startEmulators();
  aws = await startStandIn();
  aws.secrets.set(SECRET_ARN, JSON.stringify({ token: TOKEN }));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
    AWS_ENDPOINT_URL_SQS: aws.endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: aws.endpoint,
    SCHEDULE_GROUP_NAME: 'samskab-demo',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/samskab-demo-scheduler',
    EVENT_BUS_ARN: 'arn:aws:events:eu-north-1:000000000000:event-bus/samskab-demo',
    API_TOKEN_SECRET_ARN: SECRET_ARN,
    EVENT_BUS_NAME: 'samskab-demo',
    MAIL_QUEUE_URL: `${aws.endpoint}/000000000000/samskab-demo-mail`,
  });
  api = await import('../../functions/api/handler.js');
  meetings = await import('../../functions/meetings/handler.js');
});

afterAll(async () => {
  await emu?.stop();
  await aws?.stop();
});

beforeEach(() => {
  aws.putEvents.length = 0;
  aws.messages.length = 0;
  aws.faults.failPutEvents = false;
  aws.faults.sqsFailEntries = 0;
});

const call = async (event: unknown) => {
  const res = (await api.handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: JSON.parse(String(res.body)) };
};

const body = JSON.stringify({
  title: 'Netværksmøde',
  agenda: ['Velkomst'],
  startsAt: '2099-03-04T13:00',
  endsAt: '2099-03-04T16:00',
  onlineUrl: 'https://meet.example.org/x',
  hostMunicipality: 'Varde',
  audience: { municipalities: ['Aalborg'] },
});

describe('api and meetings handlers with the real adapters', () => {
  it('publishes meeting-scheduled on the bus, and the meetings handler enqueues one job per invitee', async () => {
    const res = await call(httpEvent('POST', '/api/meetings', { token: TOKEN, body }));
    expect(res.status).toBe(202);
    expect(aws.putEvents).toHaveLength(1);
    const entry = aws.putEvents[0]!;
    expect(entry).toMatchObject({ EventBusName: 'samskab-demo', Source: 'samskab', DetailType: 'meeting-scheduled' });
    const detail = JSON.parse(entry.Detail);
    expect(detail).toMatchObject({ schemaVersion: 1, meetingId: res.body.meetingId, version: 1, startsAt: '2099-03-04T13:00:00+01:00' });

    const event = { version: '0', id: 'e1', 'detail-type': entry.DetailType, source: entry.Source, account: '0', time: '', region: 'eu-north-1', resources: [], detail } as EventBridgeEvent<string, unknown>;
    aws.faults.sqsFailEntries = 2; // retried by the adapter
    await meetings.handler(event, lambdaContext);
    const jobs = aws.messages.map((m) => MailJob.parse(JSON.parse(m.body)));
    // Aalborg's four people (networks/demo.json).
    expect(jobs.map((j) => j.recipient.personId).sort()).toEqual(['emma-wilson', 'karen-aeroe', 'lars-holst', 'mads-thygesen']);
    expect(jobs.every((j) => j.kind === 'invitation' && j.meeting.meetingId === res.body.meetingId)).toBe(true);
    expect(aws.calls['AmazonSQS.SendMessageBatch']).toBeGreaterThanOrEqual(2);

    // The version's reminders (7 days and 1 day before), targeting the bus with reminder-due, and the
    // fan-out's check (5 minutes on, fan-out-check: it finishes the fan-out if this one stopped half-way).
    expect([...aws.schedules.keys()].sort()).toEqual([`f-${res.body.meetingId}-v1-1`, `r-${res.body.meetingId}-v1-168h`, `r-${res.body.meetingId}-v1-24h`]);
    const check = aws.schedules.get(`f-${res.body.meetingId}-v1-1`)!;
    expect(check).toMatchObject({ ActionAfterCompletion: 'DELETE', Target: { EventBridgeParameters: { DetailType: 'fan-out-check', Source: 'samskab' } } });
    expect(JSON.parse(check.Target.Input)).toEqual({ schemaVersion: 1, meetingId: res.body.meetingId, version: 1, attempt: 1 });
    const reminder = aws.schedules.get(`r-${res.body.meetingId}-v1-24h`)!;
    expect(reminder).toMatchObject({ ScheduleExpression: 'at(2099-03-03T12:00:00)', ActionAfterCompletion: 'DELETE', Target: { EventBridgeParameters: { DetailType: 'reminder-due', Source: 'samskab' } } });
    expect(JSON.parse(reminder.Target.Input)).toEqual({ schemaVersion: 1, meetingId: res.body.meetingId, version: 1, offsetHours: 24 });

    // Redelivered: the fan-out is done, nothing is enqueued again.
    await meetings.handler(event, lambdaContext);
    expect(aws.messages).toHaveLength(4);

    const page = await call(httpEvent('GET', `/api/meetings/${res.body.meetingId}`, { token: TOKEN }));
    expect(page.body.invitations.map((i: { deliveryStatus: string }) => i.deliveryStatus)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('reads the token from Secrets Manager once per container', async () => {
    const before = aws.calls['secretsmanager.GetSecretValue'] ?? 0;
    expect((await call(httpEvent('GET', '/api/meetings', { token: TOKEN }))).status).toBe(200);
    expect((await call(httpEvent('GET', '/api/meetings', { token: 'nope' }))).status).toBe(401);
    expect(aws.calls['secretsmanager.GetSecretValue']).toBe(Math.max(before, 1));
  });

  it('answers 500 (not 202) when the bus does not take the event', async () => {
    aws.faults.failPutEvents = true;
    const res = await call(httpEvent('POST', '/api/meetings', { token: TOKEN, body }));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'internal error' });
  });

  it('rejects an invalid event in the meetings handler', async () => {
    const event = { version: '0', id: 'e2', 'detail-type': 'meeting-scheduled', source: 'samskab', account: '0', time: '', region: 'eu-north-1', resources: [], detail: { meetingId: 'x' } };
    await expect(meetings.handler(event, lambdaContext)).rejects.toThrow(/invalid meeting-scheduled event/);
    const other = { ...event, 'detail-type': 'meeting-held', detail: { schemaVersion: 1, meetingId: 'x', summary: 's', decisions: [], nextSteps: [] } };
    // A valid event for a meeting not stored yet is retried (the rule's retry policy), not dropped.
    await expect(meetings.handler(other, lambdaContext)).rejects.toThrow(/not stored yet/);
  });
});
