// Runs each template function from its bundled asset in its own worker thread, with the
// template's environment plus the local endpoints. Invocations run concurrently in that worker;
// a crashed worker fails its in-flight invocations and is replaced on the next invocation.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Activity } from './activity.js';
import type { LocalClock } from './clock.js';
import type { FaultState } from './faults.js';
import type { Stats } from './stats.js';

export interface FunctionSpec {
  logicalId: string;
  name: string;
  arn: string;
  assetDir: string;
  /** Handler as in the template, e.g. `index.handler`. */
  handler: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  runtime: string;
}

export class InvocationError extends Error {
  constructor(readonly errorType: string, message: string, readonly functionName: string) {
    super(message);
    this.name = errorType;
  }
}

export type LogSink = (functionName: string, line: string) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const runtimeFile = fileURLToPath(new URL('./function-runtime.mjs', import.meta.url));

export class LocalFunction {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  readonly entryFile: string;
  readonly handlerName: string;

  constructor(readonly spec: FunctionSpec, private readonly deps: { stats: Stats; faults: FaultState; activity: Activity; log: LogSink; clock?: LocalClock }) {
    const dot = spec.handler.lastIndexOf('.');
    const modulePath = spec.handler.slice(0, dot);
    this.handlerName = spec.handler.slice(dot + 1);
    const candidates = ['.mjs', '.js', '.cjs'].map((ext) => join(spec.assetDir, modulePath + ext));
    const entry = candidates.find((f) => existsSync(f));
    if (entry === undefined) throw new Error(`function ${spec.logicalId}: no ${modulePath}.mjs/.js in ${spec.assetDir}`);
    this.entryFile = entry;
  }

  /** Starts the worker and runs module init now instead of on the first invocation. */
  async warm(): Promise<void> {
    await this.start();
  }

  async invoke(event: unknown): Promise<unknown> {
    const { stats, faults, activity } = this.deps;
    const s = stats.fn(this.spec.name);
    const end = activity.begin();
    s.invocations++;
    s.inFlight++;
    const started = Date.now();
    try {
      await this.start();
      if (faults.fails(this.spec)) throw new InvocationError('Error', `injected fault: failEveryInvocation (${this.spec.name})`, this.spec.name);
      const crash = faults.takeCrash(this.spec);
      if (crash) stats.faults.crashes++;
      return await this.send(event, crash);
    } catch (err) {
      s.errors++;
      throw err;
    } finally {
      s.inFlight--;
      s.totalMs += Date.now() - started;
      end();
    }
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w !== undefined) await w.terminate();
  }

  private start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    this.deps.stats.fn(this.spec.name).coldStarts++;
    const spec = this.spec;
    const worker = new Worker(runtimeFile, {
      env: spec.environment,
      // Plain Node like Lambda: no TypeScript loader or test-runner flags from the parent.
      execArgv: [],
      stdout: true,
      stderr: true,
      workerData: {
        entryFile: this.entryFile,
        handlerName: this.handlerName,
        functionName: spec.name,
        functionArn: spec.arn,
        memoryMb: spec.memoryMb,
        logGroupName: spec.environment['AWS_LAMBDA_LOG_GROUP_NAME'],
        logStreamName: spec.environment['AWS_LAMBDA_LOG_STREAM_NAME'],
        ...(this.deps.clock !== undefined ? { clock: this.deps.clock.buffer } : {}),
      },
    });
    this.worker = worker;
    this.pipe(worker.stdout);
    this.pipe(worker.stderr);
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: { type: string; id?: string; ok?: boolean; json?: string; error?: { errorType: string; errorMessage: string } }) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'init-error') {
          reject(new InvocationError(msg.error!.errorType, msg.error!.errorMessage, spec.name));
          void this.discard(worker);
        } else if (msg.type === 'result' && msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          if (p === undefined) return;
          this.pending.delete(msg.id);
          clearTimeout(p.timer);
          if (msg.ok === true) p.resolve(JSON.parse(msg.json ?? 'null'));
          else p.reject(new InvocationError(msg.error!.errorType, msg.error!.errorMessage, spec.name));
        }
      });
      const died = (why: string) => {
        const err = new InvocationError('Runtime.ExitError', `RequestId: ${spec.name} Error: Runtime exited: ${why}`, spec.name);
        reject(err);
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
        }
        for (const [id, p] of this.pending) {
          if (p.timer !== undefined) clearTimeout(p.timer);
          this.pending.delete(id);
          p.reject(err);
        }
      };
      worker.on('error', (err) => died(`${err.name}: ${err.message}`));
      worker.on('exit', (code) => died(`exit status ${code}`));
    });
    // An init error leaves the function cold so the next invocation retries the init.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private send(event: unknown, crash: boolean): Promise<unknown> {
    const worker = this.worker;
    if (worker === undefined) return Promise.reject(new InvocationError('Runtime.ExitError', 'runtime not running', this.spec.name));
    const id = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      // Lambda stops an invocation at its timeout; the worker keeps running for the others.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InvocationError('Sandbox.Timedout', `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`, this.spec.name));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ type: 'invoke', id, requestId: id, event, deadline: Date.now() + timeoutMs, crash });
    });
  }

  private async discard(worker: Worker): Promise<void> {
    if (this.worker === worker) {
      this.worker = undefined;
      this.ready = undefined;
    }
    await worker.terminate();
  }

  private pipe(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => this.deps.log(this.spec.name, line));
  }
}

export class FunctionRegistry {
  private readonly byArn = new Map<string, LocalFunction>();

  add(fn: LocalFunction): void {
    this.byArn.set(fn.spec.arn, fn);
  }

  /** Finds a function by ARN (also a qualified or `:invocations` form), name or logical id. */
  find(ref: string): LocalFunction | undefined {
    const direct = this.byArn.get(ref);
    if (direct !== undefined) return direct;
    const m = /function:([^:/]+)/.exec(ref);
    const name = m?.[1] ?? ref;
    return this.all().find((f) => f.spec.name === name || f.spec.logicalId === name);
  }

  all(): LocalFunction[] {
    return [...this.byArn.values()];
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((f) => f.stop()));
  }
}
