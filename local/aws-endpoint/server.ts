// The one local AWS endpoint all functions talk to (AWS_ENDPOINT_URL_<SERVICE>): JSON protocols
// are dispatched on X-Amz-Target, REST services (SES v2, Scheduler) on the path.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Activity } from '../activity.js';
import type { EventBus } from '../event-bus.js';
import type { LocalScheduler } from '../scheduler.js';
import type { SecretStore } from '../secrets.js';
import type { Stats } from '../stats.js';
import { handleEventBridge } from './eventbridge.js';
import type { LocalCatalog } from './catalog.js';
import { handleScheduleGroups, handleScheduler } from './scheduler.js';
import { handleSecrets } from './secrets.js';
import { sesOperation, type SesProxy } from './ses-proxy.js';
import { handleSqsQuery, isSqsQueryRequest } from './sqs-query.js';
import { handleSqs, sqsQueryCode, type SqsDeps } from './sqs.js';
import { AwsError, JSON_1_0, JSON_1_1, parseJsonBody, readBody, sendAwsError, sendJson } from './wire.js';

/** One AWS call as the endpoint received it, for the IAM check. */
export interface EndpointRequest {
  /** `AmazonSQS`, `AWSEvents`, `secretsmanager`, or `SESv2` / `Scheduler` for the REST services. */
  service: string;
  op: string;
  input: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** REST: the request path (SES v2, Scheduler). */
  url?: URL;
  method?: string;
}

/** Checks a function's call against its role (local/iam); throws the service's AccessDenied. */
export interface CallAuthorizer {
  authorize(r: EndpointRequest, secrets: SecretStore): Promise<void>;
}

export interface AwsEndpointDeps {
  stats: Stats;
  activity: Activity;
  sqs: SqsDeps;
  eventBus: EventBus;
  secrets: SecretStore;
  ses: SesProxy;
  scheduler: LocalScheduler;
  /** The deployed buses, rules and schedule groups, for the read-only calls. */
  catalog: LocalCatalog;
  /** Checks each function's call against its execution role (undefined: IAM is off). */
  iam?: CallAuthorizer | undefined;
  log: (line: string) => void;
}

export function createAwsEndpoint(deps: AwsEndpointDeps): Server {
  return createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    // A long-polling ReceiveMessage is waiting, not working: it does not keep the cloud busy.
    const end = target === 'AmazonSQS.ReceiveMessage' ? () => undefined : deps.activity.begin();
    handle(req, res, typeof target === 'string' ? target : undefined, deps)
      .catch((err: unknown) => {
        const e = err instanceof AwsError ? err : new AwsError(500, 'InternalFailure', (err as Error).message);
        if (!(err instanceof AwsError)) deps.log(`aws endpoint: ${(err as Error).stack ?? String(err)}`);
        const t = typeof target === 'string' ? target : undefined;
        // Every JSON error of SQS, its own or IAM's or a malformed body's, carries the query code.
        if (!res.headersSent) sendAwsError(res, e, contentTypeFor(t), t?.startsWith('AmazonSQS.') ? sqsQueryCode(e.code) : undefined);
        else res.destroy();
      })
      .finally(end);
  });
}

function contentTypeFor(target: string | undefined): string {
  if (target?.startsWith('AmazonSQS.') || target?.startsWith('DynamoDB_')) return JSON_1_0;
  if (target !== undefined) return JSON_1_1;
  return 'application/json';
}

async function handle(req: IncomingMessage, res: ServerResponse, target: string | undefined, deps: AwsEndpointDeps): Promise<void> {
  const body = await readBody(req);
  if (target !== undefined) {
    const dot = target.indexOf('.');
    const service = target.slice(0, dot);
    const op = target.slice(dot + 1);
    const input = parseJsonBody(body);
    const ct = contentTypeFor(target);
    await deps.iam?.authorize({ service, op, input, headers: req.headers }, deps.secrets);
    switch (service) {
      case 'AmazonSQS':
        deps.stats.count('SQS', op);
        return sendJson(res, 200, await handleSqs(op, input, deps.sqs), ct);
      case 'AWSEvents':
        deps.stats.count('EventBridge', op);
        return sendJson(res, 200, handleEventBridge(op, input, deps.eventBus, deps.catalog), ct);
      case 'secretsmanager':
        deps.stats.count('SecretsManager', op);
        return sendJson(res, 200, handleSecrets(op, input, deps.secrets), ct);
      default:
        throw new AwsError(400, 'UnknownOperationException', `${target} is not served by the local cloud`);
    }
  }
  if (isSqsQueryRequest(req.headers['content-type'], body)) {
    deps.stats.count('SQS', await handleSqsQuery(body, res, deps.sqs));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  if (url.pathname === '/schedule-groups' || url.pathname.startsWith('/schedule-groups/')) {
    const { op, result } = handleScheduleGroups(method, url, deps.catalog);
    deps.stats.count('Scheduler', op);
    return sendJson(res, 200, result);
  }
  if (url.pathname.startsWith('/v2/email/')) {
    const op = sesOperation(method, url.pathname);
    if (deps.iam !== undefined && op === 'SendEmail') {
      await deps.iam.authorize({ service: 'SESv2', op, input: parseJsonBody(body), headers: req.headers, url, method }, deps.secrets);
    }
    return deps.ses.handle(req, body, res);
  }
  if (url.pathname === '/schedules' || url.pathname.startsWith('/schedules/')) {
    const input = body.length > 0 ? parseJsonBody(body) : {};
    await deps.iam?.authorize({ service: 'Scheduler', op: schedulerOperation(method, url), input, headers: req.headers, url, method }, deps.secrets);
    const { op, result } = handleScheduler(method, url, input, deps.scheduler);
    deps.stats.count('Scheduler', op);
    return sendJson(res, 200, result);
  }
  throw new AwsError(404, 'UnknownOperationException', `${req.method} ${url.pathname} is not served by the local cloud`);
}

function schedulerOperation(method: string, url: URL): string {
  if (url.pathname === '/schedules') return 'ListSchedules';
  return ({ POST: 'CreateSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' } as Record<string, string>)[method] ?? 'GetSchedule';
}
