// Counters of the functions' DynamoDB requests, kept by the dynalite thread in shared memory
// (local/emulator-worker.mjs): the functions talk to dynalite directly, on a port of their own,
// with no hop through the main thread, and the main thread still reads exact counts
// synchronously for /_local/stats and the benchmark's Scan check.

/** DynamoDB's operations; anything else dynalite is asked for is counted as "Other". */
const OPERATIONS = [
  'BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable',
  'DescribeTable', 'DescribeTimeToLive', 'ExecuteStatement', 'ExecuteTransaction', 'GetItem', 'ListTables',
  'ListTagsOfResource', 'PutItem', 'Query', 'Scan', 'TagResource', 'TransactGetItems', 'TransactWriteItems',
  'UntagResource', 'UpdateItem', 'UpdateTable', 'UpdateTimeToLive', 'Other',
] as const;
/** Operations whose items are counted too (requests and items are both part of the budgets). */
const BATCHES = ['BatchGetItem', 'BatchWriteItem'] as const;

/** What the dynalite thread gets: the shared memory and its layout. */
export interface CounterLayout {
  buffer: SharedArrayBuffer;
  operations: readonly string[];
  batches: readonly string[];
}

export class DynamoDbCounters {
  private readonly cells: Int32Array;
  readonly layout: CounterLayout;

  constructor() {
    const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (OPERATIONS.length + BATCHES.length));
    this.cells = new Int32Array(buffer);
    this.layout = { buffer, operations: OPERATIONS, batches: BATCHES };
  }

  /** Requests per operation and items per batch operation, leaving out zeros (as Stats does). */
  read(): { requests: Record<string, number>; items: Record<string, number> } {
    const requests: Record<string, number> = {};
    const items: Record<string, number> = {};
    OPERATIONS.forEach((op, i) => {
      const n = Atomics.load(this.cells, i);
      if (n > 0) requests[op] = n;
    });
    BATCHES.forEach((op, i) => {
      const n = Atomics.load(this.cells, OPERATIONS.length + i);
      if (n > 0) items[op] = n;
    });
    return { requests, items };
  }

  reset(): void {
    for (let i = 0; i < this.cells.length; i++) Atomics.store(this.cells, i, 0);
  }
}
