// After the door opens: the check-in list (made for a phone at the door: big tap targets, search
// as you type, each tap saved at once), the participant list to print or download, and what the
// meeting page shows once a meeting is over (attendance per municipality, the follow-up sent,
// the cancellation's reason and how many were told).
import { h } from './dom.js';
import { announce, api, formatWhen, link, pageTitle, render } from './core.js';
import { t } from './i18n.js';
import { loopWords } from './loop-i18n.js';
import type { AttendanceAnswer, AttendanceRequest, AttendanceSummary, DigestPreference, MeetingDetail, MeetingInvitation } from '../../functions/contract/api-types.js';

/** The meeting with every invitee (page after page): a check-in list must show them all. */
async function meetingWithAll(id: string) {
  const path = `/api/meetings/${encodeURIComponent(id)}`;
  const res = await api<MeetingDetail>('GET', `${path}?limit=1000`);
  if (!res.ok) return res;
  const m = res.data;
  while (m.nextCursor !== null) {
    const next = await api<MeetingDetail>('GET', `${path}?limit=1000&cursor=${encodeURIComponent(m.nextCursor)}`);
    if (!next.ok) return next;
    m.invitations.push(...next.data.invitations);
    m.nextCursor = next.data.nextCursor;
  }
  return res;
}

const byName = (a: MeetingInvitation, b: MeetingInvitation) => a.name.localeCompare(b.name, 'da');
/** Search ignores case and accents (é, ö); ø, æ and å are letters of their own and stay. */
const folded = (s: string) => s.toLocaleLowerCase('da').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

export async function checkInPage(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const s = t();
  const l = loopWords();
  render(main, pageTitle(l.checkIn), h('p', { role: 'status' }, s.loading));
  const res = await meetingWithAll(params.id!);
  if (!res.ok) {
    render(main, pageTitle(l.checkIn), h('p', { class: 'error-message' }, res.data?.message ?? s.loading));
    return;
  }
  const m = res.data;
  const people = m.invitations.slice().sort(byName);
  const present = new Set(people.filter((i) => i.attended).map((i) => i.personId));

  const count = h('p', { class: 'checkin-count', 'aria-live': 'polite', id: 'checkin-count' }, '');
  const status = h('p', { class: 'checkin-status', role: 'status', id: 'checkin-status' }, '');
  const showCount = () => (count.textContent = l.presentCount(present.size, people.length));
  showCount();

  // Saves are sent one at a time, each with the whole list as it is then: the last one wins, and
  // the server's list is always one the facilitator saw.
  let queued = false;
  let sending: Promise<void> = Promise.resolve();
  function save(): void {
    if (queued) return;
    queued = true;
    sending = sending.then(async () => {
      queued = false;
      const body: AttendanceRequest = { present: [...present] };
      const r = await api<AttendanceAnswer>('PUT', `/api/meetings/${encodeURIComponent(m.meetingId)}/attendance`, body);
      status.textContent = r.ok ? l.saved : r.status === 409 ? (r.data?.message ?? l.notYet) : l.saveFailed;
      status.className = `checkin-status${r.ok ? '' : ' checkin-status--error'}`;
    });
  }

  const buttons = people.map((p) => {
    const b = h('button', {
      type: 'button',
      class: 'checkin-person',
      'aria-pressed': String(present.has(p.personId)),
      'data-person': p.personId,
    },
      h('span', { class: 'checkin-name' }, p.name),
      h('span', { class: 'checkin-meta' }, [p.municipality, s.roles[p.role] ?? p.role].filter(Boolean).join(' · ')),
      h('span', { class: 'checkin-state' }, present.has(p.personId) ? l.present : l.notPresent),
    );
    b.addEventListener('click', () => {
      const on = !present.has(p.personId);
      if (on) present.add(p.personId);
      else present.delete(p.personId);
      b.setAttribute('aria-pressed', String(on));
      b.querySelector('.checkin-state')!.textContent = on ? l.present : l.notPresent;
      showCount();
      save();
    });
    return { person: p, key: folded(`${p.name} ${p.municipality ?? ''}`), item: h('li', null, b) };
  });

  const noMatch = h('p', { class: 'muted', hidden: true }, l.noMatch);
  const search = h('input', { type: 'search', id: 'checkin-search', class: 'checkin-search', autocomplete: 'off', enterkeyhint: 'search' });
  search.addEventListener('input', () => {
    const words = folded(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const b of buttons) {
      const hit = words.every((w) => b.key.includes(w));
      b.item.hidden = !hit;
      if (hit) shown++;
    }
    noMatch.hidden = shown > 0;
  });

  render(main,
    pageTitle(l.checkInTitle(m.title)),
    h('p', { class: 'muted' }, formatWhen(m.startsAt, m.endsAt), m.place ? ` · ${m.place}` : ''),
    h('p', null, link(`/app/meetings/${encodeURIComponent(m.meetingId)}`, l.backToMeeting)),
    h('p', { class: 'hint' }, l.checkInHint),
    h('div', { class: 'checkin-bar' },
      h('label', { for: 'checkin-search' }, l.search),
      search,
      count,
      status,
    ),
    h('ul', { class: 'checkin-list', id: 'checkin-list' }, buttons.map((b) => b.item)),
    noMatch,
  );
  if (m.status === 'cancelled') status.textContent = l.cancelled;
  announce(l.presentCount(present.size, people.length));
}

