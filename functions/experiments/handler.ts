// The experiments function: EventBridge events from the network bus (rule built from
// subscriptions.experiments). Thin: parse with the contract, hand over to the workflow.
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType } from '../contract/event-names.js';
import { experimentsEventChecks } from '../contract/schemas.generated.js';
import {
  chooseAgendaMeeting, findNextMeeting, getExperiment, markInvitationsSent, markLearningsShared, putAgendaProposal, recordCompletion, saveExperiment,
} from '../adapters/experiments-store.js';
import { log, logContext, logger } from '../adapters/logger.js';
import { parseEventLogged } from '../adapters/event-parsing.js';
import { enqueue } from '../adapters/queue.js';
import { listPeople } from '../adapters/people-store.js';
import { reviewScheduler } from '../adapters/scheduler.js';
import { networkSettings } from '../adapters/settings.js';
import type { ExperimentsPorts } from './workflow.js';
import type { ReviewPorts } from './review.js';

// Cold start: the workflows (and their domain rules) are loaded by the first event that needs them;
// the review date's schedule and reminder come and go with reviews, the fan-outs with registrations.
const workflow = () => import('./workflow.js');
const review = () => import('./review.js');

// Only the store functions this function calls, not the store object: the API's queries and edits
// stay out of the bundle (cold start, docs/performance.md).
const ports: ExperimentsPorts = {
  saveExperiment, getExperiment, markInvitationsSent, recordCompletion, markLearningsShared, findNextMeeting, chooseAgendaMeeting, putAgendaProposal,
  listPeople, enqueue,
};
const reviewPorts: ReviewPorts = {
  getExperiment,
  listPeople,
  enqueue,
  ...reviewScheduler,
  timeZone: () => networkSettings().timeZone,
  now: () => new Date(),
};

/** Its zod schemas, loaded only to explain an event the compiled ones refuse. */
const experimentsSchemas = async () => (await import('../contract/events.js')).experimentsEventSchemas;

export async function handleExperimentEvent(event: EventBridgeEvent<string, unknown>, deps: ExperimentsPorts = ports, reviewDeps: ReviewPorts = reviewPorts) {
  // An invalid event, or one of a type this function does not subscribe to, is logged and thrown,
  // so the rule's retries end in its DLQ.
  const parsed = await parseEventLogged(event, experimentsEventChecks, experimentsSchemas);
  if ('experimentId' in parsed.detail) logger.setCorrelationId(parsed.detail.experimentId);
  switch (parsed.detailType) {
    case DetailType.ExperimentRegistered: {
      const outcome = await (await workflow()).handleRegistered(parsed.detail, deps);
      // After the invitations: a failing schedule call retries the event, and the fan-out marker skips them.
      // Without a date there is no schedule to make (a later PATCH publishes experiment-review-changed).
      const scheduled = parsed.detail.reviewOn !== undefined ? await (await review()).syncReviewSchedule(parsed.detail.experimentId, reviewDeps) : undefined;
      log({ msg: 'experiment-registered handled', experimentId: parsed.detail.experimentId, ...outcome, review: scheduled });
      return outcome;
    }
    case DetailType.ExperimentCompleted: {
      const outcome = await (await workflow()).handleCompleted(parsed.detail, deps);
      log({ msg: 'experiment-completed handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    case DetailType.ExperimentPersonAdded: {
      const outcome = await (await workflow()).handlePersonAdded(parsed.detail, deps);
      log({ msg: 'experiment-person-added handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    case DetailType.ExperimentReviewChanged: {
      const outcome = await (await review()).syncReviewSchedule(parsed.detail.experimentId, reviewDeps);
      log({ msg: 'experiment-review-changed handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    case DetailType.ExperimentReviewDue: {
      const outcome = await (await review()).sendReviewReminder(parsed.detail, reviewDeps);
      // No owner and no coordinator: nobody is reminded, and this line says so.
      log({ msg: 'experiment-review-due handled', experimentId: parsed.detail.experimentId, reviewOn: parsed.detail.reviewOn, ...outcome });
      return outcome;
    }
  }
}

export const handler = middy<EventBridgeEvent<string, unknown>>()
  .use(logContext())
  .handler((event) => handleExperimentEvent(event));
