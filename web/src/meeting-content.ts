// A meeting's own texts and reminders in the schedule and change forms, and on the meeting page
// its reminders (what went out, what is next), the nudge, answer comments and reconfirmation.
// Kept apart from meetings.ts, which only calls in here.
import { h } from './dom.js';
import { announce, api, busy, field, formatWhen, inputValue, notice } from './core.js';
import { lang } from './i18n.js';
import type { MeetingDetail, MeetingInvitation, MeetingNudgeAnswer } from '../../functions/contract/api-types.js';

const words = {
  da: {
    content: 'Tekster og påmindelser',
    contentHint: 'Tomme felter bruger netværkets tekster. Skriv ikke klokkeslæt, der kan ændre sig, hvis mødet flyttes.',
    description: 'Beskrivelse af mødet',
    practical: 'Praktiske oplysninger',
    guidelines: 'Retningslinjer for deltagelse',
    remindersOn: 'Send påmindelser',
    offsets: 'Påmindelser, timer før mødet',
    offsetsHint: 'Fx 168, 24 (7 dage og 1 dag før). Tomt: netværkets.',
    reminders: 'Påmindelser',
    remindersOff: 'Påmindelser er slået fra for dette møde.',
    sent: (what: string, at: string, n: number) => `${what} sendt ${at} til ${n}`,
    nudgeWord: 'Rykker',
    hoursBefore: (hrs: number) => (hrs % 24 === 0 ? `${hrs / 24} ${hrs === 24 ? 'dag' : 'dage'} før` : `${hrs} timer før`),
    next: (what: string, at: string) => `Næste: ${what}, ${at}`,
    noNext: 'Ingen flere påmindelser planlagt.',
    nudge: 'Ryk dem, der ikke har svaret',
    nudgeHint: 'Sender én påmindelse til dem, der endnu ikke har svaret. Kan sendes én gang pr. version af mødet.',
    nudged: (n: number) => `Rykkeren sendes til ${n}.`,
    alreadyNudged: 'Der er allerede sendt en rykker for denne version af mødet.',
    awaiting: 'Afventer ny bekræftelse',
    confirmed: 'Har bekræftet det nye tidspunkt',
    awaitingCount: (n: number) => `${n} afventer ny bekræftelse`,
    comment: 'Kommentar',
  },
  en: {
    content: 'Texts and reminders',
    contentHint: "Empty fields use the network's texts. Do not write times that may change if the meeting is moved.",
    description: 'Description of the meeting',
    practical: 'Practical information',
    guidelines: 'Attendance guidelines',
    remindersOn: 'Send reminders',
    offsets: 'Reminders, hours before the meeting',
    offsetsHint: "For example 168, 24 (7 days and 1 day before). Empty: the network's.",
    reminders: 'Reminders',
    remindersOff: 'Reminders are off for this meeting.',
    sent: (what: string, at: string, n: number) => `${what} sent ${at} to ${n}`,
    nudgeWord: 'Nudge',
    hoursBefore: (hrs: number) => (hrs % 24 === 0 ? `${hrs / 24} ${hrs === 24 ? 'day' : 'days'} before` : `${hrs} hours before`),
    next: (what: string, at: string) => `Next: ${what}, ${at}`,
    noNext: 'No more reminders planned.',
    nudge: 'Nudge those who have not answered',
    nudgeHint: 'Sends one reminder to those who have not answered yet. Can be sent once per version of the meeting.',
    nudged: (n: number) => `The nudge goes to ${n}.`,
    alreadyNudged: 'A nudge has already been sent for this version of the meeting.',
    awaiting: 'Awaiting reconfirmation',
    confirmed: 'Confirmed the new time',
    awaitingCount: (n: number) => `${n} awaiting reconfirmation`,
    comment: 'Comment',
  },
};
const w = () => words[lang()];

type Texts = Pick<MeetingDetail, 'description' | 'practicalInfo' | 'attendanceGuidelines' | 'reminders'>;

/** The texts and reminders fields of the schedule form (prefix 'm') or the change form ('r', with the meeting's values). */
export function contentFields(prefix: string, m: Texts = {}): HTMLElement {
  const s = w();
  const on = h('input', { type: 'checkbox', id: `${prefix}-rem-on`, checked: m.reminders?.enabled ?? true });
  return h('fieldset', null, h('legend', null, s.content),
    h('p', { class: 'hint' }, s.contentHint),
    field({ id: `${prefix}-description`, label: s.description, type: 'textarea', rows: 3, value: m.description ?? '' }),
    field({ id: `${prefix}-practical`, label: s.practical, type: 'textarea', rows: 3, value: m.practicalInfo?.text?.da ?? '' }),
    field({ id: `${prefix}-guidelines`, label: s.guidelines, type: 'textarea', rows: 2, value: m.attendanceGuidelines?.text?.da ?? '' }),
    h('div', { class: 'field' }, h('label', { for: `${prefix}-rem-on` }, on, ' ', s.remindersOn)),
    field({ id: `${prefix}-offsets`, label: s.offsets, hint: s.offsetsHint, inputmode: 'numeric', value: m.reminders?.offsetsHours.join(', ') ?? '' }),
  );
}

