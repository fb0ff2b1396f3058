// The personal calendar feed's VCALENDAR: read back with ical.js as a calendar app would.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendarFeed, type FeedMeeting } from '../../functions/mail/calendar-feed.js';
import { calendarUid } from '../../functions/mail/calendar.js';
import { renderCalendarFeedPage } from '../../functions/pages/calendar-feed-page.js';
import { feedTokenOfFile, feedUrl, webcalUrl } from '../../functions/domain/person/calendar-feed.js';

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
      const page = renderCalendarFeedPage({ language, url: hostile, webcalUrl: webcalUrl(hostile), actionUrl: '/calendar-feed?t=a&b', revoked: true });
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).not.toContain('<script>');
      expect(page.body).toContain('&lt;script&gt;');
      expect(page.body).toContain('action="/calendar-feed?t=a&amp;b"');
      expect(page.body).toContain(`lang="${language}"`);
    }
    expect(renderCalendarFeedPage({ language: 'en', url: 'https://x/c.ics', webcalUrl: 'webcal://x/c.ics', actionUrl: '/calendar-feed?t=a', revoked: false }).body).toContain('Make a new address');
  });
});
