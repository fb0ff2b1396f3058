// Whether a change to a meeting is mailed to its invitees. PATCH /api/meetings/{id} mails everyone
// unless the body says `"notify": false`, which only an agenda edit may say: a new time, place or
// audience that nobody is told about would leave wrong calendars behind.
import type { FieldError } from '../field-errors.js';

/** What a silent (not mailed) change may touch. */
const SILENT_CHANGES: readonly string[] = ['agenda'];

export type NotifySplit = { ok: true; patch: unknown; notify: boolean } | { ok: false; errors: FieldError[] };

/** Takes `notify` out of a PATCH body (the rest is the meeting patch); absent means true. */
export function splitNotify(body: unknown): NotifySplit {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('notify' in body)) return { ok: true, patch: body, notify: true };
  const { notify, ...patch } = body as Record<string, unknown>;
  if (typeof notify !== 'boolean') return { ok: false, errors: [{ field: 'notify', message: 'must be true or false' }] };
  return { ok: true, patch, notify };
}

/** The error of a silent change that touches more than the agenda, or undefined. */
export function silentChangeError(notify: boolean, changed: readonly string[]): FieldError | undefined {
  if (notify || changed.every((c) => SILENT_CHANGES.includes(c))) return undefined;
  return { field: 'notify', message: 'may be false only when the agenda alone changes' };
}
