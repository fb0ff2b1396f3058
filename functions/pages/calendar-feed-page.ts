// The page behind an invitation's calendar link (/calendar-feed?t=, the invitation's answer token):
// the person's secret feed URL and how to subscribe, or, before they have one, a button that makes
// it. Mail scanners open every link with GET, so the page only shows; its buttons POST (make the
// address, or replace it). All text escaped.
import { escapeHtml } from '../mail/escape.js';
import { form, p, renderContentPage, type PageLanguage, type PageResponse } from './index.js';

const strings = {
  da: {
    heading: 'Dine netværksmøder i din kalender',
    intro: 'Abonnér på denne adresse i din kalender, så ser du alle de netværksmøder, du er inviteret til, som de er nu: flyttede møder på deres nye tidspunkt og aflyste møder som aflyst.',
    subscribe: 'Abonnér med ét klik',
    address: 'Adressen til din kalender',
    how: 'I Outlook: Tilføj kalender, Fra internettet. I Google Kalender: Andre kalendere, Fra webadresse. På iPhone og Mac: klik på linket ovenfor. Kalenderen opdateres af din kalender, typisk et par gange i døgnet.',
    secret: 'Adressen er personlig: alle, der kender den, kan se dine møder. Har du delt den ved en fejl, så lav en ny; den gamle holder straks op med at virke.',
    revoke: 'Lav en ny adresse',
    revoked: 'Du har fået en ny adresse. Den gamle virker ikke længere, så abonnér på den nye.',
    introNone: 'Med en personlig kalenderadresse ser du alle de netværksmøder, du er inviteret til, i din egen kalender, som de er nu: flyttede møder på deres nye tidspunkt og aflyste møder som aflyst.',
    none: 'Du har ikke en adresse endnu. Den laves først, når du beder om den, og kun du får den at se.',
    create: 'Lav min kalenderadresse',
    created: 'Din adresse er klar. Abonnér på den i din kalender.',
  },
  en: {
    heading: 'Your network meetings in your calendar',
    intro: 'Subscribe to this address in your calendar to see every network meeting you are invited to as it is now: moved meetings at their new time and cancelled ones as cancelled.',
    subscribe: 'Subscribe with one click',
    address: 'The address for your calendar',
    how: 'In Outlook: Add calendar, From internet. In Google Calendar: Other calendars, From URL. On iPhone and Mac: click the link above. Your calendar refreshes it, usually a few times a day.',
    secret: 'The address is personal: anyone who knows it can see your meetings. If you shared it by mistake, make a new one; the old one stops working at once.',
    revoke: 'Make a new address',
    revoked: 'You have a new address. The old one no longer works, so subscribe to the new one.',
    introNone: 'With a personal calendar address you see every network meeting you are invited to in your own calendar as it is now: moved meetings at their new time and cancelled ones as cancelled.',
    none: 'You have no address yet. It is made only when you ask for it, and only you are shown it.',
    create: 'Make my calendar address',
    created: 'Your address is ready. Subscribe to it in your calendar.',
  },
} as const satisfies Record<PageLanguage, Record<string, string>>;

/** What the page's buttons ask for (the form field `action`). */
export const CALENDAR_FEED_ACTIONS = ['create', 'renew'] as const;
export type CalendarFeedAction = (typeof CALENDAR_FEED_ACTIONS)[number];

export interface CalendarFeedPage {
  language: PageLanguage;
  /** The person's feed; absent while they have none (the page offers to make it). */
  feed?: { url: string; webcalUrl: string };
  /** Where the buttons POST (this page with its token). */
  actionUrl: string;
  /** What the POST just did, said at the top. */
  done?: 'created' | 'renewed';
}

const actionField = (action: CalendarFeedAction) => `<input type="hidden" name="action" value="${action}">`;

export function renderCalendarFeedPage(page: CalendarFeedPage): PageResponse {
  const t = strings[page.language];
  const status = page.done === undefined ? [] : [`<p role="status"><strong>${escapeHtml(page.done === 'created' ? t.created : t.revoked)}</strong></p>`];
  if (!page.feed) {
    return renderContentPage(page.language, 200, t.heading, [p(t.introNone), p(t.none), form(page.actionUrl, [actionField('create')], t.create), p(t.secret, 'small')]);
  }
  return renderContentPage(page.language, 200, t.heading, [
    ...status,
    p(t.intro),
    `<p><a href="${escapeHtml(page.feed.webcalUrl)}">${escapeHtml(t.subscribe)}</a></p>`,
    '<dl>',
    `<dt>${escapeHtml(t.address)}</dt><dd><code>${escapeHtml(page.feed.url)}</code></dd>`,
    '</dl>',
    p(t.how, 'small'),
    p(t.secret, 'small'),
    form(page.actionUrl, [actionField('renew')], t.revoke),
  ]);
}
