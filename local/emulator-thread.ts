// Starts dynalite in its own worker thread (emulator-worker.mjs)
// and resolves once it listens on its port and its counted port. close() stops its servers and
// waits for the thread to exit.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CounterLayout } from './dynamodb-counters.js';
import { PortInUseError } from './ports.js';

const workerFile = fileURLToPath(new URL('./emulator-worker.mjs', import.meta.url));

export interface EmulatorThread {
  port: number;
  /** A second port onto the same emulator whose requests are counted. */
  countedPort: number;
  close(): Promise<void>;
  /** Hands the thread the functions' roles: from now on their requests on the counted port are checked (local/iam). */
  setIam(config: unknown): void;
}

export interface EmulatorThreadOptions {
  host: string;
  port: number;
  /** dynalite's data folder. */
  path?: string;
  /** Where the counted port's requests are counted (local/dynamodb-counters.ts). */
  counters: CounterLayout;
  /** For the port-in-use message. */
  label: string;
}

export function startEmulatorThread(o: EmulatorThreadOptions): Promise<EmulatorThread> {
  const worker = new Worker(workerFile, {
    // Plain Node: no TypeScript loader or test-runner flags from the parent.
    execArgv: [],
    workerData: { host: o.host, port: o.port, path: o.path, counters: o.counters },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const close = async () => {
    worker.postMessage({ type: 'close' });
    // A last resort if the server does not close (dynalite waits up to 30 s for its database).
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => {
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (msg: { type: string; port?: number; countedPort?: number; code?: string; message?: string }) => {
      if (msg.type === 'listening') resolve({ port: msg.port!, countedPort: msg.countedPort!, close, setIam: (config) => worker.postMessage({ type: 'iam', config }) });
      else if (msg.type === 'error') {
        if (msg.code === 'EADDRINUSE') failed(new PortInUseError(`Port ${o.port} (${o.label}) is already in use.`));
        else if (msg.code === 'EACCES') failed(new PortInUseError(`Port ${o.port} (${o.label}) needs privileges this user lacks.`));
        else failed(new Error(`${o.label}: ${msg.message ?? 'failed to start'}`));
      }
    });
    worker.once('error', failed);
    void exited.then(() => reject(new Error(`${o.label}: its thread exited before it listened`)));
  });
}
