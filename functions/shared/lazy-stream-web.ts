// Bundled in place of `node:stream/web` (the alias in lib/constructs/workflow-function.ts). Only
// @middy/core imports it, for `instanceof ReadableStream` on streamed responses, which no
// function here uses; importing Node's web streams costs about 4 % of a function's module init
// (eight internal modules), so the real class is looked up only when that check runs.
export class ReadableStream {
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
