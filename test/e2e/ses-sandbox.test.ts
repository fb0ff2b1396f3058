// SES's sandbox (startLocalCloud's sesSandbox, npm start -- --ses-sandbox): mail to recipients that
// are not verified is refused as SES refuses it (MessageRejected). That is the account's state, not
// the invitee's fault: their invitations stay pending (retried, then in the mail DLQ for a redrive
// once the account may send), never "rejected", and the mailer's log line feeds the alarm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFailedLogMessage } from '../../functions/contract/ses-events.js';
import { koldingMeeting } from '../support/meeting.js';
import { demoNetwork, scheduleMeeting, synthDemo, useDemoCloud, workDir } from './helpers.js';

const work = workDir('e2e-ses-sandbox');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
});
afterAll(() => work.cleanup());

// The sender's domain (example.org) is verified: an inspirer there gets mail; the municipalities'
// people (kolding.example.com, varde.example.com) and jane.doe@example.com are not verified.
const meeting = {
  ...koldingMeeting,
  audience: { municipalities: ['Kolding'], roles: ['coordinator'] },
  inspirers: [
    { name: 'Navn Efternavn', email: 'inspirator@example.org', topic: 'Politiske paradokser', language: 'da' },
    { name: 'Jane Doe', email: 'jane.doe@example.com', topic: 'Co-creation', language: 'en' },
  ],
};

describe('a sandboxed SES account', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/data`, { sesSandbox: true });

  it('sends only to verified identities and leaves the others pending, in the DLQ, never rejected', async () => {
    const r = await scheduleMeeting(cloud(), meeting);
    expect(r.status).toBe(202);
    const { meetingId } = (await r.json()) as { meetingId: string };
    // Every mail job is tried 5 times (the queue's maxReceiveCount), then waits in the DLQ.
    await cloud().waitForIdle(180_000);

    const sent = cloud().mail().flatMap((m) => m.to.map((t) => t.toLowerCase()));
    expect(sent).toEqual(['inspirator@example.org']);

    const res = await fetch(`${cloud().urls.api}/api/meetings/${meetingId}`, { headers: { authorization: `Bearer ${cloud().apiToken}` } });
    const view = (await res.json()) as { invitations: Array<{ email: string; deliveryStatus: string }> };
    const unverified = view.invitations.filter((i) => !i.email.toLowerCase().endsWith('@example.org'));
    const koldingCoordinators = demoNetwork.people.filter((p) => p.municipality === 'Kolding' && p.role === 'coordinator');
    expect(unverified.length).toBe(koldingCoordinators.length + 1);
    for (const i of unverified) expect(['pending', 'retrying'], `${i.email}: ${i.deliveryStatus}`).toContain(i.deliveryStatus);
    expect(view.invitations.some((i) => i.deliveryStatus === 'rejected')).toBe(false);

    // The jobs wait in the mail DLQ for a redrive, and the alarm's metric filter finds its lines.
    const stats = cloud().stats();
    const mailDlq = Object.entries(stats.deadLetterQueues).find(([name]) => /Mail.*DeadLetter/i.test(name));
    expect(mailDlq?.[1]).toBe(unverified.length);
    const accountLines = cloud().logs().filter((l) => l.includes(`"message":"${sendFailedLogMessage('account')}"`));
    expect(accountLines.length).toBeGreaterThanOrEqual(unverified.length);
    expect(accountLines.join('\n')).toContain('Email address is not verified. The following identities failed the check in region EU-WEST-1');
  }, 300_000);
});
