// End to end in the local cloud: a person's calendar feed. The invitation's link opens a page whose
// GET makes nothing (mail scanners follow links) and whose button makes the URL. The feed URL (also
// made by the facilitators' revoke route, which any API caller can reach with the bearer token) serves text/calendar that a
// calendar app reads (ical.js); after a PATCH it shows the meeting at its new time with the next
// SEQUENCE and the invitation's UID; a revocation makes the old URL a 404 at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, demoNetwork, receivedMail, scheduleMeeting, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-calendar-feed');
let cloud: LocalCloud;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const METTE = 'mette.kjaer@kolding.example.com';
const FEED_URL = /https?:\/\/[^\s<"]+\/calendar\/[A-Za-z0-9_-]{43}\.ics/;

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`);
}, 600_000);

afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);

async function feedEvents(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
  expect(res.headers.get('cache-control')).toMatch(/private/);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('a person’s calendar feed', () => {
  const mette = demoNetwork.people.find((p) => p.email === METTE)!;
  let meetingId: string;
  let uid: string;
  let feed: string;
  let pageLink: string;

  it('serves the meeting the person was invited to, with the invitation’s UID', async () => {
    const r = await scheduleMeeting(cloud, {
      title: 'Netværksmøde om kalenderen', agenda: ['Velkomst'], startsAt: iso(start), endsAt: iso(start + 3 * HOUR),
      place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'] }, inspirers: [],
    });
    expect(r.status, await r.clone().text()).toBe(202);
    meetingId = ((await r.json()) as { meetingId: string }).meetingId;
    await cloud.waitForIdle(120_000);
    const invitation = (await receivedMail(cloud)).find((m) => m.to === METTE)!;
    uid = String(invitation.calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'));
    pageLink = /https?:\/\/\S+\/calendar-feed\?t=[^\s>"]+/.exec(invitation.parsed.text ?? '')?.[0] ?? '';
    expect(pageLink, 'the invitation links to the calendar feed page').not.toBe('');

    // A mail scanner GETs every link: the page shows a button and makes no feed.
    for (let i = 0; i < 2; i++) {
      const scanned = await fetch(pageLink);
      expect(scanned.status).toBe(200);
      const html = await scanned.text();
      expect(html).toContain('name="action" value="create"');
      expect(html).not.toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics/);
    }
    // Only the page's button (POST) makes it; the page then shows it on every visit.
    const created = await fetch(pageLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=create' });
    expect(created.status).toBe(200);
    const madeByPage = FEED_URL.exec(await created.text())?.[0];
    expect(madeByPage).toBeDefined();
    expect(FEED_URL.exec(await (await fetch(pageLink)).text())?.[0]).toBe(madeByPage);
    expect((await fetch(madeByPage!)).status).toBe(200);

    const made = await api(`/api/people/${mette.id}/calendar-feed/revoke`, { method: 'POST' });
    expect(made.status, await made.clone().text()).toBe(200);
    const urls = (await made.json()) as { url: string; webcalUrl: string };
    feed = urls.url;
    expect(urls.webcalUrl).toBe(feed.replace(/^https?:/, 'webcal:'));

    const [event] = (await feedEvents(feed)).filter((e) => e.uid === uid);
    expect(event, 'the meeting is in the feed').toBeDefined();
    expect(event!.startDate.toJSDate().getTime()).toBe(start);
    expect(event!.sequence).toBe(0);
  });

  it('shows a moved meeting at its new time with the next SEQUENCE', async () => {
    const moved = await api(`/api/meetings/${meetingId}`, { method: 'PATCH', body: { startsAt: iso(start + DAY), endsAt: iso(start + DAY + 3 * HOUR) } });
    expect(moved.status, await moved.clone().text()).toBe(202);
    await cloud.waitForIdle(120_000);
    const [event] = (await feedEvents(feed)).filter((e) => e.uid === uid);
    expect(event!.startDate.toJSDate().getTime()).toBe(start + DAY);
    expect(event!.sequence).toBe(1);
  });

  it('stops the old URL at once on revocation; the new one works', async () => {
    const revoked = await api(`/api/people/${mette.id}/calendar-feed/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    const next = ((await revoked.json()) as { url: string }).url;
    expect(next).not.toBe(feed);
    expect((await fetch(feed)).status).toBe(404);
    expect((await feedEvents(next)).some((e) => e.uid === uid)).toBe(true);
    expect((await fetch(next.replace(/[A-Za-z0-9_-]{43}\.ics$/, `${'A'.repeat(43)}.ics`))).status).toBe(404);
  });

  it('shows the current URL on the page behind the invitation’s link, whose button replaces it', async () => {
    const current = ((await (await api(`/api/people/${mette.id}/calendar-feed/revoke`, { method: 'POST' })).json()) as { url: string }).url;
    const shown = await fetch(pageLink);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain(current);
    expect(html).toContain(current.replace(/^https?:/, 'webcal:'));
    expect(html).toContain('name="action" value="renew"');
    const revoked = await fetch(pageLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=renew' });
    expect(revoked.status).toBe(200);
    const fresh = FEED_URL.exec(await revoked.text())?.[0];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(current);
    expect((await fetch(current)).status).toBe(404);
    expect((await fetch(fresh!)).status).toBe(200);
  });

  it('refuses another person’s feed to no one but the API’s callers', async () => {
    const anonymous = await fetch(`${cloud.urls.api}/api/people/${mette.id}/calendar-feed/revoke`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });
});
