// Deliverability without AWS: SES events -> records, the mail preference rules, retention, the
// unsubscribe link in non-essential mail, and the mailer's suppression check.
import { describe, expect, it } from 'vitest';
import type { MailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import { key } from '../../functions/contract/table.js';
import type { DeliveryRecord } from '../../functions/domain/mail/model.js';
import { classifySendError } from '../../functions/adapters/ses.js';
import { handleSesEvent, mailRefFromTags, type DeliverabilityPorts } from '../../functions/deliverability/workflow.js';
import { deliveryOverlay, isEssential, suppressionFor, type Suppression } from '../../functions/domain/mail/preferences.js';
import { retentionExpiresAt } from '../../functions/domain/retention.js';
import { verifyToken } from '../../functions/domain/link-token.js';
import { mailLinks } from '../../functions/mailer/links.js';
import { sendMailBatch, type MailerPorts } from '../../functions/mailer/workflow.js';

const meeting = {
  meetingId: 'm1',
  version: 2,
  title: 'Møde',
  agenda: [],
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  hostMunicipality: 'Kolding',
  audience: { municipalities: [], roles: [] },
  inspirers: [],
};
const recipient = (personId: string, email = `${personId}@example.org`) => ({ personId, name: personId, email, role: 'citizen' as const, language: 'da' as const });
const job = (kind: 'invitation' | 'follow-up' | 'reminder', personId: string, email?: string): MailJob =>
  ({ kind, meeting, recipient: recipient(personId, email), ...(kind === 'follow-up' ? { followUp: { summary: 's', decisions: [], nextSteps: [] } } : {}) }) as MailJob;

const tags = { 'ses:configuration-set': ['samskab-demo'], meetingId: ['m1'], personId: ['p1'], kind: ['invitation'], version: ['2'] };
const sesEvent = (detail: Record<string, unknown>) => ({ source: 'aws.ses', 'detail-type': 'x', time: '2027-01-01T00:00:00Z', detail });
const mail = { messageId: 'ses-1', destination: ['Bo@Example.org'], tags };

function fakePorts() {
  const calls = { deliveries: [] as DeliveryRecord[], undeliverable: [] as unknown[][], preference: [] as unknown[][], logs: [] as string[] };
  const ports: DeliverabilityPorts = {
    recordDeliveryEvent: async (r) => void calls.deliveries.push(r),
    markUndeliverable: async (...a) => void calls.undeliverable.push(a),
    setMailPreference: async (...a) => (calls.preference.push(a), true),
    expiresAt: async () => 1_900_000_000,
    log: (e) => void calls.logs.push(JSON.stringify(e)),
  };
  return { ports, calls };
}

describe('SES events', () => {
  it('a hard bounce marks the address undeliverable and the mail bounced', async () => {
    const { ports, calls } = fakePorts();
    const bounce = { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Bo@Example.org', diagnosticCode: 'smtp; 550 <bo@example.org> unknown' }], timestamp: '2027-01-01T00:00:01Z' };
    const out = await handleSesEvent(sesEvent({ eventType: 'Bounce', mail, bounce }), ports);
    expect(out).toMatchObject({ status: 'recorded', delivery: 'bounced', undeliverable: true });
    expect(calls.deliveries[0]).toMatchObject({ mail: key.mail('MEETING#m1', 2, 'invitation', 'p1'), status: 'bounced', sesMessageId: 'ses-1', expiresAt: 1_900_000_000 });
    expect(calls.undeliverable).toEqual([['p1', 'bo@example.org', '2027-01-01T00:00:01Z', 'smtp; 550 <bo@example.org> unknown']]);
    // Logs name ids, never the address or the diagnostic.
    expect(calls.logs.join('\n')).not.toMatch(/@/);
  });

  it('a soft bounce is recorded on the mail only', async () => {
    const { ports, calls } = fakePorts();
    await handleSesEvent(sesEvent({ eventType: 'Bounce', mail, bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'bo@example.org' }] } }), ports);
    expect(calls.deliveries[0]!.status).toBe('soft-bounced');
    expect(calls.undeliverable).toEqual([]);
  });

  it('a complaint stops non-essential mail; delivery and delay are recorded', async () => {
    const { ports, calls } = fakePorts();
    await handleSesEvent(sesEvent({ eventType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: 'bo@example.org' }] } }), ports);
    expect(calls.preference).toEqual([['p1', 'essential-only', 'complaint', '2027-01-01T00:00:00Z']]);
    await handleSesEvent(sesEvent({ eventType: 'Delivery', mail, delivery: { timestamp: '2027-01-01T00:00:02Z' } }), ports);
    await handleSesEvent(sesEvent({ eventType: 'DeliveryDelay', mail, deliveryDelay: {} }), ports);
    expect(calls.deliveries.map((d) => d.status)).toEqual(['complained', 'delivered', 'delayed']);
  });

  it('ignores what is not ours', async () => {
    const { ports, calls } = fakePorts();
    expect(await handleSesEvent({ source: 'samskab', detail: {} }, ports)).toMatchObject({ status: 'ignored' });
    expect(await handleSesEvent(sesEvent({ eventType: 'Delivery', mail: { messageId: 'x', tags: { 'ses:configuration-set': ['a'] } } }), ports)).toMatchObject({ status: 'ignored' });
    expect(await handleSesEvent(sesEvent({ eventType: 'Open', mail }), ports)).toMatchObject({ status: 'ignored' });
    expect(await handleSesEvent(sesEvent({ nonsense: true }), ports)).toMatchObject({ status: 'ignored' });
    expect(calls.deliveries).toEqual([]);
  });

  it('finds experiment mails and reminder kinds by their tags; refuses odd tag values', () => {
    expect(mailRefFromTags({ experimentId: ['e1'], personId: ['x-1'], kind: ['experiment-learnings'], version: ['1'] })).toMatchObject({
      mail: { pk: 'EXPERIMENT#e1', sk: 'MAIL#1#experiment-learnings#x-1' },
    });
    expect(mailRefFromTags({ meetingId: ['m'], personId: ['p'], kind: ['reminder-24h'], version: ['3'] })?.mail.sk).toBe('MAIL#3#reminder-24h#p');
    expect(mailRefFromTags({ meetingId: ['m#x'], personId: ['p'], kind: ['k'], version: ['1'] })).toBeUndefined();
    expect(mailRefFromTags({ meetingId: ['m'], personId: ['p'], kind: ['k'], version: ['0'] })).toBeUndefined();
  });
});

