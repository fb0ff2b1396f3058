// The meeting aggregate's records: the meeting, each person's invitation and answer, the
// reflections left after it, and what the facilitator's pages show of them. Plain data; the
// rules are in state.ts (transitions), request.ts (validation), counts.ts and reminders.ts, and
// the store that keeps them implements store.ts.
import type { DetailInput, RsvpAnswer } from '../../contract/events.js';
import type { MeetingSnapshot, Recipient } from '../../contract/mail-job.js';
import type { Language, Role } from '../../contract/network.js';
import type { DeliveryEventStatus, MailRecordStatus } from '../mail/model.js';

export type MeetingStatus = 'scheduled' | 'cancelled' | 'held';

/**
 * How far an invitee's latest mail got: 'pending' before any attempt, then the mailer's record
 * ('retrying' once a retryable failure released the claim), then what SES reported about it.
 */
export type DeliveryStatus = 'pending' | 'retrying' | Exclude<MailRecordStatus, 'released'> | DeliveryEventStatus;

/** The time and place of the version before the current one (what a reschedule's update mail compares with). */
export interface PreviousDetails {
  version: number;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineUrl?: string;
}

export interface FollowUpRecord {
  summary: string;
  decisions: string[];
  nextSteps: string[];
}

export interface MeetingRecord extends MeetingSnapshot {
  createdAt: string;
  /** Items written before the lifecycle existed have none: the store reads them as 'scheduled'. */
  status: MeetingStatus;
  /** The highest version whose invitations have all been stored and enqueued. */
  fanOutVersion?: number;
  /** How far the current fan-out got (the api's 409 says "812 of 2,003"; the fan-out check reads `at`). */
  fanOut?: FanOutProgress;
  /** Set by the api when it accepted a reschedule (version) or a cancel/follow-up (status) not yet applied. */
  pendingVersion?: number;
  pendingStatus?: 'cancelled' | 'held';
  pendingAt?: number;
  /** The accepted change itself (the event the api published), until the meetings function applies it. */
  pendingChange?: PendingChange;
  /** What the latest reschedule changed (a resumed fan-out sends the same updates). */
  changed?: DetailInput<'meeting-rescheduled'>['changed'];
  previous?: PreviousDetails;
  cancelReason?: string;
  cancelledAt?: string;
  followUp?: FollowUpRecord;
  heldAt?: string;
  /** The cancellation or follow-up mails have all been enqueued. */
  closeFanOutDone?: boolean;
}

/** Progress of a fan-out, written when it starts and every PROGRESS_EVERY recipients. */
export interface FanOutProgress {
  version: number;
  kind: 'invitation' | 'update' | 'cancellation' | 'follow-up';
  /** Mail jobs this fan-out enqueues in all, and so far. */
  total: number;
  enqueued: number;
  /** When it last moved (epoch ms). */
  at: number;
}

/** A change the api accepted, stored with its reservation as the event it publishes. */
export type PendingChange = { [T in MeetingChangeType]: { detailType: T; detail: DetailInput<T> } }[MeetingChangeType];
export type MeetingChangeType = 'meeting-rescheduled' | 'meeting-cancelled' | 'meeting-held';

export type MeetingSummary = Pick<
  MeetingRecord,
  'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'place' | 'onlineUrl' | 'hostMunicipality' | 'status'
>;

/** How a meeting ends: cancelled with a reason, or held with its follow-up. */
export type MeetingClose = { status: 'cancelled'; reason: string } | { status: 'held'; followUp: FollowUpRecord };

export interface InvitationRecord {
  recipient: Recipient;
  /** The version of the last invitation or update sent. */
  invitedVersion: number;
  /** The version of this person's first invitation (absent on items written before reschedules existed). */
  firstVersion?: number;
  /** Set when a reschedule took this person out of the audience. */
  removedVersion?: number;
  answer?: RsvpAnswer;
  answeredAt?: string;
}

export interface InvitationWriteOptions {
  /** People a reschedule took out of the audience (they keep an item, marked removedVersion). */
  removed?: readonly Recipient[];
  /** The version each person was first invited at, when earlier than `version`. */
  firstVersion?: ReadonlyMap<string, number>;
  /** The meeting's end: the invitations expire `retentionMonths` after it (TTL). */
  endsAt?: string;
}

/** Left through the follow-up's link: one per person and meeting. */
export interface ReflectionRecord {
  personId: string;
  name: string;
  text: string;
  submittedAt: string;
}

/** One invitee as the meeting page shows them. */
export interface InvitationView {
  personId: string;
  name: string;
  email: string;
  role: Role;
  municipality: string | null;
  language: Language;
  topic?: string;
  answer: string | null;
  answeredAt: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryDetail?: string;
  /** Set when the address bounced: "inspirer unreachable, check the address" (da, en). */
  deliveryHint?: { da: string; en: string };
}

/** The meeting page: the meeting without the stored change (the meetings function's business), with its invitees. */
export interface MeetingWithInvitations extends Omit<MeetingRecord, 'pendingChange'> {
  invitations: InvitationView[];
}

/** One reminder of a meeting version (an EventBridge Scheduler one-time schedule). */
export interface ReminderSchedule {
  name: string;
  /** When the reminder is due. */
  at: Date;
  detail: DetailInput<'reminder-due'>;
}
