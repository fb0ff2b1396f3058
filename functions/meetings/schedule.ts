// The meeting-scheduled workflow: persist the meeting, then fan out one invitation and one mail
// job per invitee, then schedule its reminders. Each step is idempotent, so a duplicate event
// (EventBridge delivers at least once) either finds the fan-out done and stops, or repeats it
// harmlessly; the mailer's per-mail claim keeps a repeated job from sending twice.
import type { DetailOf } from '../contract/events.js';
import type { MailJob, MeetingSnapshot } from '../contract/mail-job.js';
import { meetingSnapshotOf } from '../contract/mail-job-subject.js';
import type { MailQueue } from '../domain/mail/store.js';
import { plannedFanOutCheck } from '../domain/meeting/fan-out.js';
import type { FanOutCheckScheduler, InvitationStore, MeetingStore } from '../domain/meeting/store.js';
import { expandAudience } from '../domain/person/audience.js';
import type { PeopleStore } from '../domain/person/store.js';
import { startProgress } from './progress.js';

export interface ScheduleMeetingPorts
  extends Pick<MeetingStore, 'saveMeeting' | 'markFanOutDone' | 'recordFanOutProgress'>,
    Pick<InvitationStore, 'putInvitations'>,
    Pick<PeopleStore, 'listPeople'>,
    FanOutCheckScheduler,
    MailQueue {
  now(): Date;
  /** Creates the version's reminder schedules (idempotent); see lifecycle.ts. */
  scheduleReminders(meeting: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'startsAt' | 'reminders'>): Promise<number>;
}

export type ScheduleMeetingOutcome = { status: 'invited'; invitees: number; reminders: number } | { status: 'already-done' };

export async function scheduleMeeting(
  detail: DetailOf<'meeting-scheduled'>,
  ports: ScheduleMeetingPorts,
): Promise<ScheduleMeetingOutcome> {
  const meeting = meetingSnapshotOf(detail);
  const saved = await ports.saveMeeting(meeting);
  if (saved.fanOutDone) return { status: 'already-done' };
  // Armed first: if this fan-out stops half-way and no retry finishes it, the check does.
  await ports.armFanOutCheck(plannedFanOutCheck(meeting.meetingId, meeting.version, 1, ports.now()));

  const recipients = expandAudience(await ports.listPeople(), meeting.audience, meeting.inspirers);
  const progress = await startProgress(ports, meeting.meetingId, { version: meeting.version, kind: 'invitation', total: recipients.length });
  // In chunks, so the first mails go out while the rest is still being written: each chunk's
  // invitations first (when a person's mail goes out, their invitation exists, and their answer
  // link finds it), then its mail jobs, while the next chunk's invitations are written.
  await pipelined(
    recipients,
    (part) => ports.putInvitations(meeting.meetingId, meeting.version, part, { endsAt: meeting.endsAt }),
    async (part) => {
      await ports.enqueue(part.map((recipient): MailJob => ({ kind: 'invitation', meeting, recipient })));
      await progress.advance(part.length);
    },
  );
  const reminders = await ports.scheduleReminders(meeting);
  await ports.markFanOutDone(meeting.meetingId, meeting.version);
  return { status: 'invited', invitees: recipients.length, reminders };
}

/**
 * Recipients per fan-out chunk: a multiple of 25 (BatchWriteItem) and 10 (SendMessageBatch), so
 * chunking adds no request.
 */
export const FAN_OUT_CHUNK = 50;

/**
 * For each chunk in order: `write`, then `enqueue` — started once its `write` is done, while the
 * next chunk's `write` runs. Resolves when every chunk is enqueued; rejects on the first failure
 * (a repeated event redoes the fan-out: both steps are idempotent).
 */
export async function pipelined<T>(
  items: readonly T[],
  write: (part: readonly T[]) => Promise<void>,
  enqueue: (part: readonly T[]) => Promise<void>,
): Promise<void> {
  const enqueued: Promise<void>[] = [];
  try {
    for (let i = 0; i < items.length; i += FAN_OUT_CHUNK) {
      const part = items.slice(i, i + FAN_OUT_CHUNK);
      await write(part);
      const p = enqueue(part);
      // Awaited below; marked handled so a failure while later chunks are written is not "unhandled".
      p.catch(() => undefined);
      enqueued.push(p);
      // At most one chunk waits to be enqueued while the next one is written.
      if (enqueued.length > 1) await enqueued[enqueued.length - 2];
    }
  } finally {
    // Nothing of this fan-out keeps running after it settled.
    await Promise.allSettled(enqueued);
  }
  await Promise.all(enqueued);
}
