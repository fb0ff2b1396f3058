// Durable local state: queue messages, pending EventBridge deliveries and pending asynchronous
// Lambda invocations, kept in an append-only journal in the data folder (state.journal), so a
// kill -9 and a restart resume the work as AWS would (AWS keeps them too).
//
// Each change is one JSON line (`put` a record by kind and key, `del` it, `clear` a kind). The lines
// of one tick are written together (a 2,000-message fan-out is a few hundred small appends, not
// 2,000 file writes); a write that returned reaches the OS before the next tick, which is what a
// killed process needs (not a crashed machine). When the journal outgrows the live state it is
// rewritten as a snapshot: a temporary file, fsync, then rename over the journal.
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const JOURNAL_FILE = 'state.journal';

type Line = { op: 'put'; kind: string; key: string; value: unknown } | { op: 'del'; kind: string; key: string } | { op: 'clear'; kind: string };

/** A kind of record in the journal (e.g. one queue's messages), read back at start. */
export interface JournalSection<T> {
  /** What the journal held for this kind at start, by key. */
  readonly restored: Map<string, T>;
  put(key: string, value: T): void;
  del(key: string): void;
  clear(): void;
}

export class Journal {
  private readonly file: string;
  private readonly live = new Map<string, Map<string, unknown>>();
  private pending: string[] = [];
  private flushQueued = false;
  private linesSinceSnapshot = 0;
  private closed = false;

  /** Opens (and replays) the journal in dataDir; without a dataDir nothing is kept (unit tests). */
  constructor(dataDir: string | undefined, private readonly onError: (err: Error) => void = () => undefined) {
    this.file = dataDir === undefined ? '' : join(dataDir, JOURNAL_FILE);
    if (this.file !== '' && existsSync(this.file)) {
      for (const text of readFileSync(this.file, 'utf8').split('\n')) {
        if (text === '') continue;
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          continue; // a line cut short by a kill: the change it described was never acknowledged
        }
        this.apply(line);
      }
      this.snapshot();
    }
  }

  section<T>(kind: string): JournalSection<T> {
    const restored = new Map((this.live.get(kind) ?? new Map<string, unknown>()) as Map<string, T>);
    return {
      restored,
      put: (key, value) => this.write({ op: 'put', kind, key, value }),
      del: (key) => this.write({ op: 'del', kind, key }),
      clear: () => this.write({ op: 'clear', kind }),
    };
  }

  /** Writes what is pending now (also done at the end of every tick). */
  flush(): void {
    this.flushQueued = false;
    if (this.pending.length === 0 || this.file === '' || this.closed) {
      this.pending = [];
      return;
    }
    const text = this.pending.join('');
    this.linesSinceSnapshot += this.pending.length;
    this.pending = [];
    try {
      appendFileSync(this.file, text);
    } catch (err) {
      this.onError(err as Error);
    }
    let records = 0;
    for (const m of this.live.values()) records += m.size;
    if (this.linesSinceSnapshot > 10_000 && this.linesSinceSnapshot > 4 * records) this.snapshot();
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private write(line: Line): void {
    if (this.closed) return;
    this.apply(line);
    if (this.file === '') return;
    this.pending.push(`${JSON.stringify(line)}\n`);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private apply(line: Line): void {
    if (line.op === 'clear') {
      this.live.delete(line.kind);
      return;
    }
    let kind = this.live.get(line.kind);
    if (line.op === 'put') {
      if (kind === undefined) this.live.set(line.kind, (kind = new Map()));
      kind.set(line.key, line.value);
    } else {
      kind?.delete(line.key);
    }
  }

  /** The live records as a fresh journal: temporary file, fsync, rename. */
  private snapshot(): void {
    if (this.file === '') return;
    const tmp = `${this.file}.tmp`;
    try {
      const fd = openSync(tmp, 'w');
      try {
        let chunk: string[] = [];
        for (const [kind, records] of this.live) {
          for (const [key, value] of records) {
            chunk.push(`${JSON.stringify({ op: 'put', kind, key, value })}\n`);
            if (chunk.length >= 500) {
              writeSync(fd, chunk.join(''));
              chunk = [];
            }
          }
        }
        if (chunk.length > 0) writeSync(fd, chunk.join(''));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      this.linesSinceSnapshot = 0;
    } catch (err) {
      this.onError(err as Error);
    }
  }
}
