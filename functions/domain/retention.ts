// Retention of meeting-related personal data: DynamoDB's TTL attribute (expiresAt, epoch seconds)
// is set to the end of the meeting (an experiment's planned end) plus the network's retentionMonths.
// Pure: no AWS imports; the store applies it on every write of invitations, answers, reflections,
// mail and delivery records.

/** Epoch seconds at which the item may be deleted; undefined when the end is not a valid time. */
export function retentionExpiresAt(endsAt: string, settings: { retentionMonths: number }): number | undefined {
  // A date alone (an experiment's planned end) counts from the end of that day, UTC.
  const end = new Date(/^\d{4}-\d{2}-\d{2}$/.test(endsAt) ? `${endsAt}T23:59:59Z` : endsAt);
  if (Number.isNaN(end.getTime()) || !Number.isInteger(settings.retentionMonths) || settings.retentionMonths < 1) return undefined;
  const expires = new Date(end.getTime());
  const day = expires.getUTCDate();
  expires.setUTCDate(1);
  expires.setUTCMonth(expires.getUTCMonth() + settings.retentionMonths);
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(expires.getUTCFullYear(), expires.getUTCMonth() + 1, 0)).getUTCDate();
  expires.setUTCDate(Math.min(day, lastDay));
  return Math.ceil(expires.getTime() / 1000);
}
