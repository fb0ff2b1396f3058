// SQS errors as AWS sends them over the JSON protocol: the code in __type and, because SQS is
// awsQueryCompatible, the query protocol's code in x-amzn-query-error, which botocore (the AWS CLI)
// reports instead (AWS.SimpleQueueService.NonExistentQueue, not QueueDoesNotExist).
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { handleSqs, type SqsDeps } from '../../../local/aws-endpoint/sqs.js';
import { AwsError, sendAwsError } from '../../../local/aws-endpoint/wire.js';
import { QueueRegistry } from '../../../local/queues.js';

/** The status, headers and body one error answer is written with. */
function answerOf(err: AwsError) {
  const out: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, unknown>) => Object.assign(out, { status, headers }),
    end: (body: string) => Object.assign(out, { body }),
  } as unknown as ServerResponse;
  sendAwsError(res, err, 'application/x-amz-json-1.0');
  return out;
}

async function errorOf(op: string, input: Record<string, unknown>): Promise<AwsError> {
  const deps = { queues: new QueueRegistry(() => Date.now()) } as unknown as SqsDeps;
  const err = await handleSqs(op, input, deps).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AwsError);
  return err as AwsError;
}

describe('an SQS error over the JSON protocol', () => {
  it('names a missing queue QueueDoesNotExist in __type and AWS.SimpleQueueService.NonExistentQueue in x-amzn-query-error', async () => {
    const answer = answerOf(await errorOf('GetQueueUrl', { QueueName: 'no-such-queue' }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body!)).toEqual({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
    expect(answer.headers?.['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
  });

  it('carries the same code in x-amzn-query-error where the two protocols agree', async () => {
    const answer = answerOf(await errorOf('SendMessage', {}));
    expect(answer.headers?.['x-amzn-query-error']).toBe('MissingParameter;Sender');
  });

  it('adds no x-amzn-query-error for the services without the trait', () => {
    expect(answerOf(new AwsError(400, 'ResourceNotFoundException', 'no such group')).headers).not.toHaveProperty('x-amzn-query-error');
  });
});
