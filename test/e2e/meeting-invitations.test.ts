// End to end on the real template and bundles: a meeting scheduled through the HTTP API becomes
// one invitation per invitee in the SES emulator, in the invitee's language, with a calendar
// invitation — also when every delivery is doubled and a fifth of SES calls are throttled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { countBy, demoNetwork, emulatorStore, receivedMail, scheduleMeeting, synthDemo, useDemoCloud, workDir, type ReceivedMail } from './helpers.js';
import { koldingMeeting } from '../support/meeting.js';

const work = workDir('e2e-invitations');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
});
afterAll(() => work.cleanup());

const meeting = {
  ...koldingMeeting,
  audience: { municipalities: ['Kolding', 'Varde'], roles: ['coordinator', 'politician'] },
  inspirers: [
    { name: 'Navn Efternavn', email: 'inspirator@example.org', topic: 'Politiske paradokser i samskabelse', language: 'da' },
    { name: 'Jane Doe', email: 'jane.doe@example.com', topic: 'Co-creation across borders', language: 'en' },
  ],
};

/** Checks one invitation: recipient, language, and the calendar part mail clients act on. */
function expectInvitation(mail: ReceivedMail, language: 'da' | 'en', meetingUid?: string): string {
  const { parsed, calendar, to } = mail;
  // The subject carries the date in the recipient's language: "4. marts 2027" / "4 March 2027".
  expect(parsed.subject, `subject of the mail to ${to}`).toMatch(language === 'da' ? /marts/ : /March/);
  expect(parsed.text ?? '', `body of the mail to ${to}`).toContain('Kolding Rådhus');
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  const event = calendar.getFirstSubcomponent('vevent');
  expect(event).not.toBeNull();
  const uid = String(event!.getFirstPropertyValue('uid'));
  if (meetingUid !== undefined) expect(uid).toBe(meetingUid);
  expect(Number(event!.getFirstPropertyValue('sequence'))).toBe(0);
  expect(String(event!.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${demoNetwork.replyAddress}`);
  const attendees = event!.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
  expect(attendees).toEqual([`mailto:${to.toLowerCase()}`]);
  const dtstart = event!.getFirstProperty('dtstart')!;
  expect(dtstart.getParameter('tzid')).toBe('Europe/Copenhagen');
  expect(String(dtstart.getFirstValue())).toBe('2027-03-04T13:00:00');
  expect(calendar.getFirstSubcomponent('vtimezone')).not.toBeNull();
  return uid;
}

function expectedInvitees(m: { audience: { municipalities?: string[]; roles?: string[] }; inspirers: Array<{ email: string; language: string }> }) {
  const munis = m.audience.municipalities ?? [];
  const roles = m.audience.roles ?? [];
  const people = demoNetwork.people.filter((p) =>
    (munis.length === 0 || (p.municipality !== undefined && munis.includes(p.municipality))) && (roles.length === 0 || roles.includes(p.role)));
  return new Map<string, string>([
    ...people.map((p) => [p.email.toLowerCase(), p.language] as [string, string]),
    ...m.inspirers.map((i) => [i.email.toLowerCase(), i.language] as [string, string]),
  ]);
}

async function expectNoDeadLetters(cloud: LocalCloud) {
  const s = cloud.stats();
  for (const [name, depth] of Object.entries(s.deadLetterQueues)) expect(depth, `DLQ ${name}`).toBe(0);
  expect(s.events.dropped).toBe(0);
  expect(s.lambdaAsync.dropped).toBe(0);
}

describe('scheduling a meeting through the HTTP API', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/plain`);

  it('rejects a request without the API token and sends nothing', async () => {
    const r = await fetch(`${cloud().urls.api}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(meeting) });
    expect(r.status).toBe(401);
    await cloud().waitForIdle(30_000);
    expect(cloud().mail()).toHaveLength(0);
  });

  it('sends one invitation per invitee, in their language, with a valid calendar invitation', async () => {
    const r = await scheduleMeeting(cloud(), meeting);
    expect(r.status).toBe(202);
    const { meetingId } = await r.json() as { meetingId: string };
    expect(meetingId).toBeTruthy();
    await cloud().waitForIdle(60_000);

    const expected = expectedInvitees(meeting);
    const mails = await receivedMail(cloud());
    expect(new Set(mails.map((m) => m.to.toLowerCase()))).toEqual(new Set(expected.keys()));
    expect(mails).toHaveLength(expected.size);
    let uid: string | undefined;
    for (const m of mails) uid = expectInvitation(m, expected.get(m.to.toLowerCase()) as 'da' | 'en', uid);

    // The emulator's store agrees: the same mail, once per recipient.
    const store = await emulatorStore(cloud());
    expect(store).toHaveLength(expected.size);
    await expectNoDeadLetters(cloud());
    expect(cloud().stats().requests['DynamoDB']?.['Scan']).toBeUndefined();
  });
});

describe('with every delivery doubled and 20 % of SES calls throttled', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/faults`, { faults: { duplicateDeliveries: true, sesThrottleRate: 0.2 } });

  it('still sends exactly one invitation per invitee, loses none, and leaves the DLQs empty', async () => {
    // Everyone in the network plus thirty inspirers: enough mail that throttling surely happens.
    const big = {
      ...meeting,
      audience: {},
      inspirers: Array.from({ length: 30 }, (_, i) => ({
        name: `Inspirator ${i}`, email: `inspirator${i}@example.org`, topic: 'Samskabelse i praksis', language: i % 2 === 0 ? 'da' : 'en',
      })),
    };
    const r = await scheduleMeeting(cloud(), big);
    expect(r.status).toBe(202);
    await cloud().waitForIdle(120_000);

    const expected = expectedInvitees(big);
    const mails = await receivedMail(cloud());
    const perRecipient = countBy(mails, (m) => m.to.toLowerCase());
    const duplicates = [...perRecipient].filter(([, n]) => n > 1);
    expect(duplicates, 'recipients mailed more than once').toEqual([]);
    expect(new Set(perRecipient.keys())).toEqual(new Set(expected.keys()));
    for (const m of mails) expectInvitation(m, expected.get(m.to.toLowerCase()) as 'da' | 'en');
    expect(await emulatorStore(cloud())).toHaveLength(expected.size);

    const s = cloud().stats();
    expect(s.faults.duplicatedEvents).toBeGreaterThan(0);
    expect(s.faults.duplicatedMessages).toBeGreaterThan(0);
    expect(s.faults.sesThrottled).toBeGreaterThan(0);
    await expectNoDeadLetters(cloud());
  });
});

describe('when the meetings and mailer functions crash on their first invocation', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/crash`, { faults: { crashFirstInvocation: ['MeetingsFunction', 'MailerFunction'] } });

  it('retries (Lambda\'s async retry, queue redelivery) and still sends every invitation once', async () => {
    const r = await scheduleMeeting(cloud(), meeting);
    expect(r.status).toBe(202);
    await cloud().waitForIdle(60_000);
    const expected = expectedInvitees(meeting);
    const perRecipient = countBy(await receivedMail(cloud()), (m) => m.to.toLowerCase());
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perRecipient.keys())).toEqual(new Set(expected.keys()));
    expect(cloud().stats().faults.crashes).toBe(2);
    await expectNoDeadLetters(cloud());
  });
});
