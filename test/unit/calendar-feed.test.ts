// The personal calendar feed's VCALENDAR: read back with ical.js as a calendar app would; and the
// page behind the invitation's link, whose GET (mail scanners follow links) never makes a feed.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendarFeed, type FeedMeeting } from '../../functions/mail/calendar-feed.js';
import { calendarUid } from '../../functions/mail/calendar.js';
import { renderCalendarFeedPage } from '../../functions/pages/calendar-feed-page.js';
import { feedTokenOfFile, feedUrl, webcalUrl } from '../../functions/domain/person/calendar-feed.js';
import { calendarFeedRoutes, type CalendarFeedApiPorts } from '../../functions/api/calendar-feed-routes.js';
import { signToken } from '../../functions/domain/link-token.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';
import { httpEvent } from '../support/ports.js';

const settings = { name: 'Samskab; Kolding, Vejle', timeZone: 'Europe/Copenhagen', senderAddress: 'moeder@samskab.example.org' };
const person = { name: 'Mette Kjær', email: 'mette@example.com' };
const meeting = (id: string, over: Partial<FeedMeeting['meeting']> = {}): FeedMeeting['meeting'] => ({
  meetingId: id, version: 1, title: 'Netværksmøde', startsAt: '2026-07-01T11:00:00Z', endsAt: '2026-07-01T14:00:00Z',
  place: 'Kolding Rådhus', agenda: ['Velkomst'], ...over,
});

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('calendar feed', () => {
  it('lists each meeting as now: its time in the network zone, SEQUENCE from the version, the invitations\' UID', () => {
    const ics = buildCalendarFeed({
      person, settings, now: new Date('2026-06-01T00:00:00Z'),
      meetings: [
        { meeting: meeting('m-moved', { version: 3, startsAt: '2026-12-01T12:00:00Z', endsAt: '2026-12-01T15:00:00Z', title: 'Flyttet, med komma' }), cancelled: false, answer: 'accept' },
        { meeting: meeting('m-off', { version: 2 }), cancelled: true },
      ],
    });
    const { calendar, events: [moved, off] } = events(ics);
    expect(calendar.getFirstPropertyValue('method')).toBeNull();
    // An X- property is of unknown type to ical.js, which gives its value as written: TEXT-escaped.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Samskab\\; Kolding\\, Vejle');
    expect(moved!.uid).toBe(calendarUid('m-moved'));
    expect(moved!.sequence).toBe(2);
    expect(moved!.summary).toBe('Flyttet, med komma');
    // 12:00Z in December is 13:00 in Copenhagen (winter time), read through the feed's own VTIMEZONE.
    expect(moved!.startDate.toString()).toBe('2026-12-01T13:00:00');
    expect(moved!.startDate.toJSDate().toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(moved!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(moved!.attendees[0]!.getParameter('partstat')).toBe('ACCEPTED');
    expect(off!.uid).toBe(calendarUid('m-off'));
    expect(off!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    // A cancellation of version n carries n, above the n - 1 of the last request.
    expect(off!.sequence).toBe(2);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('is a valid empty calendar for a person without meetings', () => {
    const { events: none } = events(buildCalendarFeed({ person, settings, meetings: [], now: new Date() }));
    expect(none).toEqual([]);
  });

  it('reads the token only from a well-formed <token>.ics', () => {
    const token = 'A'.repeat(43);
    expect(feedTokenOfFile(`${token}.ics`)).toBe(token);
    expect(feedTokenOfFile(token)).toBeUndefined();
    expect(feedTokenOfFile(`${token}x.ics`)).toBeUndefined();
    expect(feedTokenOfFile('../x.ics')).toBeUndefined();
    const url = feedUrl('https://x.example/', token);
    expect(url).toBe(`https://x.example/calendar/${token}.ics`);
    expect(webcalUrl(url)).toBe(`webcal://x.example/calendar/${token}.ics`);
  });

  it('renders the feed page in Danish and English with every value escaped', () => {
    const hostile = 'https://x.example/"><script>alert(1)</script>/calendar/t.ics';
    for (const language of ['da', 'en'] as const) {
      const page = renderCalendarFeedPage({ language, feed: { url: hostile, webcalUrl: webcalUrl(hostile) }, actionUrl: '/calendar-feed?t=a&b', done: 'renewed' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).not.toContain('<script>');
      expect(page.body).toContain('&lt;script&gt;');
      expect(page.body).toContain('action="/calendar-feed?t=a&amp;b"');
      expect(page.body).toContain(`lang="${language}"`);
    }
    expect(renderCalendarFeedPage({ language: 'en', feed: { url: 'https://x/c.ics', webcalUrl: 'webcal://x/c.ics' }, actionUrl: '/calendar-feed?t=a' }).body).toContain('Make a new address');
    const none = renderCalendarFeedPage({ language: 'da', actionUrl: '/calendar-feed?t=a' }).body;
    expect(none).toContain('Lav min kalenderadresse');
    expect(none).toContain('name="action" value="create"');
    expect(none).not.toContain('/calendar/');
  });
});

describe('the calendar feed page behind the invitation’s link', () => {
  const SECRET = 's'.repeat(32);
  const NOW = new Date('2027-03-01T10:00:00Z');
  const mette: NetworkPerson = { personId: 'mette', name: 'Mette Kjær', email: 'mette@example.com', role: 'coordinator', municipality: 'Kolding', language: 'en' };
  const linkToken = signToken(SECRET, { purpose: 'rsvp', meetingId: 'm1', personId: 'mette', answer: 'accept', version: 1 }, new Date('2027-04-01T00:00:00Z'));

  /** The feed store's semantics in memory, counting every write. */
  function setup() {
    const tokens = new Map<string, string>();
    const writes: string[] = [];
    let n = 0;
    const fresh = (personId: string) => {
      const token = String(++n).padStart(43, 'T');
      tokens.set(personId, token);
      return token;
    };
    const ports: CalendarFeedApiPorts = {
      existingFeedToken: async (personId) => tokens.get(personId),
      feedTokenOf: async (personId) => tokens.get(personId) ?? (writes.push(`create ${personId}`), fresh(personId)),
      revokeFeedToken: async (personId) => (writes.push(`revoke ${personId}`), fresh(personId)),
      personOfFeedToken: async (token) => [...tokens].find(([, t]) => t === token)?.[0],
      invitationsOf: async () => [],
      getPerson: async (personId) => (personId === mette.personId ? mette : undefined),
      meetingsOf: async () => [],
      linkSecret: async () => SECRET,
    };
    const routes = calendarFeedRoutes({ settings: () => { throw new Error('not needed'); }, publish: async () => 'id', now: () => NOW, newId: () => 'id' }, ports);
    const call = async (method: 'GET' | 'POST', form?: Record<string, string>) => {
      const route = routes.find((r) => r.method === method && r.path === '/calendar-feed')!;
      const event = {
        ...httpEvent(method, '/calendar-feed', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...(form ? { body: new URLSearchParams(form).toString() } : {}) }),
        queryStringParameters: { t: linkToken },
      };
      return (await route.handler(event as never)) as { statusCode: number; body: string };
    };
    const feedUrlIn = (html: string) => /https:\/\/api\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(html)?.[0];
    return { tokens, writes, call, feedUrlIn };
  }

  it('GET stores nothing: without a feed it offers a button, with one it shows it', async () => {
    const { tokens, writes, call, feedUrlIn } = setup();
    for (let i = 0; i < 3; i++) {
      const shown = await call('GET');
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('Make my calendar address');
      expect(feedUrlIn(shown.body)).toBeUndefined();
    }
    expect(writes).toEqual([]);
    expect(tokens.size).toBe(0);

    tokens.set('mette', 'E'.repeat(43));
    const existing = await call('GET');
    expect(feedUrlIn(existing.body)).toBe(`https://api.example.org/calendar/${'E'.repeat(43)}.ics`);
    expect(existing.body).toContain(`webcal://api.example.org/calendar/${'E'.repeat(43)}.ics`);
    expect(writes).toEqual([]);
  });

  it('POST action=create makes the address once; a repeat shows the same one', async () => {
    const { writes, call, feedUrlIn } = setup();
    const made = await call('POST', { action: 'create' });
    expect(made.statusCode).toBe(200);
    expect(made.body).toContain('Your address is ready');
    const url = feedUrlIn(made.body);
    expect(url).toBeDefined();
    const again = await call('POST', { action: 'create' });
    expect(feedUrlIn(again.body)).toBe(url);
    expect(writes).toEqual(['create mette']);
    expect(feedUrlIn((await call('GET')).body)).toBe(url);
  });

  it('POST action=renew (or no action, as older pages sent) replaces the address', async () => {
    const { writes, call, feedUrlIn } = setup();
    const first = feedUrlIn((await call('POST', { action: 'create' })).body);
    const renewed = await call('POST', { action: 'renew' });
    expect(renewed.body).toContain('The old one no longer works');
    const second = feedUrlIn(renewed.body);
    expect(second).not.toBe(first);
    const third = feedUrlIn((await call('POST', {})).body);
    expect(third).not.toBe(second);
    expect(writes).toEqual(['create mette', 'revoke mette', 'revoke mette']);
  });

  it('refuses an unknown action by name, changing nothing', async () => {
    const { writes, call } = setup();
    const bad = await call('POST', { action: 'delete' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('action');
    expect(writes).toEqual([]);
  });
});