/** The participant list as a page to print (the print stylesheet drops the app's frame). */
export async function participantsPage(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const s = t();
  const l = loopWords();
  render(main, pageTitle(l.participantList), h('p', { role: 'status' }, s.loading));
  const res = await meetingWithAll(params.id!);
  if (!res.ok) {
    render(main, pageTitle(l.participantList), h('p', { class: 'error-message' }, res.data?.message ?? ''));
    return;
  }
  const m = res.data;
  const csv = (lang: 'da' | 'en') => `/api/meetings/${encodeURIComponent(m.meetingId)}/participants.csv?lang=${lang}`;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'da';
  const attendedText = (a: boolean | null | undefined) => (a === true ? l.yes : a === false ? l.no : '');
  render(main,
    pageTitle(l.participantListTitle(m.title)),
    h('p', null, formatWhen(m.startsAt, m.endsAt), m.place ? ` · ${m.place}` : ''),
    h('p', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'button', id: 'print-participants', onclick: () => window.print() }, l.print), ' ',
      h('a', { class: 'button button--secondary', href: csv(lang), download: '' }, l.downloadCsv), ' ',
      link(`/app/meetings/${encodeURIComponent(m.meetingId)}`, l.backToMeeting),
    ),
    h('table', { class: 'participants' },
      h('thead', null, h('tr', null, [s.person, s.municipality, s.role, s.answer, l.comment, l.attended].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, m.invitations.slice().sort(byName).map((i) =>
        h('tr', null,
          h('th', { scope: 'row' }, i.name, h('br'), h('span', { class: 'muted' }, i.email)),
          h('td', null, i.municipality ?? ''),
          h('td', null, s.roles[i.role] ?? i.role),
          h('td', null, i.answer ? (s.answers[i.answer] ?? i.answer) : s.noAnswer),
          h('td', null, (i as MeetingInvitation & { comment?: string }).comment ?? ''),
          h('td', { class: 'participants-attended' }, attendedText(i.attended)),
        ))),
    ),
  );
}

function attendanceSection(summary: AttendanceSummary): HTMLElement {
  const l = loopWords();
  return h('section', { 'aria-labelledby': 'attendance-title', id: 'attendance-section' },
    h('h2', { id: 'attendance-title' }, l.attendance),
    h('p', null, l.attendanceLine(summary.present, summary.invited)),
    h('table', { class: 'attendance-table' },
      h('caption', null, l.attendanceByMunicipality),
      h('tbody', null, summary.byMunicipality.map((r) =>
        h('tr', null, h('th', { scope: 'row' }, r.municipality ?? l.noMunicipality), h('td', null, l.attendanceLine(r.present, r.invited))))),
    ),
  );
}

/** The meeting page's part of the meeting loop: links to check-in and the list, attendance, the sent follow-up, the cancellation. */
export function meetingLoopSections(m: MeetingDetail): HTMLElement[] {
  const s = t();
  const l = loopWords();
  const id = encodeURIComponent(m.meetingId);
  const out: HTMLElement[] = [];
  if (m.status !== 'cancelled') {
    out.push(h('p', { class: 'actions', id: 'meeting-loop-links' },
      link(`/app/meetings/${id}/check-in`, l.checkIn), ' · ',
      link(`/app/meetings/${id}/participants`, l.participantList)));
  }
  if (m.attendanceSummary) out.push(attendanceSection(m.attendanceSummary));
  if (m.status === 'held' && m.followUp) {
    const f = m.followUp;
    out.push(h('section', { 'aria-labelledby': 'sent-follow-up-title', id: 'sent-follow-up' },
      h('h2', { id: 'sent-follow-up-title' }, l.sentFollowUp),
      m.heldAt ? h('p', { class: 'muted' }, formatWhen(m.heldAt)) : null,
      h('h3', null, l.summaryHeading), h('p', { class: 'pre' }, f.summary),
      f.decisions.length ? [h('h3', null, s.decisions), h('ul', null, f.decisions.map((d) => h('li', null, d)))] : null,
      f.nextSteps.length ? [h('h3', null, s.nextSteps), h('ul', null, f.nextSteps.map((d) => h('li', null, d)))] : null,
    ));
  }
  if (m.status === 'cancelled' && m.cancellation?.status === 'after') {
    const c = m.cancellation;
    out.push(h('section', { 'aria-labelledby': 'cancelled-title', id: 'cancelled-info' },
      h('h2', { id: 'cancelled-title' }, l.cancelled),
      c.reason ? h('p', null, h('strong', null, `${l.cancelReason}: `), c.reason) : null,
      h('p', null, l.told(c.told, c.total)),
    ));
  }
  return out;
}

/** The signed-in facilitator's daily digest of new answers and reflections: a checkbox saved at once. */
export function digestToggle(): HTMLElement {
  const l = loopWords();
  const box = h('input', { type: 'checkbox', id: 'digest-toggle', disabled: true });
  const status = h('span', { class: 'muted', role: 'status' }, '');
  void api<DigestPreference>('GET', '/api/me/digest').then((r) => {
    if (!r.ok) return;
    box.checked = r.data.enabled;
    box.disabled = false;
  });
  box.addEventListener('change', () => {
    const body: DigestPreference = { enabled: box.checked };
    void api<DigestPreference>('PUT', '/api/me/digest', body).then((r) => {
      status.textContent = r.ok ? l.saved : l.saveFailed;
      if (!r.ok) box.checked = !box.checked;
    });
  });
  return h('section', { 'aria-labelledby': 'digest-title', id: 'digest-section' },
    h('h2', { id: 'digest-title' }, l.digestTitle),
    h('p', null, box, ' ', h('label', { for: 'digest-toggle' }, l.digestLabel), ' ', status));
}
