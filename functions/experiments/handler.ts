// The experiments function: EventBridge events from the network bus (rule built from
// subscriptions.experiments). Thin: parse with the contract, hand over to the workflow.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, InvalidEventError } from '../contract/events.js';
import { experimentsStore } from '../adapters/experiments-store.js';
import { log, logger, parseEventLogged } from '../adapters/logger.js';
import { enqueue } from '../adapters/queue.js';
import { listPeople } from '../adapters/people-store.js';
import { handleCompleted, handlePersonAdded, handleRegistered, type ExperimentsPorts } from './workflow.js';

const ports: ExperimentsPorts = { ...experimentsStore, listPeople, enqueue };

export async function handleExperimentEvent(event: EventBridgeEvent<string, unknown>, deps: ExperimentsPorts = ports) {
  // An invalid event is logged and thrown, so the rule's retries end in its DLQ.
  const parsed = parseEventLogged(event);
  if ('experimentId' in parsed.detail) logger.setCorrelationId(parsed.detail.experimentId);
  switch (parsed.detailType) {
    case DetailType.ExperimentRegistered: {
      const outcome = await handleRegistered(parsed.detail, deps);
      log({ msg: 'experiment-registered handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    case DetailType.ExperimentCompleted: {
      const outcome = await handleCompleted(parsed.detail, deps);
      log({ msg: 'experiment-completed handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    case DetailType.ExperimentPersonAdded: {
      const outcome = await handlePersonAdded(parsed.detail, deps);
      log({ msg: 'experiment-person-added handled', experimentId: parsed.detail.experimentId, ...outcome });
      return outcome;
    }
    default:
      // Not subscribed (subscriptions.experiments): a misrouted event is an error, not silence.
      throw new InvalidEventError(parsed.detailType, ['not an experiments event']);
  }
}

export const handler = middy<EventBridgeEvent<string, unknown>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => handleExperimentEvent(event));
