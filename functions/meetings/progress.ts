// A fan-out's progress on the meeting item: written when it starts and every PROGRESS_EVERY mail
// jobs, so the api can say "812 of 2,003" and the fan-out check can tell a running fan-out from one
// that stopped, at about one write per 200 invitees.
import type { MailJob } from '../contract/mail-job.js';
import { PROGRESS_EVERY } from '../domain/meeting/fan-out.js';
import type { FanOutProgress } from '../domain/meeting/model.js';
import type { MailQueue } from '../domain/mail/store.js';
import type { MeetingStore } from '../domain/meeting/store.js';

export type ProgressPorts = Pick<MeetingStore, 'recordFanOutProgress'>;

export interface ProgressTracker {
  /** Mail jobs just enqueued; writes the progress when PROGRESS_EVERY more are out. */
  advance(jobs: number): Promise<void>;
}

/** Records the start of a fan-out of `total` mail jobs and returns its tracker. */
export async function startProgress(
  ports: ProgressPorts,
  meetingId: string,
  fanOut: Pick<FanOutProgress, 'version' | 'kind' | 'total'>,
): Promise<ProgressTracker> {
  let enqueued = 0;
  let written = 0;
  // Writes one after the other, so a smaller count never lands after a larger one.
  let chain: Promise<void> = ports.recordFanOutProgress(meetingId, { ...fanOut, enqueued: 0 });
  await chain;
  return {
    advance(jobs) {
      enqueued += jobs;
      if (enqueued - written < PROGRESS_EVERY) return Promise.resolve();
      written = enqueued;
      const n = enqueued;
      chain = chain.then(() => ports.recordFanOutProgress(meetingId, { ...fanOut, enqueued: n }));
      return chain;
    },
  };
}

/** Enqueues the jobs in parts of PROGRESS_EVERY, recording progress after each. */
export async function enqueueWithProgress(ports: MailQueue & ProgressPorts, meetingId: string, fanOut: Pick<FanOutProgress, 'version' | 'kind'>, jobs: readonly MailJob[]): Promise<void> {
  const progress = await startProgress(ports, meetingId, { ...fanOut, total: jobs.length });
  for (let i = 0; i < jobs.length; i += PROGRESS_EVERY) {
    const part = jobs.slice(i, i + PROGRESS_EVERY);
    await ports.enqueue(part);
    await progress.advance(part.length);
  }
}
