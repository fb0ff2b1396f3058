// The page behind an invitation's calendar link (/calendar-feed?t=, the invitation's answer token):
// the person's secret feed URL, how to subscribe, and a button that replaces it. All text escaped.
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
  },
} as const satisfies Record<PageLanguage, Record<string, string>>;

export interface CalendarFeedPage {
  language: PageLanguage;
  url: string;
  webcalUrl: string;
  /** Where the revoke button POSTs (this page with its token). */
  actionUrl: string;
  revoked: boolean;
}

export function renderCalendarFeedPage(page: CalendarFeedPage): PageResponse {
  const t = strings[page.language];
  return renderContentPage(page.language, 200, t.heading, [
    ...(page.revoked ? [`<p role="status"><strong>${escapeHtml(t.revoked)}</strong></p>`] : []),
    p(t.intro),
    `<p><a href="${escapeHtml(page.webcalUrl)}">${escapeHtml(t.subscribe)}</a></p>`,
    '<dl>',
    `<dt>${escapeHtml(t.address)}</dt><dd><code>${escapeHtml(page.url)}</code></dd>`,
    '</dl>',
    p(t.how, 'small'),
    p(t.secret, 'small'),
    form(page.actionUrl, [], t.revoke),
  ]);
}
