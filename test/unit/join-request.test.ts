// Joining from outside: the domain over plain in-memory ports (honeypot, rate per source, consent,
// one schema naming fields, idempotent id, recipients), the public page (escaped, da/en), and the mail.
import { describe, expect, it } from 'vitest';
import { JOIN_RATE_LIMIT, joinRecipients, receiveJoinRequest, type JoinPorts, type JoinRequestRecord } from '../../functions/domain/join/request.js';
import type { JoinRequestMailJob } from '../../functions/contract/mail-job.js';
import { MailJob } from '../../functions/contract/mail-job.js';
import { renderJoinPage } from '../../functions/pages/join-page.js';
import { composeMail } from '../../functions/mail/index.js';
import { joinRequestMailContent } from '../../functions/mail/join-request-mail.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';
import { settings } from '../support/mail-fixtures.js';

const people: NetworkPerson[] = [
  { personId: 'camilla-norby', name: 'Camilla Nørby', email: 'camilla.norby@example.org', role: 'facilitator', language: 'da' },
  { personId: 'thomas-berg', name: 'Thomas Berg', email: 'thomas.berg@example.org', role: 'facilitator', language: 'en' },
];

function memoryPorts() {
  const stored = new Map<string, JoinRequestRecord>();
  const counters = new Map<string, number>();
  const mails: JoinRequestMailJob[] = [];
  const ports: JoinPorts = {
    settings: () => settings,
    now: () => new Date('2027-01-15T10:00:00Z'),
    facilitators: () => ['camilla-norby', 'thomas-berg'],
    listPeople: async () => people,
    enqueueMail: async (jobs) => void mails.push(...jobs),
    countJoinAttempt: async (source, window, limit) => {
      const k = `${source}:${window}`;
      const n = counters.get(k) ?? 0;
      if (n >= limit) return false;
      counters.set(k, n + 1);
      return true;
    },
    saveJoinRequest: async (r) => stored.get(r.requestId) ?? (stored.set(r.requestId, r), r),
    listJoinRequests: async () => [...stored.values()],
  };
  return { ports, stored, mails };
}

const request = {
  wish: 'join',
  name: 'Ditte <Ås>',
  email: 'Ditte@Odense.example.com',
  municipality: 'Odense',
  message: 'Vi vil gerne være med i netværket.\nHvordan kommer vi i gang?',
  consent: true,
  language: 'da',
};

describe('join requests', () => {
  it('stores a valid request with its consent and mails the contact person and each facilitator once per address', async () => {
    const { ports, stored, mails } = memoryPorts();
    const result = await receiveJoinRequest(request, '203.0.113.7', ports);
    expect(result).toMatchObject({ outcome: 'accepted' });
    expect([...stored.values()]).toEqual([expect.objectContaining({ email: 'ditte@odense.example.com', municipality: 'Odense', consentAt: '2027-01-15T10:00:00.000Z' })]);
    // The contact (Camilla) is also a facilitator: two mails, not three.
    expect(mails.map((m) => [m.recipient.personId, m.recipient.language])).toEqual([['camilla-norby', 'da'], ['thomas-berg', 'en']]);
    for (const m of mails) expect(MailJob.safeParse(m).success).toBe(true);
  });

  it('is idempotent: the same request again keeps one record and makes the same mail jobs (the mailer sends each once)', async () => {
    const { ports, stored, mails } = memoryPorts();
    const a = await receiveJoinRequest(request, '203.0.113.7', ports);
    const b = await receiveJoinRequest({ ...request, email: 'ditte@odense.example.com' }, '203.0.113.7', ports);
    expect(a).toEqual(b);
    expect(stored.size).toBe(1);
    expect(mails[0]).toEqual(mails[2]);
  });

  it('drops a request whose honeypot is filled without storing, mailing or counting it', async () => {
    const { ports, stored, mails } = memoryPorts();
    expect(await receiveJoinRequest({ ...request, website: 'http://spam.example' }, '198.51.100.1', ports)).toEqual({ outcome: 'dropped' });
    expect(stored.size + mails.length).toBe(0);
  });

  it('refuses a source over its rate, and not another source', async () => {
    const { ports } = memoryPorts();
    for (let i = 0; i < JOIN_RATE_LIMIT; i++) expect((await receiveJoinRequest({ ...request, message: `nr ${i}` }, '198.51.100.2', ports)).outcome).toBe('accepted');
    expect(await receiveJoinRequest(request, '198.51.100.2', ports)).toEqual({ outcome: 'rate-limited' });
    expect((await receiveJoinRequest(request, '198.51.100.3', ports)).outcome).toBe('accepted');
  });

  it('names every bad field; consent is required and must be given', async () => {
    const { ports, stored } = memoryPorts();
    const result = await receiveJoinRequest({ wish: 'buy', email: 'nope', message: ' ', extra: 1 }, '192.0.2.1', ports);
    expect(result.outcome).toBe('invalid');
    const fields = result.outcome === 'invalid' ? result.errors.map((e) => e.field).sort() : [];
    expect(fields).toEqual(['consent', 'email', 'extra', 'message', 'municipality', 'name', 'wish']);
    const noConsent = await receiveJoinRequest({ ...request, consent: false }, '192.0.2.1', ports);
    expect(noConsent).toEqual({ outcome: 'invalid', errors: [{ field: 'consent', message: 'must be given to send the request' }] });
    expect(stored.size).toBe(0);
  });

  it('writes to the config contact when they are no person of the network', () => {
    const [contact] = joinRecipients({ ...settings, contact: { name: 'Kontakt', email: 'kontakt@example.org', phone: '12345678' } }, [], people);
    expect(contact).toMatchObject({ name: 'Kontakt', email: 'kontakt@example.org', language: 'da' });
    expect(contact!.personId).toMatch(/^x-/);
  });

  it('renders the public page in Danish and English with user text escaped and a favicon', () => {
    const da = renderJoinPage({ kind: 'form', values: { name: '<script>alert(1)</script>' }, errors: [{ field: 'email', message: 'not a valid email address' }] }, 'da', settings);
    expect(da.statusCode).toBe(400);
    expect(da.body).toContain('<html lang="da">');
    expect(da.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(da.body).not.toContain('<script>');
    expect(da.body).toContain('rel="icon" href="data:image/svg+xml,');
    expect(da.body).toContain('name="website" tabindex="-1"');
    expect(da.headers['content-security-policy']).toMatch(/default-src 'none'.*img-src data:/);
    const en = renderJoinPage({ kind: 'thanks' }, 'en', settings);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Thank you for your request');
  });

  it('mails the request in the recipient language with Reply-To the sender, escaped in HTML', async () => {
    const { ports, mails } = memoryPorts();
    await receiveJoinRequest(request, '203.0.113.9', ports);
    const mail = await composeMail(mails[0]!, settings, { now: new Date('2027-01-15T10:00:00Z') });
    expect(mail.to).toBe('camilla.norby@example.org');
    expect(mail.subject).toBe('Anmodning om at blive en del af netværket: Odense');
    const raw = mail.raw.toString();
    expect(raw).toMatch(/^Reply-To: .*ditte@odense\.example\.com/im);
    const html = joinRequestMailContent(mails[1]!, settings).html;
    expect(html).toContain('Ditte &lt;Ås&gt;');
    expect(html).not.toContain('<Ås>');
    expect(joinRequestMailContent(mails[1]!, settings).subject).toBe('Request to join the network: Odense');
  });
});
