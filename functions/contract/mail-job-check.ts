// A mail job read from the queue, on every message without zod: checked with MailJob's compiled
// schema (schemas.generated.ts); one it refuses is parsed with zod (loaded then), which throws
// the issues naming each field.
import { checkValue } from './checked-schema.js';
import type { MailJob } from './mail-job.js';
import { mailJobCheck } from './schemas.generated.js';

export async function parseMailJob(raw: unknown): Promise<MailJob> {
  const checked = checkValue(mailJobCheck, raw);
  return checked.ok ? (checked.value as MailJob) : (await import('./mail-job.js')).MailJob.parse(raw);
}
