// After a move, people who had accepted are asked to confirm the new time (the update mail's
// "Ja, jeg kan stadig komme"). Until they answer for a version at or after the move, the meeting
// page shows them as awaiting reconfirmation, not as coming.
import type { RsvpAnswer } from '../../contract/events.js';

export type Reconfirmation = 'awaiting' | 'confirmed';

/**
 * `reconfirmSince`: the version whose new time accepted answers must be confirmed for (absent
 * when the time never moved). An accept given for an older version (or before versions were
 * kept with answers) awaits; one given for it or later is confirmed. Other answers need nothing.
 */
export function reconfirmationOf(
  invitation: { answer: RsvpAnswer | null | undefined; answeredVersion?: number | undefined },
  reconfirmSince: number | undefined,
): Reconfirmation | undefined {
  if (reconfirmSince === undefined || invitation.answer !== 'accept') return undefined;
  return (invitation.answeredVersion ?? 0) >= reconfirmSince ? 'confirmed' : 'awaiting';
}

/** The invitations with their reconfirmation state, and how many await it. */
export function withReconfirmation<I extends { answer: RsvpAnswer | null; answeredVersion?: number }>(
  invitations: readonly I[],
  reconfirmSince: number | undefined,
): { invitations: (I & { reconfirmation?: Reconfirmation })[]; awaiting: number } {
  let awaiting = 0;
  const out = invitations.map((i) => {
    const state = reconfirmationOf(i, reconfirmSince);
    if (state === 'awaiting') awaiting++;
    return state ? { ...i, reconfirmation: state } : i;
  });
  return { invitations: out, awaiting };
}
