// People added after a meeting was scheduled are not invited by anything (a meeting's fan-out reads
// the audience when it runs). This decides which upcoming meetings to offer such a person: those
// still open whose audience matches them (the one audience rule, person/audience.ts) and who have
// not invited them yet.
import { expandAudience, type NetworkPerson } from '../person/audience.js';
import type { InvitationRecord, MeetingRecord } from './model.js';
import { hasEnded } from './state.js';

/** How many upcoming meetings one offer looks at (each is read whole). */
export const INVITE_LATER_MEETINGS = 20;

export function offersMeeting(person: NetworkPerson, meeting: MeetingRecord, invitation: InvitationRecord | undefined, now: Date): boolean {
  if (meeting.status !== 'scheduled' || hasEnded(meeting, now)) return false;
  if (invitation && invitation.removedVersion === undefined) return false;
  return expandAudience([person], meeting.audience, []).length === 1;
}
