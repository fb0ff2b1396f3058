// The meeting aggregate's records: the meeting, each person's invitation and answer, the
// reflections left after it, and what the facilitator's pages show of them. Plain data; the
// rules are in state.ts (transitions), request.ts (validation), counts.ts and reminders.ts, and
// the store that keeps them implements store.ts.
import type * as Api from '../../contract/api-types.js';
import type { DetailInput, RsvpAnswer } from '../../contract/events.js';
import type { Recipient } from '../../contract/mail-job.js';

// The shapes the api sends as they are stored are defined once, in the contract (the web app
// reads them); the names here say what the domain keeps.
export type MeetingStatus = Api.MeetingStatus;

/**
 * How far an invitee's latest mail got: 'pending' before any attempt, then the mailer's record
 * ('retrying' once a retryable failure released the claim), then what SES reported about it
 * (test/unit/api-types.test.ts holds it against mail/model.ts's MailRecordStatus and DeliveryEventStatus).
 */
export type DeliveryStatus = Api.MailDeliveryStatus;

/** The time and place of the version before the current one (what a reschedule's update mail compares with). */
export type PreviousDetails = Api.PreviousMeetingDetails;

export type FollowUpRecord = Api.MeetingFollowUp;

/** The stored meeting, with the change the api accepted and the meetings function has not applied yet. */
export type MeetingRecord = Api.MeetingState & {
  /** The accepted change itself (the event the api published), until the meetings function applies it. */
  pendingChange?: PendingChange;
};

export type FanOutProgress = Api.FanOutProgress;

/** A reminder or nudge that went out, kept on the meeting. */
export type SentReminder = Api.SentReminder;

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
  /** The meeting version the answer was given for (absent on answers from before it was kept). */
  answeredVersion?: number;
  /** What the person wrote with the answer (diet, step-free access). */
  comment?: string;
}

/** What an answer carries besides the answer itself. */
export interface AnswerExtras {
  /** The meeting version the person answered (their answer counts as reconfirmation for it). */
  version?: number;
  /** The comment from the answer page; undefined leaves a comment given before in place, '' removes it. */
  comment?: string;
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
export type ReflectionRecord = Api.Reflection;

/** One invitee as the meeting page shows them. */
export type InvitationView = Api.MeetingInvitation;

/** The meeting page: the meeting without the stored change (the meetings function's business), with its invitees. */
export type MeetingWithInvitations = Omit<MeetingRecord, 'pendingChange'> & { invitations: InvitationView[] };

/** One reminder of a meeting version (an EventBridge Scheduler one-time schedule). */
export interface ReminderSchedule {
  name: string;
  /** When the reminder is due. */
  at: Date;
  detail: DetailInput<'reminder-due'>;
}