/** What the fields say, as request fields; with `current` (a PATCH) only what differs, null to go back to the network's. */
export function contentBody(form: HTMLElement, prefix: string, current?: Texts): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const description = inputValue(form, `${prefix}-description`);
  const practical = inputValue(form, `${prefix}-practical`);
  const guidelines = inputValue(form, `${prefix}-guidelines`);
  const offsetsText = inputValue(form, `${prefix}-offsets`);
  const on = (form.querySelector(`#${prefix}-rem-on`) as HTMLInputElement | null)?.checked ?? true;
  // Not numbers stay as they are: the api names the field that is wrong.
  const offsets = offsetsText === '' ? [] : offsetsText.split(/[\s,;]+/).filter(Boolean).map((v) => (/^\d+$/.test(v) ? Number(v) : v));
  const reminders = offsetsText === '' && on ? undefined : { enabled: on, offsetsHours: offsets };
  const want: Record<string, unknown> = {
    description: description || undefined,
    practicalInfo: practical ? { text: { da: practical } } : undefined,
    attendanceGuidelines: guidelines ? { text: { da: guidelines } } : undefined,
    reminders,
  };
  for (const [key, value] of Object.entries(want)) {
    if (!current) {
      if (value !== undefined) body[key] = value;
      continue;
    }
    const before = (current as Record<string, unknown>)[key];
    // A text with a link or an English version set through the api is kept unless the Danish text changed.
    const same = key === 'practicalInfo' || key === 'attendanceGuidelines'
      ? ((before as { text?: { da?: string } } | undefined)?.text?.da ?? '') === ((value as { text?: { da?: string } } | undefined)?.text?.da ?? '')
      : JSON.stringify(before ?? null) === JSON.stringify(value ?? null);
    if (!same) body[key] = value ?? null;
  }
  return body;
}

/** The field id an api error about these fields belongs to. */
export function contentFieldId(prefix: string, field: string): string | undefined {
  return ({ description: `${prefix}-description`, practicalInfo: `${prefix}-practical`, attendanceGuidelines: `${prefix}-guidelines`, reminders: `${prefix}-offsets` } as Record<string, string>)[field.split('.')[0]!];
}

/** The meeting's own texts in its details list (nothing for those that follow the network's). */
export function textDetails(m: Texts): HTMLElement[] {
  const s = w();
  const pairs: [string, string | undefined][] = [
    [s.description, m.description],
    [s.practical, m.practicalInfo?.text?.[lang()] ?? m.practicalInfo?.text?.da ?? m.practicalInfo?.url],
    [s.guidelines, m.attendanceGuidelines?.text?.[lang()] ?? m.attendanceGuidelines?.text?.da ?? m.attendanceGuidelines?.url],
  ];
  return pairs.filter(([, v]) => v).flatMap(([label, v]) => [h('dt', null, label), h('dd', null, v!)]);
}

/** The reconfirmation and comment under an invitee's answer. */
export function answerExtras(i: MeetingInvitation): HTMLElement | null {
  const s = w();
  if (!i.reconfirmation && !i.comment) return null;
  return h('span', null,
    i.reconfirmation ? [h('br'), h('span', { class: `badge badge--${i.reconfirmation === 'awaiting' ? 'maybe' : 'accept'}`, 'data-reconfirmation': i.reconfirmation }, i.reconfirmation === 'awaiting' ? s.awaiting : s.confirmed)] : null,
    // Plain text (h() sets text nodes): a comment is whatever the person typed.
    i.comment ? [h('br'), h('span', { class: 'muted', 'data-comment': '' }, `${s.comment}: ${i.comment}`)] : null,
  );
}

/** The reminders on the meeting page: what went out, what is next, and the nudge. */
export function remindersSection(m: MeetingDetail, reload: () => void): HTMLElement {
  const s = w();
  const r = m.reminderStatus;
  const what = (x: { offsetHours?: number; nudge?: true }) => (x.nudge ? s.nudgeWord : s.hoursBefore(x.offsetHours ?? 0));
  const status = h('p', { role: 'status' });
  const button = h('button', { type: 'button', class: 'button button--secondary', id: 'nudge' }, s.nudge);
  button.addEventListener('click', () => {
    busy(button, true);
    void api<MeetingNudgeAnswer>('POST', `/api/meetings/${encodeURIComponent(m.meetingId)}/nudge`).then((res) => {
      busy(button, false);
      const message = res.ok ? (res.data.status === 'already-sent' ? s.alreadyNudged : s.nudged(res.data.unanswered)) : (res.data?.message ?? '');
      status.replaceChildren(notice(message, res.ok ? 'success' : 'info'));
      announce(message);
      if (res.ok) setTimeout(reload, 1500);
    });
  });
  const awaiting = m.counts.awaitingReconfirmation;
  return h('section', { 'aria-labelledby': 'reminders-title', id: 'reminders-section' },
    h('h2', { id: 'reminders-title' }, s.reminders),
    awaiting ? h('p', null, s.awaitingCount(awaiting)) : null,
    r.enabled ? null : h('p', null, s.remindersOff),
    r.sent.length ? h('ul', null, r.sent.map((x) => h('li', null, s.sent(what(x), formatWhen(x.at), x.recipients)))) : null,
    h('p', null, r.next ? s.next(what(r.next), formatWhen(r.next.at)) : s.noNext),
    m.status === 'scheduled' && !m.ended ? [h('p', { class: 'hint' }, s.nudgeHint), button, status] : null,
  );
}
