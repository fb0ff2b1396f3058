// Shared steps of the end-to-end tests: synthesize the real app once per file, start the local
// cloud from it on free ports with a fresh data folder, and read the mail back.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { projectRoot, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/cloud.js';
import { synthesize } from '../../local/synth.js';

export interface DemoPerson { id: string; name: string; email: string; role: string; municipality?: string; language: 'da' | 'en' }

export const demoNetwork = JSON.parse(readFileSync(join(projectRoot, 'networks', 'demo.json'), 'utf8')) as { people: DemoPerson[]; organizerMailbox: string; replyAddress: string };

/** A private working folder under .samskab/test (inside the project, so bundles resolve nothing outside). */
export function workDir(name: string): { dir: string; cleanup: () => void } {
  const dir = join(projectRoot, '.samskab', 'test', `${name}-${randomUUID().slice(0, 8)}`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function synthDemo(dir: string): Promise<string> {
  const out = join(dir, 'cdk.out');
  await synthesize(projectRoot, 'demo', out);
  return out;
}

export function startDemo(assemblyDir: string, dataDir: string, extra: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  return startLocalCloud({
    network: 'demo', assemblyDir, dataDir, fresh: true,
    ports: { api: 0, aws: 0, mail: 0 },
    // Redeliveries and retries wait a hundredth of the real time.
    timeScale: 0.01,
    // No SES sending rate unless a test is about it (ses-rate.test.ts): at the default 14/s the
    // large fan-outs would spend minutes pacing. `npm start` keeps the default.
    sesMaxSendRate: 0,
    ...extra,
  });
}

/** Starts a demo cloud before the enclosing describe's tests and stops it after them; read it through the getter. */
export function useDemoCloud(assembly: () => string, dataDir: string, extra: Partial<LocalCloudOptions> = {}): () => LocalCloud {
  let cloud: LocalCloud | undefined;
  beforeAll(async () => {
    cloud = await startDemo(assembly(), dataDir, extra);
  });
  afterAll(() => cloud?.stop());
  return () => {
    if (cloud === undefined) throw new Error('the demo cloud did not start');
    return cloud;
  };
}

/** A call to the cloud's API with its token; a body is sent as JSON. */
export function apiFetch(cloud: LocalCloud, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${cloud.urls.api}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

export async function scheduleMeeting(cloud: LocalCloud, body: unknown): Promise<Response> {
  return apiFetch(cloud, '/api/meetings', { method: 'POST', body });
}

export interface ReceivedMail { to: string; parsed: ParsedMail; calendar: ICAL.Component }

/** The raw mail the SES proxy accepted, parsed, with its text/calendar part parsed by ical.js. */
export async function receivedMail(cloud: LocalCloud): Promise<ReceivedMail[]> {
  return Promise.all(cloud.mail().map(async (m) => {
    if (m.raw === undefined) throw new Error(`mail ${m.messageId} was not sent as raw MIME`);
    const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
    const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    if (part === undefined) throw new Error(`mail to ${m.to.join(', ')} has no text/calendar part`);
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')) as unknown[]);
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to === undefined ? [] : [parsed.to]).flatMap((a) => a.value.map((v) => v.address ?? ''));
    return { to: to[0] ?? '', parsed, calendar };
  }));
}

/** The mails the cloud sent, as tests read them: the first recipient, the subject and the plain text. */
export async function sentMails(cloud: LocalCloud): Promise<Array<{ to: string; subject: string; text: string }>> {
  return Promise.all(cloud.mail().map(async (m) => {
    const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
    return { to: to[0] ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' };
  }));
}

/** The SES emulator's own record of sent mail. */
export async function emulatorStore(cloud: LocalCloud): Promise<Array<{ destination: { to: string[] }; subject: string }>> {
  const r = await fetch(`${cloud.urls.mail}/store`);
  return ((await r.json()) as { emails: Array<{ destination: { to: string[] }; subject: string }> }).emails;
}

export const countBy = <T>(items: T[], key: (t: T) => string) => items.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());
