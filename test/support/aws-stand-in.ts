// A tiny stand-in for the JSON-protocol services the api and meetings functions call
// (Secrets Manager GetSecretValue, EventBridge PutEvents, SQS SendMessageBatch), so the real SDK
// clients and adapters run unchanged. It records calls and can inject partial failures.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  endpoint: string;
  secrets: Map<string, string>;
  putEvents: { EventBusName?: string; Source: string; DetailType: string; Detail: string }[];
  messages: { queueUrl: string; body: string }[];
  /** EventBridge Scheduler (REST): schedules created, by name, with their request body. */
  schedules: Map<string, Record<string, any>>;
  calls: Record<string, number>;
  faults: {
    /** PutEvents answers FailedEntryCount 1 for every entry. */
    failPutEvents: boolean;
    /** SendMessageBatch fails this many entries (retryably) before succeeding. */
    sqsFailEntries: number;
  };
  stop(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const state: Omit<StandIn, 'endpoint' | 'stop'> = {
    secrets: new Map(),
    putEvents: [],
    messages: [],
    schedules: new Map(),
    calls: {},
    faults: { failPutEvents: false, sqsFailEntries: 0 },
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const schedule = /^\/schedules\/([^/?]+)/.exec(req.url ?? '');
      if (schedule) {
        // Scheduler speaks REST-JSON: POST creates, DELETE deletes.
        const name = decodeURIComponent(schedule[1]!);
        state.calls[`Scheduler.${req.method}`] = (state.calls[`Scheduler.${req.method}`] ?? 0) + 1;
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST') {
          if (state.schedules.has(name)) {
            res.writeHead(409, { 'x-amzn-errortype': 'ConflictException' });
            return res.end(JSON.stringify({ message: 'exists' }));
          }
          state.schedules.set(name, raw ? JSON.parse(raw) : {});
          return res.end(JSON.stringify({ ScheduleArn: `arn:aws:scheduler:eu-north-1:000000000000:schedule/x/${name}` }));
        }
        if (req.method === 'DELETE') {
          if (!state.schedules.delete(name)) {
            res.writeHead(404, { 'x-amzn-errortype': 'ResourceNotFoundException' });
            return res.end(JSON.stringify({ message: 'not found' }));
          }
          return res.end('{}');
        }
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      state.calls[target] = (state.calls[target] ?? 0) + 1;
      const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      const reply = (status: number, payload: unknown, contentType = 'application/x-amz-json-1.1') => {
        res.writeHead(status, { 'content-type': contentType });
        res.end(JSON.stringify(payload));
      };
      switch (target) {
        case 'secretsmanager.GetSecretValue': {
          const value = state.secrets.get(body.SecretId);
          if (value === undefined) return reply(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
          return reply(200, { ARN: body.SecretId, Name: body.SecretId, SecretString: value, VersionId: '1' });
        }
        case 'AWSEvents.PutEvents': {
          const entries = body.Entries as StandIn['putEvents'];
          if (state.faults.failPutEvents) {
            return reply(200, { FailedEntryCount: entries.length, Entries: entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected' })) });
          }
          state.putEvents.push(...entries);
          return reply(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
        }
        case 'AmazonSQS.SendMessageBatch': {
          const entries = body.Entries as { Id: string; MessageBody: string }[];
          const Successful: unknown[] = [];
          const Failed: unknown[] = [];
          for (const e of entries) {
            if (state.faults.sqsFailEntries > 0) {
              state.faults.sqsFailEntries -= 1;
              Failed.push({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'injected' });
              continue;
            }
            state.messages.push({ queueUrl: body.QueueUrl, body: e.MessageBody });
            // The SDK checks this checksum and rejects the answer if it is wrong.
            Successful.push({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') });
          }
          return reply(200, { Successful, Failed }, 'application/x-amz-json-1.0');
        }
        default:
          return reply(400, { __type: 'UnknownOperationException', message: `stand-in does not know ${target}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...state,
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
