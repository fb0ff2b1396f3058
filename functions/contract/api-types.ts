// The facilitator API's JSON bodies, as functions/api and functions/auth send them and the web
// app (web/src) reads them. Types only: the web app imports them with `import type`, so nothing of
// this file (or of zod) lands in its bundle. test/unit/api-types.test.ts holds them against the
// types the server builds its answers from.
import type { DetailOf, DetailType, InvolvedPerson, RsvpAnswer } from './events.js';
import type { Language, Person, Role } from './network.js';
import type { AppRole } from './session-types.js';
import type { AttendanceSummary, CancellationReach, MeetingAttendance, MeetingReminderStatus, SentReminder } from './meeting-loop-types.js';
import type { ExperimentKind, ExperimentResult, ExperimentStatus } from './pattern-types.js';
import type * as z from 'zod/mini';

// ---- every route ----

/** One problem with one field of a body ("inspirers.1.email"), in English. */
export interface FieldError {
  /** Dotted path into the request body, e.g. "involved.1.email"; "body" for the whole body. */
  field: string;
  message: string;
}

/** A 4xx or 5xx answer: what went wrong; a 400 names every invalid field. */
export interface ApiError {
  message: string;
  errors?: FieldError[];
}

// ---- meetings ----

export type MeetingStatus = 'scheduled' | 'cancelled' | 'held';

/** What a meeting is (any version): the fields of meeting-scheduled, with the current version. */
export type MeetingFields = Omit<DetailOf<typeof DetailType.MeetingScheduled>, 'schemaVersion' | 'version'> & { version: number };

/** A meeting in GET /api/meetings: no agenda, audience or inspirers; `ended` by the api's clock. */
export type MeetingListItem = Pick<
  MeetingFields,
  'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'place' | 'onlineUrl' | 'hostMunicipality'
> & {
  status: MeetingStatus;
  /** The meeting has ended by the api's clock (the browser's may be off). */
  ended: boolean;
};

export interface MeetingList {
  meetings: MeetingListItem[];
}

/** How a meeting's invitations stand (functions/domain/meeting/counts.ts computes them). */
export interface MeetingCounts {
  invited: number;
  accepted: number;
  declined: number;
  maybe: number;
  noAnswer: number;
  /** Mails that went out (sent, and SES reported delivered, delayed or soft-bounced). */
  sent: number;
  /** Mails that did not reach the person (rejected, bounced, complained about, suppressed). */
  unreached: number;
  /** GET /api/meetings/{id} only: of `accepted`, those who have not confirmed since the time moved. */
  awaitingReconfirmation?: number;
  /** Sending is over for these: sent, unreached, stale (a later mail replaced it) or unconfirmed; the rest are still queued or retrying. */
  settled: number;
}

/** counts is null for upcoming meetings beyond the 10 soonest (open the meeting for its counts). */
export type OverviewMeeting = MeetingListItem & { counts: MeetingCounts | null; attendance?: AttendanceSummary | null };

/** GET /api/meetings/overview. */
export interface MeetingOverview {
  /** Not ended, the soonest first (the 10 soonest with counts). */
  upcoming: OverviewMeeting[];
  /** Ended, the latest first (at most 10). */
  past: OverviewMeeting[];
}

/**
 * How far an invitee's latest mail got: 'pending' before any attempt, the mail record's state
 * ('released' shows as 'retrying'), then what SES reported.
 */
export type MailDeliveryStatus =
  | 'pending'
  | 'sending'
  | 'retrying'
  | 'sent'
  | 'rejected'
  | 'suppressed'
  /** Not sent: the meeting changed or was cancelled before it went out (a later mail replaces it). */
  | 'stale'
  /** The mailer stopped between claiming and recording it: it may or may not have gone out (never resent). */
  | 'unconfirmed'
  | 'delivered'
  | 'delayed'
  | 'soft-bounced'
  | 'bounced'
  | 'complained';

