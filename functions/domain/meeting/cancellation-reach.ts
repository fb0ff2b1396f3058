// Who a cancellation tells, for the confirmation before it and the meeting page after it. The
// meetings function mails everyone invited (whatever they answered: the calendar entry must go),
// so before a cancel that is the number of current invitees; after it, the cancellation fan-out's
// progress says how many mails were queued of how many.
import type { CancellationReach } from '../../contract/api-types.js';
import type { MeetingRecord } from './model.js';

export type { CancellationReach };

export function cancellationReach(
  meeting: Pick<MeetingRecord, 'status' | 'cancelReason' | 'fanOut' | 'version' | 'closeFanOutDone'>,
  currentInvitees: number,
): CancellationReach | undefined {
  if (meeting.status === 'scheduled') return { status: 'before', willBeTold: currentInvitees };
  if (meeting.status !== 'cancelled') return undefined;
  const progress = meeting.fanOut?.kind === 'cancellation' && meeting.fanOut.version === meeting.version ? meeting.fanOut : undefined;
  const total = progress?.total ?? currentInvitees;
  return {
    status: 'after',
    // Progress is written every few hundred mails; once the fan-out is done every mail is queued.
    told: meeting.closeFanOutDone ? total : (progress?.enqueued ?? 0),
    total,
    reason: meeting.cancelReason ?? '',
  };
}
