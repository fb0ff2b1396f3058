// The middy middleware every handler uses first: each log entry of an invocation carries its request
// id and function name, and nothing set during one invocation (its correlation id) reaches the next.
import type { MiddlewareObj } from '@middy/core';
import { beginInvocation, endInvocation } from '../adapters/logger.js';

export function logContext<TEvent = unknown, TResult = unknown>(): MiddlewareObj<TEvent, TResult> {
  return {
    // Starting resets everything: middy skips the remaining after/onError middlewares once one
    // returns a response, so the end below is not guaranteed to run.
    before: ({ context }) => beginInvocation(context),
    after: () => endInvocation(),
    onError: () => endInvocation(),
  };
}
