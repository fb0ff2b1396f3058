// The API's types for the meeting loop: reminders and the nudge, attendance, the daily digest and
// whom a cancellation tells. Re-exported from api-types.ts, the one place the web app imports from.

/** A reminder (offsetHours) or a facilitator's nudge (nudge: true) that went out. */
export interface SentReminder {
  version: number;
  offsetHours?: number;
  nudge?: true;
  /** When it was enqueued (ISO 8601). */
  at: string;
  /** How many people it went to. */
  recipients: number;
}

/** A meeting's reminders on its page: its settings (its own or the network's), what went out, what is next. */
export interface MeetingReminderStatus {
  enabled: boolean;
  /** Hours before the start, the earliest reminder first. */
  offsetsHours: number[];
  /** The meeting has its own settings (else the network's). */
  custom: boolean;
  sent: SentReminder[];
  next: { offsetHours: number; at: string } | null;
  upcoming: { offsetHours: number; at: string }[];
}

/** 202 (sent now) or 200 (already sent for this version) to POST /api/meetings/{id}/nudge. */
export interface MeetingNudgeAnswer {
  meetingId: string;
  version: number;
  status: 'sending' | 'already-sent';
  /** Invitees without an answer when asked. */
  unanswered: number;
  /** When the earlier nudge went out (already-sent). */
  sentAt?: string;
}


/** The recorded attendance of a meeting: the people present (person ids), and when it was last saved. */
export interface MeetingAttendance {
  present: string[];
  recordedAt: string;
}

/** The body of PUT /api/meetings/{id}/attendance: everyone present (the whole list; a repeat is the same). */
export interface AttendanceRequest {
  present: string[];
}

/** Attendance in one municipality (null: inspirers and others without one). */
export interface MunicipalityAttendance {
  municipality: string | null;
  invited: number;
  present: number;
}

/** How many came, overall and per municipality; null on a meeting without recorded attendance. */
export interface AttendanceSummary {
  invited: number;
  present: number;
  byMunicipality: MunicipalityAttendance[];
}

/** GET and PUT /api/me/digest: the signed-in facilitator's daily digest of new answers and reflections. */
export interface DigestPreference {
  enabled: boolean;
}

/** 200 to PUT /api/meetings/{id}/attendance. */
export interface AttendanceAnswer {
  meetingId: string;
  attendance: MeetingAttendance;
  summary: AttendanceSummary;
}

/**
 * Who a cancellation tells: before it, how many WILL be told (everyone invited, whatever they
 * answered); after it, how many cancellation mails were queued of how many (`told` of `total`).
 */
export type CancellationReach = { status: 'before'; willBeTold: number } | { status: 'after'; told: number; total: number; reason: string };