/** One invitee of a meeting, as the meeting page lists them (people a reschedule removed are left out). */
export interface MeetingInvitation {
  personId: string;
  name: string;
  email: string;
  role: Role;
  municipality: string | null;
  language: Language;
  /** Inspirers: why they are invited. */
  topic?: string;
  answer: RsvpAnswer | null;
  answeredAt: string | null;
  deliveryStatus: MailDeliveryStatus;
  deliveryDetail?: string;
  /** What the person wrote with their answer (diet, step-free access); plain text, escape it. */
  comment?: string;
  /** The meeting version the answer was given for (absent on answers from before versions were kept). */
  answeredVersion?: number;
  /**
   * After a move: 'awaiting' while someone who had accepted has not answered for the new time,
   * 'confirmed' once they accepted it again; absent when the time has not moved since they answered.
   */
  reconfirmation?: 'awaiting' | 'confirmed';
  /** Set when the address bounced: "inspirer unreachable, check the address" (da, en). */
  deliveryHint?: { da: string; en: string };
  /** GET /api/meetings/{id}: whether they came; null while no attendance is recorded. */
  attended?: boolean | null;
}

/** The time and place of the version before the current one (what a reschedule's update mail compares with). */
export interface PreviousMeetingDetails {
  version: number;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineUrl?: string;
}

export type MeetingFollowUp = Omit<DetailOf<typeof DetailType.MeetingHeld>, 'schemaVersion' | 'meetingId' | 'sentBy'>;

/** A fan-out's progress on the meeting (GET /api/meetings/{id}). */
export interface FanOutProgress {
  version: number;
  kind: 'invitation' | 'update' | 'cancellation' | 'follow-up';
  total: number;
  enqueued: number;
  /** When it last moved (epoch ms). */
  at: number;
}

/** The stored meeting (functions/domain/meeting/model.ts's MeetingRecord). */
export type MeetingState = MeetingFields & {
  createdAt: string;
  /** Items written before the lifecycle existed have none: the store reads them as 'scheduled'. */
  status: MeetingStatus;
  /** The highest version whose invitations have all been stored and enqueued. */
  fanOutVersion?: number;
  /** How far the current fan-out got: mail jobs enqueued of its total (written every 200 or so). */
  fanOut?: FanOutProgress;
  /** What the latest reschedule changed. */
  changed?: DetailOf<typeof DetailType.MeetingRescheduled>['changed'];
  /** A reschedule (version) or a cancel/follow-up (status) the api accepted and the meetings function has not applied yet. */
  pendingVersion?: number;
  pendingStatus?: 'cancelled' | 'held';
  pendingAt?: number;
  previous?: PreviousMeetingDetails;
  cancelReason?: string;
  cancelledAt?: string;
  followUp?: MeetingFollowUp;
  heldAt?: string;
  /** The cancellation or follow-up mails have all been enqueued. */
  closeFanOutDone?: boolean;
  /** The reminders and nudges that went out (a duplicate delivery may list one twice; the page's `reminders` does not). */
  remindersSent?: SentReminder[];
  /** Who came, as the check-in list recorded it (PUT /api/meetings/{id}/attendance). */
  attendance?: MeetingAttendance;
};


/**
 * GET /api/meetings/{id}?limit=&cursor=: the stored meeting with the counts of all its invitations,
 * one page of them by name (limit 1..1000, default 200) and `ended`.
 */