describe('mail preferences', () => {
  it('essential kinds are never suppressed by a preference; an undeliverable address stops everything', () => {
    expect(['invitation', 'update', 'cancellation', 'reminder', 'experiment-invitation'].every((k) => isEssential(k as never))).toBe(true);
    expect(isEssential('follow-up')).toBe(false);
    expect(isEssential('experiment-learnings')).toBe(false);
    const unsub = { mailPreference: 'essential-only' as const, preferenceSource: 'unsubscribe' as const };
    expect(suppressionFor('invitation', 'a@x.org', unsub)).toBeUndefined();
    expect(suppressionFor('follow-up', 'a@x.org', unsub)).toMatchObject({ reason: 'unsubscribed' });
    const bounced = { undeliverableEmail: 'a@x.org', undeliverableAt: '2027-01-01' };
    expect(suppressionFor('invitation', 'A@X.org', bounced)).toMatchObject({ reason: 'undeliverable' });
    // A new address lifts it.
    expect(suppressionFor('invitation', 'new@x.org', bounced)).toBeUndefined();
    expect(suppressionFor('cancellation', 'a@x.org', { erased: true })).toEqual({ reason: 'erased' });
    expect(suppressionFor('follow-up', 'a@x.org', undefined)).toBeUndefined();
  });

  it('the meeting page shows a bounce with the hint, else the report on the latest mail', () => {
    const items = [
      { type: 'delivery', personId: 'x-1', mailSk: 'MAIL#1#reminder-24h#x-1', status: 'bounced' },
      { type: 'delivery', personId: 'p2', mailSk: 'MAIL#2#update#p2', status: 'delivered' },
    ];
    expect(deliveryOverlay(items, 'x-1', { sk: 'MAIL#1#invitation#x-1', status: 'sent' }, 'inspirer')).toMatchObject({
      status: 'bounced',
      hint: { en: 'Inspirer unreachable: check the address.' },
    });
    expect(deliveryOverlay(items, 'p2', { sk: 'MAIL#2#update#p2', status: 'sent' }, 'citizen')).toEqual({ status: 'delivered' });
    expect(deliveryOverlay(items, 'p2', { sk: 'MAIL#3#update#p2', status: 'sent' }, 'citizen')).toBeUndefined();
  });
});

