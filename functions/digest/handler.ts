// The digest function: invoked once a day by an EventBridge Scheduler schedule (lib/constructs/digest.ts).
import middy from '@middy/core';
import { Env } from '../contract/environment.js';
import { listDigestSubscribers } from '../adapters/digest-store.js';
import { listInvitations } from '../adapters/invitation-store.js';
import { log, logContext } from '../adapters/logger.js';
import { listMeetings } from '../adapters/meeting-store.js';
import { listPeople } from '../adapters/people-store.js';
import { enqueue } from '../adapters/queue.js';
import { listReflections } from '../adapters/reflection-store.js';
import { networkSettings } from '../adapters/settings.js';
import { sendDailyDigest } from './workflow.js';

const facilitators = () => (process.env[Env.Facilitators] ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export const handler = middy()
  .use(logContext())
  .handler(async () => {
    const outcome = await sendDailyDigest({
      listDigestSubscribers,
      listMeetings,
      listInvitations,
      listReflections,
      listPeople,
      enqueue,
      facilitators,
      timeZone: () => networkSettings().timeZone,
      now: () => new Date(),
    });
    log({ level: 'info', msg: 'daily digest', ...outcome });
    return outcome;
  });
