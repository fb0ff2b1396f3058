// Joining from outside, end to end on the local cloud: the public page in Danish and English, a
// join request sent from its form reaches the contact person (and the other facilitator) in the
// mail viewer (the SES emulator's store) and is listed for facilitators; the honeypot keeps a bot's
// request out; the JSON route names a missing consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorStore, synthDemo, useDemoCloud, workDir } from './helpers.js';

const work = workDir('e2e-join');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
});
afterAll(() => work.cleanup());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('joining the network', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/data`);

  it('a join request from the public page reaches the contact person in the mail viewer', async () => {
    const api = cloud().urls.api;
    const da = await fetch(`${api}/join`);
    expect(da.status).toBe(200);
    const page = await da.text();
    expect(page).toContain('<html lang="da">');
    expect(page).toContain('Bliv en del af Samskabelsesnetværket (demo)');
    expect(page).toContain('<form method="post" action="/join?lang=da"');
    expect(await (await fetch(`${api}/join?lang=en`)).text()).toContain('Join Samskabelsesnetværket (demo)');

    const sent = await fetch(`${api}/join?lang=da`, form({
      language: 'da', wish: 'start-similar', name: 'Ditte Ås', email: 'ditte.aas@odense.example.com', municipality: 'Odense',
      organisation: '', message: 'Vi vil gerne starte et lignende netværk på Fyn.', website: '', consent: 'yes',
    }));
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Tak for din henvendelse');
    await cloud().waitForIdle(60_000);

    const mails = await emulatorStore(cloud());
    const toContact = mails.filter((m) => m.destination.to.some((t) => t.includes('camilla.norby@example.org')));
    expect(toContact.map((m) => m.subject)).toEqual(['Ønske om at starte et lignende netværk: Odense']);
    const toThomas = mails.filter((m) => m.destination.to.some((t) => t.includes('thomas.berg@example.org')));
    expect(toThomas.map((m) => m.subject)).toEqual(['Wish to start a similar network: Odense']);

    const listed = await fetch(`${api}/api/join-requests`, { headers: { authorization: `Bearer ${cloud().apiToken}` } });
    expect(listed.status).toBe(200);
    const { joinRequests } = (await listed.json()) as { joinRequests: Array<{ email: string; wish: string; consentAt: string }> };
    expect(joinRequests).toEqual([expect.objectContaining({ email: 'ditte.aas@odense.example.com', wish: 'start-similar', consentAt: expect.any(String) })]);
  }, 120_000);

  it('keeps a bot out (honeypot), refuses a request without consent, and lists requests only with a credential', async () => {
    const api = cloud().urls.api;
    const before = (await emulatorStore(cloud())).length;
    const bot = await fetch(`${api}/join`, form({ wish: 'join', name: 'Bot', email: 'bot@spam.example', municipality: 'X', message: 'buy', consent: 'yes', website: 'http://spam.example' }));
    expect(bot.status).toBe(200);
    const noConsent = await fetch(`${api}/api/join-requests`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ wish: 'join', name: 'Uden Samtykke', email: 'uden@varde.example.com', municipality: 'Esbjerg', message: 'Hej' }),
    });
    expect(noConsent.status).toBe(400);
    expect(((await noConsent.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['consent']);
    expect((await fetch(`${api}/api/join-requests`)).status).toBe(401);
    await cloud().waitForIdle(30_000);
    expect((await emulatorStore(cloud())).length).toBe(before);
    const { joinRequests } = (await (await fetch(`${api}/api/join-requests`, { headers: { authorization: `Bearer ${cloud().apiToken}` } })).json()) as { joinRequests: unknown[] };
    expect(joinRequests).toHaveLength(1);
  }, 120_000);
});