export type MeetingDetail = MeetingState & {
  ended: boolean;
  /** The reminders' settings (the meeting's own `reminders`, else the network's) and what went out and is next. */
  reminderStatus: MeetingReminderStatus;
  counts: MeetingCounts;
  /** Who came, per municipality; null while no attendance is recorded. */
  attendanceSummary?: AttendanceSummary | null;
  /** Who a cancel tells (scheduled meetings) or told (cancelled ones); absent for held meetings. */
  cancellation?: CancellationReach;
  /** This page of invitees, by name. */
  invitations: MeetingInvitation[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
};

/** 202 to POST /api/meetings. */
export interface MeetingScheduledAnswer {
  meetingId: string;
}

/** 202 to PATCH /api/meetings/{id}. */
export interface MeetingRescheduledAnswer {
  meetingId: string;
  version: number;
  changed: DetailOf<typeof DetailType.MeetingRescheduled>['changed'];
}

/** 202 to POST /api/meetings/{id}/cancel and …/follow-up. */
export interface MeetingClosedAnswer {
  meetingId: string;
  status: 'cancelled' | 'held';
}

export interface Reflection {
  personId: string;
  name: string;
  text: string;
  submittedAt: string;
  /** The person agreed that their name is shown with the reflection beyond the meeting's page (patterns). */
  shareName?: boolean;
}

/** GET /api/meetings/{id}/reflections, the oldest first. */
export interface MeetingReflections {
  meetingId: string;
  reflections: Reflection[];
}

/** The body of POST /api/meetings/{id}/cancel. */
export interface CancelMeetingRequest {
  reason: string;
}

/** The body of POST /api/meetings/{id}/follow-up (the api reads missing decisions or next steps as none). */
export type FollowUpRequest = MeetingFollowUp;

// ---- reminders, attendance, digest and cancellation reach (functions/contract/meeting-loop-types.ts) ----

export type * from './meeting-loop-types.js';

// ---- experiments ----


/** What an experiment is: the fields of experiment-registered. */
export type ExperimentFields = Omit<DetailOf<typeof DetailType.ExperimentRegistered>, 'schemaVersion'>;

/** The completion's answers (POST …/complete). */
export interface ExperimentCompletion {
  outcome: string;
  learnings: string[];
  reusable: string;
  doDifferently?: string;
  /** How it went; "did-not-work" is a first-class outcome. */
  result?: ExperimentResult;
}


/** The stored experiment: its fields, its state and, once completed, its completion. */
export type ExperimentState = ExperimentFields &
  Partial<ExperimentCompletion> & {
    status: ExperimentStatus;
    registeredAt: string;
    noteCount?: number;
    abandonedReason?: string;
    abandonedAt?: string;
    completedAt?: string;
    /** 'pending' between the api's completion write and its PutEvents; then 'published'. */
    completionEvent?: 'pending' | 'published';
    /** Set once every involved person's invitation is enqueued. */
    invitationsSentAt?: string;
    /** Set once the learnings mails are enqueued and the agenda proposal is written. */
    learningsSharedAt?: string;
    /** The meeting whose agenda proposal got this experiment (chosen once, kept on redelivery). */
    agendaMeetingId?: string;
    /** The meeting where it was presented to the network. */
    presentedAtMeetingId?: string;
    /** Counts the changes of the involved people after registration (each is a conditional write on it). */
    involvedRev?: number;
    updatedAt?: string;
  };

/** An experiment in the register: everything but the involved people's contact data. */
export type ExperimentSummary = Omit<ExperimentState, 'involved'> & { involvedCount: number };

/** GET /api/experiments. */
export interface ExperimentList {
  experiments: ExperimentSummary[];
}

export interface ExperimentNote {
  date: string;
  text: string;
  /** Order among the experiment's notes (1, 2, ...). */
  n: number;
  createdAt: string;
  /** Who wrote it (absent for notes written with the API token, or before authors were kept). */
  author?: NoteAuthor;
}

export interface NoteAuthor {
  personId: string;
  name: string;
}

/** An involved person with how far their invitation got. */
export type InvolvedPersonView = z.infer<typeof InvolvedPerson> & {
  invitationStatus: MailDeliveryStatus;
  /** The id the person is keyed by (outsiders': derived from the address): DELETE …/involved/{involvedId}. */
  involvedId: string;
};

/** GET /api/experiments/{id}. */
export type ExperimentDetail = Omit<ExperimentState, 'involved'> & {
  involved: InvolvedPersonView[];
  notes: ExperimentNote[];
};

/** 202 to POST /api/experiments. */
export interface ExperimentRegisteredAnswer {
  experimentId: string;
}

/** 201 to POST /api/experiments/{id}/notes. */
export interface ExperimentNoteAdded {
  experimentId: string;
  status: ExperimentStatus;
  note: ExperimentNote;
}

/** 200 to …/abandon, 202 to …/complete. */
export interface ExperimentStatusAnswer {
  experimentId: string;
  status: ExperimentStatus;
}

/** The body of POST /api/experiments/{id}/notes (a date not after today). */
export interface ExperimentNoteRequest {
  date: string;
  text: string;
}

/** The body of POST /api/experiments/{id}/abandon. */
export interface AbandonExperimentRequest {
  reason: string;
}

/** The body of PATCH /api/experiments/{id}: the fields to change (at least one; null clears an optional one). */
export interface ExperimentUpdateRequest {
  title?: string;
  challenge?: string;
  plan?: string;
  startsOn?: string;
  plannedEndOn?: string;
  themes?: string[];
  kind?: ExperimentKind | null;
  reviewOn?: string | null;
  plannedAtMeetingId?: string | null;
  presentedAtMeetingId?: string | null;
}

/** 200 to PATCH /api/experiments/{id}, POST …/involved and DELETE …/involved/{personId}. */
export type ExperimentUpdated = ExperimentDetail;

/** An experiment proposed for a meeting's agenda by its completion. */
export type AgendaProposal = ExperimentCompletion & { experimentId: string; municipality: string; title: string; proposedAt: string };

/** GET /api/meetings/{id}/agenda-proposals. */
export interface MeetingAgendaProposals {
  meetingId: string;
  experiments: AgendaProposal[];
}

/** One experiment of GET /api/experiments/export.json. */
export type ExportedExperiment = ExperimentSummary & {
  involvedPeople: { name: string; role: Role }[];
  notes: ExperimentNote[];
};

export interface ExperimentExport {
  network: string;
  exportedAt: string;
  experiments: ExportedExperiment[];
}

// ---- themes and patterns (functions/contract/pattern-types.ts) ----

export type * from './pattern-types.js';

// ---- people ----

/** A person of the network as /api/people lists them, with whether they can sign in to the app. */
export type PersonView = Person & { canSignIn: AppRole | null };

/** GET /api/people, by name. */
export interface PeopleList {
  people: PersonView[];
}

/** 201 to POST /api/people, 200 to PUT /api/people/{id}. */
export interface PersonSaved {
  person: Person;
}

/**
 * The JSON body of POST /api/people/import: a preview unless dryRun is false. The route also takes
 * the file's bytes as a text/csv body (saved at once; `?dryRun=true` for the preview).
 */
export interface PeopleImportRequest {
  csv: string;
  dryRun?: boolean;
}

/**
 * What is wrong with one cell of an import row: a required value is `missing`, a value is `invalid`
 * (an address that is no address), `not-allowed` (not one of `allowed`), or `taken` (by someone else, or an earlier row).
 */
export interface ImportFieldError extends FieldError {
  problem: 'missing' | 'invalid' | 'not-allowed' | 'taken';
  /** The cell as the file has it (not for `missing`). */
  value?: string;
  /** For `not-allowed`: the values the column takes (role codes, the network's municipalities, da/en). */
  allowed?: string[];
}

/** One data row of a CSV import: the cells as read, the person they make, or what is wrong. */
export interface PeopleImportRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  person?: Person;
  input: Record<string, string>;
  errors: ImportFieldError[];
}

