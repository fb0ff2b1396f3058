// Fault injection, switchable per run (start flags or POST /_local/faults).

export interface Faults {
  /** Deliver every event to every target twice and enqueue every queue message twice. */
  duplicateDeliveries: boolean;
  /** Fraction (0..1) of SES calls answered with TooManyRequestsException. */
  sesThrottleRate: number;
  /** Functions (logical id or local name) whose first invocation crashes the runtime. */
  crashFirstInvocation: string[];
  /** Functions (logical id or local name) whose every invocation fails with a handler error (a bug in the code). */
  failEveryInvocation: string[];
  /**
   * Functions (logical id or local name) whose runtime is killed right after SES accepted their
   * first SendEmail since the fault was set, before the function sees the answer (so before it can
   * record the mail): a crash between send and record.
   */
  crashAfterSend: string[];
}

export const noFaults = (): Faults => ({ duplicateDeliveries: false, sesThrottleRate: 0, crashFirstInvocation: [], failEveryInvocation: [], crashAfterSend: [] });

// A CDK logical id carries a hash suffix, so its readable prefix ("Mailer") names it too.
const names = (list: string[], fn: { logicalId: string; name: string }) => list.some((n) => n === fn.name || fn.logicalId.startsWith(n));

export class FaultState {
  private faults: Faults = noFaults();
  /** Functions that already crashed once since the fault was set. */
  private crashed = new Set<string>();
  /** Functions already killed after a send since crashAfterSend was set. */
  private crashedAfterSend = new Set<string>();

  constructor(initial?: Partial<Faults>, private readonly random: () => number = Math.random) {
    if (initial !== undefined) this.set(initial);
  }

  get current(): Faults {
    return structuredClone(this.faults);
  }

  /** Merges a partial setting after validating it; throws with the field name on bad input. */
  set(input: unknown): Faults {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('faults must be an object');
    const next = { ...this.faults };
    for (const [k, v] of Object.entries(input)) {
      if (k === 'duplicateDeliveries') {
        if (typeof v !== 'boolean') throw new Error('duplicateDeliveries must be a boolean');
        next.duplicateDeliveries = v;
      } else if (k === 'sesThrottleRate') {
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error('sesThrottleRate must be a number from 0 to 1');
        next.sesThrottleRate = v;
      } else if (k === 'crashFirstInvocation') {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('crashFirstInvocation must be a list of function names');
        next.crashFirstInvocation = [...v];
        this.crashed.clear();
      } else if (k === 'crashAfterSend') {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('crashAfterSend must be a list of function names');
        next.crashAfterSend = [...v];
        this.crashedAfterSend.clear();
      } else if (k === 'failEveryInvocation') {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('failEveryInvocation must be a list of function names');
        next.failEveryInvocation = [...v];
      } else {
        throw new Error(`unknown fault ${k}`);
      }
    }
    this.faults = next;
    return this.current;
  }

  throttleSes(): boolean {
    return this.faults.sesThrottleRate > 0 && this.random() < this.faults.sesThrottleRate;
  }

  /** True once per listed function: its next invocation should crash. */
  takeCrash(fn: { logicalId: string; name: string }): boolean {
    const listed = names(this.faults.crashFirstInvocation, fn);
    if (!listed || this.crashed.has(fn.logicalId)) return false;
    this.crashed.add(fn.logicalId);
    return true;
  }

  /** True once per listed function: SES just accepted its mail, and its runtime should die now. */
  takeCrashAfterSend(fn: { logicalId: string; name: string }): boolean {
    if (!names(this.faults.crashAfterSend, fn) || this.crashedAfterSend.has(fn.logicalId)) return false;
    this.crashedAfterSend.add(fn.logicalId);
    return true;
  }

  /** True when the function should fail this invocation with a handler error. */
  fails(fn: { logicalId: string; name: string }): boolean {
    return names(this.faults.failEveryInvocation, fn);
  }
}
