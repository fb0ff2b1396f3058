// The meeting-scheduled workflow: persist the meeting, then fan out one invitation and one mail
// job per invitee, then schedule its reminders. Each step is idempotent, so a duplicate event
// (EventBridge delivers at least once) either finds the fan-out done and stops, or repeats it
// harmlessly; the mailer's per-mail claim keeps a repeated job from sending twice.
import type { DetailOf } from '../contract/events.js';
import type { MailJob, MeetingSnapshot, Recipient } from '../contract/mail-job.js';
import { expandAudience, type NetworkPerson } from '../domain/audience.js';

export interface ScheduleMeetingPorts {
  saveMeeting(meeting: MeetingSnapshot): Promise<{ created: boolean; fanOutDone: boolean }>;
  listPeople(): Promise<NetworkPerson[]>;
  /** options.endsAt: the invitations' retention (TTL) counts from the meeting's end. */
  putInvitations(meetingId: string, version: number, recipients: readonly Recipient[], options?: { endsAt?: string }): Promise<void>;
  enqueue(jobs: readonly MailJob[]): Promise<void>;
  markFanOutDone(meetingId: string, version: number): Promise<void>;
  /** Creates the version's reminder schedules (idempotent); see lifecycle.ts. */
  scheduleReminders(meeting: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'startsAt'>): Promise<number>;
}

export type ScheduleMeetingOutcome = { status: 'invited'; invitees: number; reminders: number } | { status: 'already-done' };

export function meetingSnapshot(detail: DetailOf<'meeting-scheduled'>): MeetingSnapshot {
  const { schemaVersion: _schemaVersion, ...meeting } = detail;
  return meeting;
}

export async function scheduleMeeting(
  detail: DetailOf<'meeting-scheduled'>,
  ports: ScheduleMeetingPorts,
): Promise<ScheduleMeetingOutcome> {
  const meeting = meetingSnapshot(detail);
  const saved = await ports.saveMeeting(meeting);
  if (saved.fanOutDone) return { status: 'already-done' };

  const recipients = expandAudience(await ports.listPeople(), meeting.audience, meeting.inspirers);
  // Invitations first: when the mails go out, the meeting page already lists every invitee.
  await ports.putInvitations(meeting.meetingId, meeting.version, recipients, { endsAt: meeting.endsAt });
  await ports.enqueue(recipients.map((recipient): MailJob => ({ kind: 'invitation', meeting, recipient })));
  const reminders = await ports.scheduleReminders(meeting);
  await ports.markFanOutDone(meeting.meetingId, meeting.version);
  return { status: 'invited', invitees: recipients.length, reminders };
}