/**
 * POST /api/people/import: 200 (preview), 201 (the valid rows saved; `rows` still lists the others
 * with their errors) or 400 (the file cannot be read, or no row is valid: nothing saved).
 */
export interface PeopleImportAnswer {
  dryRun: boolean;
  rows: PeopleImportRow[];
  fileErrors: FieldError[];
  valid: number;
  invalid: number;
  saved: number;
  /** How the file's bytes were read, and the separator found. */
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';' | '\t';
  message?: string;
}

// ---- the app's session (functions/contract/session-types.ts) ----

export type * from './session-types.js';

// ---- inviting a person added later (functions/api/invite-later-routes.ts) ----

/** An upcoming meeting offered to a person its audience matches but who is not invited. */
export type MeetingOffer = Pick<MeetingState, 'meetingId' | 'title' | 'startsAt' | 'endsAt' | 'hostMunicipality'>;

/** GET /api/people/{id}/meetings-to-offer, the soonest first. */
export interface MeetingsToOffer {
  personId: string;
  meetings: MeetingOffer[];
}

/** The body of POST /api/people/{id}/invitations. */
export interface InviteLaterRequest {
  meetingIds: string[];
}

/** 202 to POST /api/people/{id}/invitations: the meetings that will invite them, and why others will not. */
export interface InviteLaterAnswer {
  personId: string;
  invited: string[];
  refused: { meetingId: string; message: string }[];
}

// ---- search and joining (functions/contract/register-types.ts) ----

export type * from './register-types.js';