describe('retention', () => {
  it('adds the months to the end, clamping to the month end', () => {
    expect(retentionExpiresAt('2027-01-31T10:00:00Z', { retentionMonths: 1 })).toBe(Date.parse('2027-02-28T10:00:00Z') / 1000);
    expect(retentionExpiresAt('2027-03-04T16:00:00+01:00', { retentionMonths: 24 })).toBe(Date.parse('2029-03-04T15:00:00Z') / 1000);
    expect(retentionExpiresAt('2027-06-30', { retentionMonths: 24 })).toBe(Date.parse('2029-06-30T23:59:59Z') / 1000);
    expect(retentionExpiresAt('not a date', { retentionMonths: 24 })).toBeUndefined();
    expect(retentionExpiresAt('2027-06-30', { retentionMonths: 0 })).toBeUndefined();
  });
});

describe('unsubscribe links', () => {
  const secret = 'k'.repeat(32);
  it('only non-essential mail carries one, signed for the person', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const links = mailLinks(job('follow-up', 'p1'), secret, 'https://samskab.example.org/', now);
    const url = new URL(links.unsubscribe!);
    expect(url.pathname).toBe('/unsubscribe');
    expect(url.searchParams.get('l')).toBe('da');
    const v = verifyToken(secret, url.searchParams.get('t'), 'unsubscribe', now);
    expect(v).toMatchObject({ ok: true, claims: { purpose: 'unsubscribe', personId: 'p1' } });
    expect(links.reflection).toBeDefined();
    expect(mailLinks(job('invitation', 'p1'), secret, 'https://x.org', now).unsubscribe).toBeUndefined();
    expect(mailLinks(job('reminder', 'p1'), secret, 'https://x.org', now).unsubscribe).toBeUndefined();
  });
});

describe('the mailer skips suppressed mail', () => {
  it('sends nothing to them, records why (not for an erased person)', async () => {
    const sent: string[] = [];
    const recorded: string[] = [];
    const claimed: string[] = [];
    const jobs = [job('follow-up', 'unsub'), job('invitation', 'bounced'), job('invitation', 'erased'), job('follow-up', 'fine')];
    const reasons: Record<string, Suppression> = {
      unsub: { reason: 'unsubscribed', detail: 'essential mail only (unsubscribed)' },
      bounced: { reason: 'undeliverable', detail: 'address undeliverable' },
      erased: { reason: 'erased' },
    };
    const ports: MailerPorts = {
      claimMail: async (j) => (claimed.push(j.recipient.personId), 'claimed'),
      releaseMail: async () => undefined,
      recordMailRejected: async () => undefined,
      markMailSent: async () => undefined,
      recordMailUnconfirmed: async () => undefined,
      recordMailStale: async () => undefined,
      // A held meeting: its follow-up is current.
      currentMeetingStates: async () => ({ meetings: new Map([[meeting.meetingId, { version: meeting.version, status: 'held', startsAt: meeting.startsAt }]]), invitations: new Map() }),
      compose: (j) => ({ to: j.recipient.email, subject: 's', raw: new Uint8Array([1]) }),
      send: async (m) => (sent.push(m.to), 'id'),
      classifySendError,
      suppressions: async (js) => new Map(js.filter((j) => reasons[j.recipient.personId]).map((j) => [j, reasons[j.recipient.personId]!])),
      recordMailSuppressed: async (j, reason) => void recorded.push(`${j.recipient.personId}: ${reason}`),
      log: () => undefined,
    };
    const out = await sendMailBatch(jobs.map((j, i) => ({ messageId: `m${i}`, body: JSON.stringify(j) })), ports);
    expect(out.batchItemFailures).toEqual([]);
    expect(sent).toEqual(['fine@example.org']);
    expect(claimed).toEqual(['fine']);
    expect(recorded.sort()).toEqual(['bounced: address undeliverable', 'unsub: essential mail only (unsubscribed)']);
    expect(mailKey(jobs[0]!)).toContain('follow-up');
  });
});
