// The API's types for finding a learning and for joining from outside. Re-exported from api-types.ts, the one place the web app imports from.
import type { Language } from './network.js';

// ---- search (GET /api/search) ----

export type SearchHitType = 'experiment' | 'learning' | 'note' | 'reflection';

/** One thing found: where it leads (experiment or meeting), and the part of its text that matched. Reflections carry no name. */
export interface SearchHit {
  type: SearchHitType;
  /** The experiment's title, or the meeting's for a reflection. */
  title: string;
  snippet: string;
  score: number;
  experimentId?: string;
  meetingId?: string;
  municipality?: string;
  date?: string;
  themes?: string[];
}

/** GET /api/search?q=&lang=da|en&theme=&municipality=&kind=&outcome=: best first. */
export interface SearchAnswer {
  query: string;
  lang: 'da' | 'en';
  hits: SearchHit[];
}

// ---- joining (POST /api/join-requests public, GET facilitators) ----

/** A request from outside to join the network or to start a similar one. */
export interface JoinRequestView {
  requestId: string;
  wish: 'join' | 'start-similar';
  name: string;
  email: string;
  municipality: string;
  organisation?: string;
  message: string;
  language: Language;
  /** When the sender agreed that the network keeps the request and contacts them. */
  consentAt: string;
  receivedAt: string;
}

/** 202 to POST /api/join-requests (the same answer whether or not the request was kept: bots learn nothing). */
export interface JoinRequestAccepted {
  message: string;
}

/** GET /api/join-requests, newest first. */
export interface JoinRequestList {
  joinRequests: JoinRequestView[];
}

/** POST /api/me/calendar-feed, its /revoke, and POST /api/people/{id}/calendar-feed/revoke: the person's secret feed URL. */
export interface CalendarFeed {
  /** https URL of the feed (text/calendar); anyone holding it sees the person's meetings. */
  url: string;
  /** The same feed for calendar apps that subscribe on a click. */
  webcalUrl: string;
}
