// The one rule for whether an answer counts, whichever way it came: the answer links' POST
// (functions/api/meeting-link-routes.ts) and calendar replies (functions/inbound/) both ask it
// before the store's saveAnswer.
import type { RsvpAnswer } from '../../contract/events.js';
import { recordAnswer, type MeetingState } from './state.js';

/**
 * Why an answer does not count. `closed`: the meeting's state refuses answers (cancelled, held,
 * ended); `unconfirmed`, `older-version` and `unknown-version` are about the version the answer was
 * given for, which an answer link turns into a question about the meeting as it is now.
 */
export type AnswerRefusal = 'not-invited' | 'taken-out' | 'closed' | 'unconfirmed' | 'older-version' | 'unknown-version';

export type AnswerDecision = { record: true } | { record: false; refusal: AnswerRefusal; reason: string };

/** Refusals that ask the person to confirm the meeting as it is now, rather than closing the door. */
export const isVersionRefusal = (refusal: AnswerRefusal) => refusal === 'unconfirmed' || refusal === 'older-version' || refusal === 'unknown-version';

/**
 * Whether an answer given at `at` for meeting version `version` becomes the person's answer. It
 * counts only for the version it was given for: an answer to the invitation before a move (an older
 * version) says nothing about the new time, so it is not a (re)confirmation; after a move only an
 * answer for the new version confirms it. An answer without a version (a link signed before versions
 * were carried) must be confirmed first. The meeting's state decides before the version does
 * (recordAnswer: not cancelled, held or ended), and the person must be invited and not taken out.
 */
export function decideAnswer(
  meeting: MeetingState,
  invitation: { removedVersion?: number } | undefined,
  given: { answer: RsvpAnswer; version: number | undefined },
  at: Date,
): AnswerDecision {
  if (invitation === undefined) return refuse('not-invited', 'the person is not invited to this meeting');
  if (invitation.removedVersion !== undefined) return refuse('taken-out', 'the person was taken out of the meeting');
  const allowed = recordAnswer({ delivery: 'sent', answer: 'none' }, meeting, given.answer, at);
  if (!allowed.ok) return refuse('closed', allowed.conflict);
  const { version } = given;
  if (version === undefined || !Number.isInteger(version)) return refuse('unconfirmed', 'the answer names no meeting version; it must be confirmed for the current one');
  if (version < meeting.version) return refuse('older-version', `the answer is for version ${version}; the meeting has moved to version ${meeting.version}`);
  if (version > meeting.version) return refuse('unknown-version', `the meeting has no version ${version}`);
  return { record: true };
}

const refuse = (refusal: AnswerRefusal, reason: string): AnswerDecision => ({ record: false, refusal, reason });
