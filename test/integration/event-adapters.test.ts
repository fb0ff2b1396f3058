// The publisher and scheduler adapters with the real SDK clients against the stand-in: a detail
// that breaks the contract is refused with the contract's error, naming the field, before anything
// is put on the bus or scheduled, also on the first call, which loads the schemas (the api's init
// does not: test/infra/init-imports.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../support/aws-stand-in.js';

let aws: StandIn;
let publisher: typeof import('../../functions/adapters/publisher.js');
let scheduler: typeof import('../../functions/adapters/scheduler.js');
let events: typeof import('../../functions/contract/events.js');
let checkedPublisher: typeof import('../../functions/adapters/checked-publisher.js');
let generated: typeof import('../../functions/contract/schemas.generated.js');

beforeAll(async () => {
  aws = await startStandIn();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: aws.endpoint,
    AWS_REGION: 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    EVENT_BUS_NAME: 'samskab-demo',
    EVENT_BUS_ARN: 'arn:aws:events:eu-north-1:000000000000:event-bus/samskab-demo',
    SCHEDULE_GROUP_NAME: 'samskab-demo',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/samskab-demo-scheduler',
  });
  publisher = await import('../../functions/adapters/publisher.js');
  scheduler = await import('../../functions/adapters/scheduler.js');
  events = await import('../../functions/contract/events.js');
  checkedPublisher = await import('../../functions/adapters/checked-publisher.js');
  generated = await import('../../functions/contract/schemas.generated.js');
});

afterAll(async () => {
  await aws?.stop();
});

beforeEach(() => {
  aws.putEvents.length = 0;
  aws.schedules.clear();
});

const at = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 3, 12));

describe('publishing', () => {
  it('with the schemas loaded on the first publish: a bad detail is refused naming the field, nothing is put; a good one is put with its schemaVersion', async () => {
    const publish = publisher.lazyPublisherOf(async () => (await import('../../functions/contract/events.js')).eventSchemas);
    await expect(publish('person-erased', { personId: '' })).rejects.toThrow(/personId/);
    expect(aws.putEvents).toEqual([]);
    const id = await publish('person-erased', { personId: 'p1' });
    expect(id).toBeTruthy();
    expect(aws.putEvents).toHaveLength(1);
    expect(aws.putEvents[0]).toMatchObject({ EventBusName: 'samskab-demo', Source: 'samskab', DetailType: 'person-erased' });
    expect(JSON.parse(aws.putEvents[0]!.Detail)).toEqual({ schemaVersion: 1, personId: 'p1' });
  });

  it("with a consumer's compiled schemas (inbound's publisher): a bad detail is refused, nothing is put", async () => {
    const publish = checkedPublisher.checkedPublisherOf(generated.inboundEventChecks, async () => events.inboundEventSchemas);
    await expect(publish('rsvp-received', { meetingId: 'm1', personId: 'p1', answer: 'perhaps' as never, answeredAt: at.toISOString() })).rejects.toThrow(/answer/);
    expect(aws.putEvents).toEqual([]);
  });
});

describe('scheduling', () => {
  it('refuses a reminder, fan-out check or review whose detail breaks the contract, before creating any schedule', async () => {
    await expect(scheduler.createReminder({ name: 'r-m1-v1-24h', at, detail: { meetingId: 'm1', version: 1, offsetHours: -24 } })).rejects.toThrow(/offsetHours/);
    await expect(scheduler.armFanOutCheck({ name: 'f-m1-v1-0', at, detail: { meetingId: 'm1', version: 1, attempt: 0 } })).rejects.toThrow(/attempt/);
    await expect(scheduler.reviewScheduler.putReviewSchedule({ name: 'x-e1', at, detail: { experimentId: 'e1', reviewOn: 'soon' } })).rejects.toThrow(/reviewOn/);
    expect(aws.schedules.size).toBe(0);
  });

  it('creates the schedule with the validated detail, its schemaVersion stamped on', async () => {
    expect(await scheduler.armFanOutCheck({ name: 'f-m1-v1-1', at, detail: { meetingId: 'm1', version: 1, attempt: 1 } })).toBe('created');
    const check = aws.schedules.get('f-m1-v1-1')!;
    expect(check).toMatchObject({ Target: { EventBridgeParameters: { DetailType: 'fan-out-check', Source: 'samskab' } } });
    expect(JSON.parse(check.Target.Input)).toEqual({ schemaVersion: 1, meetingId: 'm1', version: 1, attempt: 1 });
    expect(await scheduler.reviewScheduler.putReviewSchedule({ name: 'x-e1', at, detail: { experimentId: 'e1', reviewOn: '2027-03-03' } })).toBe('created');
    expect(JSON.parse(aws.schedules.get('x-e1')!.Target.Input)).toEqual({ schemaVersion: 1, experimentId: 'e1', reviewOn: '2027-03-03' });
  });
});
