// Which queued meeting mail is out of date when the mailer is about to send it. Pure rules, no AWS.
//
// The invariant they keep: for every invitee, the calendar object with the highest SEQUENCE they
// received is the meeting's final state, and no (meeting, version, kind, person) is mailed twice.
// A REQUEST of version v carries SEQUENCE v-1, a CANCEL of version v carries v
// (functions/mail/calendar.ts), and every version's fan-out mails everyone it concerns (a new
// version: an update or invitation to each invitee, a cancellation to each one it removed; a
// cancel: a cancellation to each active invitee). So a mail the meeting has moved past can be
// dropped, because a later mail with a higher SEQUENCE replaces it:
//
// - invitation, update, reminder (a REQUEST of version v): current while the meeting is scheduled
//   at version v. After a reschedule to w > v, w's fan-out sends the person an update (or, if w
//   took them out, a cancellation); after a cancel, the cancel's fan-out sends a CANCEL; after the
//   follow-up the meeting is over. Sending the old REQUEST would show the old time last. A reminder
//   is also out of date once the meeting has started.
// - cancellation because of a cancel (the meeting is cancelled at v, the version it keeps): current
//   while the meeting is cancelled at v, which, once cancelled, it stays.
// - cancellation because a reschedule to v removed the person: current unless a later version
//   invited them again (their invitation no longer says removed at v); then that version's REQUEST
//   is their final state and a late CANCEL of the same SEQUENCE would wrongly delete it. It is
//   never dropped because of a later version or a cancel alone: no later fan-out mails a person it
//   had already removed, so this CANCEL is the only thing that takes the old request away.
// - follow-up (with any status request): current while the meeting is held; held is final.
// - experiment mails and sign-in links are not meeting-versioned and never stale here.
//
// Only what the meetings function has applied counts (status and version), never a change the api
// has accepted but not yet applied (pendingVersion, pendingStatus): until it is applied, its fan-out
// has not been written, and dropping on a pending change would lose the mail if it never landed.
// A meeting that is gone (retention deleted it) gets nothing more.
import type { MeetingMailJob } from '../../contract/mail-job.js';

/** The meeting as stored now (its applied state). */
export interface CurrentMeeting {
  version: number;
  status: 'scheduled' | 'cancelled' | 'held';
  startsAt: string;
}

/** The recipient's invitation as stored now (read only for removal cancellations). */
export interface CurrentInvitation {
  invitedVersion: number;
  removedVersion?: number;
}

/** A cancellation a reschedule sent to people it took out of the audience (see functions/meetings/lifecycle.ts). */
// Marked on the job, not read from `changed`: a person also leaves the audience when their own
// record changes (another municipality or role) while the reschedule changed only the time.
export const isRemovalCancellation = (job: MeetingMailJob): boolean => job.kind === 'cancellation' && job.removedFromAudience === true;

/** Why this meeting mail must not be sent any more, or undefined when it is still current. */
export function staleReason(
  job: MeetingMailJob,
  meeting: CurrentMeeting | undefined,
  invitation: CurrentInvitation | undefined,
  now: Date,
): string | undefined {
  if (!meeting) return 'the meeting no longer exists';
  const v = job.meeting.version;
  const at = `meeting is ${meeting.status} at version ${meeting.version}`;
  switch (job.kind) {
    case 'invitation':
    case 'update':
    case 'reminder':
      if (meeting.status !== 'scheduled' || meeting.version > v) return `${job.kind} for version ${v}; ${at}`;
      if (job.kind === 'reminder' && now.getTime() >= Date.parse(meeting.startsAt)) return 'reminder for a meeting that has started';
      return undefined;
    case 'cancellation':
      if (isRemovalCancellation(job)) {
        // Invited again at a later version (not removed, or removed again later, which sends its own CANCEL).
        if (invitation && invitation.removedVersion !== v && invitation.invitedVersion > v) {
          return `removal at version ${v}; invited again at version ${invitation.invitedVersion}`;
        }
        return undefined;
      }
      return meeting.status === 'cancelled' ? undefined : `cancellation for version ${v}; ${at}`;
    case 'follow-up':
      return meeting.status === 'held' ? undefined : `follow-up; ${at}`;
  }
}
