// Issue 13, finding 4: a mailer killed between SES accepting a mail and recording it must not mail
// anyone twice when the queue redelivers the batch after the claim's lease has run out. The
// crashAfterSend fault kills the mailer's runtime right after SES took its first mail, before the
// mailer hears back; every in-flight claim of that runtime is then abandoned, recorded 'unconfirmed'
// and shown on the meeting page, never sent again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDetail } from '../../functions/contract/api-types.js';
import { countBy, demoNetwork, receivedMail, scheduleMeeting, synthDemo, useDemoCloud, workDir } from './helpers.js';
import { koldingMeeting } from '../support/meeting.js';

const work = workDir('e2e-mail-crash');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
});
afterAll(() => work.cleanup());

/** MAIL_CLAIM_LEASE_MS and a minute, as SQS's 6-minute visibility timeout brings the batch back. */
const PAST_MAIL_CLAIM_LEASE_MS = 6 * 60_000;

const inspirers = Array.from({ length: 20 }, (_, i) => ({ name: `Inspirator ${i}`, email: `inspirator.${i}@example.org`, topic: 'Samskabelse', language: 'da' }));
const meeting = { ...koldingMeeting, audience: { municipalities: ['Kolding', 'Ikast-Brande', 'Varde', 'Aalborg'], roles: [] }, inspirers };
const expected = [...demoNetwork.people.filter((p) => p.municipality !== undefined).map((p) => p.email), ...inspirers.map((i) => i.email)].map((e) => e.toLowerCase());

describe('a mailer killed between SendEmail and its record', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/crash-after-send`);

  it('never mails anyone twice; the mail whose outcome it lost is shown as unconfirmed', async () => {
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const set = await fetch(`${cloud().urls.api}/_local/faults`, { method: 'POST', body: JSON.stringify({ crashAfterSend: ['MailerFunction'] }) });
    expect(set.status).toBe(200);
    const r = await scheduleMeeting(cloud(), meeting);
    expect(r.status).toBe(202);
    const { meetingId } = (await r.json()) as { meetingId: string };

    // The runtime dies after SES took the first mail; then the queue brings the batch back after
    // its visibility timeout, by which time the claims' lease has run out.
    const deadline = Date.now() + 60_000;
    while (cloud().stats().faults.crashes < 1 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(cloud().stats().faults.crashes).toBe(1);
    const crashedMail = cloud().mail()[0]!.to[0]!.toLowerCase();
    await cloud().setClock({ advanceMs: PAST_MAIL_CLAIM_LEASE_MS });
    await cloud().waitForIdle(120_000);

    const perRecipient = countBy(await receivedMail(cloud()), (m) => m.to.toLowerCase());
    const twice = [...perRecipient].filter(([, n]) => n > 1).map(([to]) => to);
    expect(twice).toEqual([]);
    // The mail SES took just before the crash went out once, and nothing resent it.
    expect(perRecipient.get(crashedMail)).toBe(1);

    const page = await fetch(`${cloud().urls.api}/api/meetings/${meetingId}`, { headers: { authorization: `Bearer ${cloud().apiToken}` } });
    const detail = (await page.json()) as MeetingDetail;
    const status = new Map(detail.invitations.map((i) => [i.email.toLowerCase(), i.deliveryStatus]));
    expect([...status.keys()].sort()).toEqual([...expected].sort());
    expect(status.get(crashedMail)).toBe('unconfirmed');
    // Everyone else got exactly one invitation, except a claim another invocation of the killed
    // runtime held when it died (the local cloud runs a function's concurrent invocations in one
    // worker): those are unconfirmed too, and were sent at most once.
    const missing = expected.filter((e) => !perRecipient.has(e));
    for (const e of missing) expect(status.get(e), e).toBe('unconfirmed');
    const unconfirmed = [...status].filter(([, s]) => s === 'unconfirmed').map(([e]) => e);
    expect(unconfirmed.length).toBeLessThanOrEqual(5);
    for (const [e, s] of status) if (s !== 'unconfirmed') expect(s, e).toBe('sent');
    expect(detail.counts).toMatchObject({ invited: expected.length, settled: expected.length });
    for (const [name, depth] of Object.entries(cloud().stats().deadLetterQueues)) expect(depth, name).toBe(0);
  }, 180_000);
});
