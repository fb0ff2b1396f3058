// The kinds of mail, zod-free (mail-job.ts builds its schemas from them).
export const MEETING_MAIL_KINDS = ['invitation', 'update', 'cancellation', 'reminder', 'follow-up'] as const;
export const EXPERIMENT_MAIL_KINDS = ['experiment-invitation', 'experiment-learnings', 'experiment-review'] as const;
/** The one-time sign-in link of the facilitator app (functions/auth). */
export const SIGN_IN_MAIL_KIND = 'sign-in' as const;
/** The daily digest of new answers and reflections to a facilitator who asked for it (functions/digest). */
export const DIGEST_MAIL_KIND = 'digest' as const;
/** A request from outside to join the network or start a similar one (functions/domain/join). */
export const JOIN_REQUEST_MAIL_KIND = 'join-request' as const;
export const MAIL_KINDS = [...MEETING_MAIL_KINDS, ...EXPERIMENT_MAIL_KINDS, SIGN_IN_MAIL_KIND, DIGEST_MAIL_KIND, JOIN_REQUEST_MAIL_KIND] as const;
