// The ports of the meeting aggregate: what the workflows and the api need from the stores that
// keep meetings, invitations with their answers, and reflections, and from the reminder
// scheduler. functions/adapters implements them on DynamoDB and EventBridge Scheduler; tests
// pass in-memory versions.
import type { RsvpAnswer } from '../../contract/events.js';
import type { MeetingSnapshot, Recipient } from '../../contract/mail-job.js';
import type { MeetingAttendance } from '../../contract/api-types.js';
import type { FanOutCheck } from './fan-out.js';
import type { AnswerExtras, FanOutProgress, InvitationRecord, InvitationWriteOptions, MeetingClose, MeetingRecord, MeetingSummary, MeetingWithInvitations, PendingChange, PreviousDetails, ReflectionRecord, ReminderSchedule, SentReminder } from './model.js';

export interface MeetingStore {
  /**
   * Stores the meeting unless it is already there (a duplicate event must not clobber it).
   * Returns whether it was created and whether this version's fan-out already finished.
   */
  saveMeeting(meeting: MeetingSnapshot, now?: Date): Promise<{ created: boolean; fanOutDone: boolean }>;
  getMeeting(meetingId: string): Promise<MeetingRecord | undefined>;
  /** Meetings ordered by start time. */
  listMeetings(): Promise<MeetingSummary[]>;
  /** The meeting with its invitations, answers and the delivery of each invitee's latest mail. */
  getMeetingWithInvitations(meetingId: string): Promise<MeetingWithInvitations | undefined>;
  markFanOutDone(meetingId: string, version: number): Promise<void>;
  /** Records that a fan-out starts (its total) or got further (`enqueued`); `at` is now. */
  recordFanOutProgress(meetingId: string, progress: Omit<FanOutProgress, 'at'>, now?: Date): Promise<void>;
  /**
   * Reserves version `current + 1` for a reschedule and stores the change: false when another change
   * is pending, the current version's fan-out is not complete, or the meeting is not scheduled.
   */
  reserveReschedule(meetingId: string, currentVersion: number, change: PendingChange, now?: Date): Promise<boolean>;
  /** Reserves the end of a meeting (cancel or follow-up) at `currentVersion`, with the change: only one of them, once. */
  reserveClose(meetingId: string, currentVersion: number, status: MeetingClose['status'], change: PendingChange, now?: Date): Promise<boolean>;
  /** Gives a reservation back when its event could not be published (only the one made at `at`). */
  releaseReservation(meetingId: string, at: Date): Promise<void>;
  /** Moves the meeting to a newer version (and clears its pending change); false for a duplicate or out-of-date event. */
  applyReschedule(meeting: MeetingSnapshot, previous: PreviousDetails, changed?: readonly string[]): Promise<boolean>;
  /** Marks the meeting cancelled or held; false when it is no longer scheduled. */
  closeMeeting(meetingId: string, close: MeetingClose, now?: Date): Promise<boolean>;
  markCloseFanOutDone(meetingId: string): Promise<void>;
  /** Notes that a reminder or nudge went out (for the meeting page). */
  recordReminderSent(meetingId: string, sent: SentReminder): Promise<void>;
}

export interface InvitationStore {
  /** One invitation per recipient (and the ones a reschedule removed, marked so); a repeat rewrites the same items. */
  putInvitations(meetingId: string, version: number, recipients: readonly Recipient[], options?: InvitationWriteOptions): Promise<void>;
  /** Every invitation of a meeting with its answer. */
  listInvitations(meetingId: string): Promise<InvitationRecord[]>;
  /** One invitation, without its answer. */
  getInvitation(meetingId: string, personId: string): Promise<InvitationRecord | undefined>;
  /** Writes an answer given at `at`; the latest answer wins ('older': a newer one is kept). */
  saveAnswer(meetingId: string, personId: string, answer: RsvpAnswer, at: Date, endsAt?: string, extras?: AnswerExtras): Promise<'recorded' | 'older'>;
}

export interface ReflectionStore {
  /** One reflection per person and meeting; a new one replaces the old. */
  saveReflection(meetingId: string, reflection: ReflectionRecord, endsAt?: string): Promise<void>;
  getReflection(meetingId: string, personId: string): Promise<ReflectionRecord | undefined>;
  listReflections(meetingId: string): Promise<ReflectionRecord[]>;
}

export interface FanOutCheckScheduler {
  /** Creates the one-time check; an existing one of that name (a duplicate) is fine. */
  armFanOutCheck(check: FanOutCheck): Promise<unknown>;
}

export interface ReminderScheduler {
  /** Creates the schedule; an existing one of that name (a duplicate event) is fine. */
  createReminder(reminder: ReminderSchedule): Promise<unknown>;
  /** Deletes the schedule; a missing one is fine. */
  deleteReminder(name: string): Promise<unknown>;
}

export interface AttendanceStore {
  /** Replaces the meeting's attendance; false when the meeting is gone or cancelled meanwhile. */
  recordAttendance(meetingId: string, attendance: MeetingAttendance): Promise<boolean>;
}

/** Facilitators who asked for the daily digest of new answers and reflections. */
export interface DigestSubscriptionStore {
  setDigestSubscription(personId: string, enabled: boolean, at: Date): Promise<void>;
  isDigestSubscriber(personId: string): Promise<boolean>;
  /** Person ids of every subscriber (one Query). */
  listDigestSubscribers(): Promise<string[]>;
}
