// Composes one mail job into a raw MIME message ready for SES v2 (SendEmail with Content.Raw).
// Each kind's composing code and words load by dynamic import() on the first job of that kind (a
// chunk of its own in the bundle), so a mailer's cold start compiles only what every job needs:
// the job's schema, the staleness check, the send and the record, and of the composing the parts
// every kind uses, MIME (mime.ts) and the dates (i18n.ts), imported here for that reason: loading
// them on the first job would only move their cost there (docs/performance.md, "Cold start").
import type { MailJob } from '../contract/mail-job.js';
import { isDigestMail, isJoinRequestMail, isMeetingMail, isSignInMail } from '../contract/mail-job-subject.js';
import type { NetworkSettings } from '../contract/network.js';
import type { BodyOptions } from './body.js';
import './i18n.js';
import './mime.js';
import type { ComposedMail } from './mime.js';

export { escapeHtml } from './escape.js';
export type { MailLinks } from './body.js';
export type { ComposedMail };

export interface ComposeOptions extends BodyOptions {
  /** The clock, for DTSTAMP and Date (tests pin it). */
  now?: Date;
}

export async function composeMail(job: MailJob, settings: NetworkSettings, options: ComposeOptions = {}): Promise<ComposedMail> {
  if (isSignInMail(job)) return (await import('./sign-in-mail.js')).composeSignInMail(job, settings, options);
  if (isDigestMail(job)) return (await import('./digest-mail.js')).composeDigestMail(job, settings, options);
  if (isJoinRequestMail(job)) return (await import('./join-request-mail.js')).composeJoinRequestMail(job, settings, options);
  if (isMeetingMail(job)) return (await import('./meeting-mail.js')).composeMeetingMail(job, settings, options);
  if (job.kind === 'experiment-review') {
    const links = options.links?.experiment ? { experiment: options.links.experiment } : {};
    return (await import('./experiment-review-mail.js')).composeReviewMail(job, settings, { ...(options.now ? { now: options.now } : {}), links });
  }
  return (await import('./experiment-mail.js')).composeExperimentMail(job, settings, options);
}
