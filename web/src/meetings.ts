// Overview, the schedule form and the meeting page.
import { clear, h } from './dom.js';
import {
  api, clearDraft, collapsible, field, formatWhen, inputValue, keepDraft, lines, link, navigate, pageTitle, render, renumberRow,
  ROLES, rowField, state, submitChange, submitForm, table, wallClock,
} from './core.js';
import { agendaEditor } from './agenda.js';
import { cancellationDetails, cancelForm } from './cancel.js';
import { t } from './i18n.js';
import { answerExtras, contentBody, contentFieldId, contentFields, remindersSection, textDetails } from './meeting-content.js';
import { digestToggle, meetingLoopSections } from './attendance.js';
import { emptyFilter, filterForm, matchesFilter, type ListFilter } from './list-filter.js';
import type {
  ExperimentList, FollowUpRequest, MeetingDetail, MeetingOverview, MeetingReflections, MeetingScheduledAnswer, MeetingState, OverviewMeeting, PeopleList, PersonView,
} from '../../functions/contract/api-types.js';

/** A meeting that has ended without a follow-up has still been held: "Afholdt", not "Planlagt". */
export function statusLabel(m: Pick<MeetingState, 'status'> & { ended: boolean }): string {
  const s = t();
  return m.status === 'scheduled' && m.ended ? s.meetingStatus.held! : s.meetingStatus[m.status] ?? m.status;
}

// ---- overview ----

export async function overview(main: HTMLElement): Promise<void> {
  const s = t();
  const isFacilitator = state.person?.role === 'facilitator';
  const meetingsSection = h('section', { 'aria-labelledby': 'upcoming-title' }, h('p', { role: 'status' }, s.loading));
  const experimentsBox = h('div', null, h('p', null, s.loading));
  const experimentsSection = h('section', { 'aria-labelledby': 'exp-title' }, h('h2', { id: 'exp-title' }, s.experimentsByState), experimentsBox);
  render(main, pageTitle(s.overviewTitle), isFacilitator ? meetingsSection : null, experimentsSection, isFacilitator && state.csrf ? digestToggle() : null);

  if (isFacilitator) {
    const res = await api<MeetingOverview>('GET', '/api/meetings/overview');
    const { upcoming, past } = res.ok ? res.data : { upcoming: [], past: [] };
    const rows = (ms: OverviewMeeting[]) =>
      ms.map(({ counts: c, ...m }) => [
        link(`/app/meetings/${encodeURIComponent(m.meetingId)}`, m.title),
        formatWhen(m.startsAt, m.endsAt),
        m.hostMunicipality,
        statusLabel(m),
        // The overview counts the soonest meetings only (each count reads a whole meeting).
        ...(c ? [c.invited, c.accepted, c.maybe, c.declined, c.noAnswer, c.unreached].map(String) : [h('span', { title: s.countsOnMeetingPage }, '–'), '–', '–', '–', '–', '–']),
      ]);
    const headers = [s.meeting, s.when, s.host, s.status, s.invited, s.accepted, s.maybe, s.declined, s.noAnswer, s.bounced];
    clear(meetingsSection);
    meetingsSection.append(
      h('div', { class: 'section-head' }, h('h2', { id: 'upcoming-title' }, s.upcoming), link('/app/meetings/new', s.scheduleNew)),
      upcoming.length ? table(s.upcoming, headers, rows(upcoming), { captionHidden: true }) : h('p', null, past.length ? s.noUpcoming : s.noMeetings),
      h('h2', null, s.past),
      past.length ? table(s.past, headers, rows(past), { captionHidden: true }) : h('p', null, s.noMeetings),
    );
  }

  const ex = await api<ExperimentList>('GET', '/api/experiments');
  const experiments = ex.ok ? ex.data.experiments : [];
  const byState = ['planned', 'running', 'completed', 'abandoned'].map((st) => ({ st, n: experiments.filter((e) => e.status === st).length }));
  clear(experimentsBox);
  experimentsBox.append(
    experiments.length === 0
      ? h('p', null, s.noExperiments)
      : h('ul', { class: 'stat-list' }, byState.map(({ st, n }) => h('li', null, h('span', { class: 'stat' }, String(n)), ' ', s.experimentStatus[st] ?? st))),
    link('/app/experiments', s.seeAll),
  );
}

// ---- schedule a meeting ----

function matches(filter: string[], value: string | undefined) {
  return filter.length === 0 || (value !== undefined && filter.includes(value));
}

/** Who the audience reaches: the same rule as functions/domain/audience.ts (one per email). */
function countInvitees(people: PersonView[], municipalities: string[], roles: string[], inspirerEmails: string[]): number {
  const emails = new Set<string>();
  for (const p of people) {
    if (matches(municipalities, p.municipality) && matches(roles, p.role)) emails.add(p.email.toLowerCase());
  }
  for (const e of inspirerEmails) if (e.trim()) emails.add(e.trim().toLowerCase());
  return emails.size;
}

export async function scheduleMeeting(main: HTMLElement): Promise<void> {
  const s = t();
  const network = state.network!;
  const peopleRes = await api<PeopleList>('GET', '/api/people');
  const people = peopleRes.ok ? peopleRes.data.people : [];

  const agendaList = h('ol', { class: 'rows', id: 'agenda-list' });
  const inspirerList = h('div', { class: 'rows', id: 'inspirer-list' });
  const countOut = h('p', { class: 'live-count', id: 'live-count', 'aria-live': 'polite' });

  const renumber = () => {
    [...agendaList.children].forEach((li, i) => {
      const input = li.querySelector('input')!;
      const label = li.querySelector('label')!;
      const button = li.querySelector('button')!;
      input.id = `m-agenda-${i}`;
      label.htmlFor = input.id;
      label.textContent = s.agendaItem(i + 1);
      button.setAttribute('aria-label', s.removeAgendaItem(i + 1));
      const err = li.querySelector('.error-message')!;
      err.id = `${input.id}-error`;
    });
    [...inspirerList.children].forEach((row, i) => {
      (row.querySelector('legend') as HTMLElement).textContent = s.inspirer(i + 1);
      row.querySelector('.remove')!.setAttribute('aria-label', s.removeInspirer(i + 1));
      renumberRow(row, 'm-insp', i, ['name', 'email', 'topic', 'language']);
    });
  };

  const addAgenda = (value = '', focus = false) => {
    const li = h('li', { class: 'row field' },
      h('label', null, ''),
      h('p', { class: 'error-message', hidden: true }),
      h('div', { class: 'row-inline' },
        h('input', { type: 'text', value, 'data-part': 'agenda' }),
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => { li.remove(); renumber(); } }, s.remove),
      ),
    );
    agendaList.append(li);
    renumber();
    if (focus) li.querySelector('input')!.focus();
  };

  const addInspirer = (focus = false) => {
    const row = h('fieldset', { class: 'row inspirer' },
      h('legend', null, ''),
      h('div', { class: 'grid' },
        rowField(s.name, h('input', { type: 'text', 'data-part': 'name', autocomplete: 'off' })),
        rowField(s.email, h('input', { type: 'email', 'data-part': 'email', autocomplete: 'off', oninput: update })),
        rowField(s.topic, h('input', { type: 'text', 'data-part': 'topic' })),
        rowField(s.language, h('select', { 'data-part': 'language' }, ['da', 'en'].map((l) => h('option', { value: l }, s.languages[l] ?? l)))),
      ),
      h('button', { type: 'button', class: 'button button--secondary remove', onclick: () => { row.remove(); renumber(); update(); } }, s.remove),
    );
    inspirerList.append(row);
    renumber();
    if (focus) (row.querySelector('[data-part="name"]') as HTMLElement).focus();
  };

  const checkboxes = (name: string, values: { value: string; label: string }[]) =>
    h('div', { class: 'checkboxes' }, values.map((v, i) =>
      h('div', { class: 'checkbox' },
        h('input', { type: 'checkbox', id: `m-${name}-${i}`, name, value: v.value, onchange: update }),
        h('label', { for: `m-${name}-${i}` }, v.label),
      )));

  function selected(name: string): string[] {
    return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((c) => c.value);
  }
  function inspirerEmails(): string[] {
    return [...inspirerList.querySelectorAll<HTMLInputElement>('[data-part="email"]')].map((i) => i.value);
  }
  function update(): void {
    countOut.textContent = s.liveCount(countInvitees(people, selected('aud-mun'), selected('aud-role'), inspirerEmails()));
  }

  const submit = h('button', { type: 'submit', class: 'button' }, s.submitSchedule);
  const form = h('form', { novalidate: true, class: 'stack' },
    field({ id: 'm-title', label: s.title, autocomplete: 'off' }),
    h('fieldset', null, h('legend', null, s.agenda), agendaList,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => addAgenda('', true) }, s.addAgendaItem)),
    h('fieldset', null, h('legend', null, `${s.when}`),
      h('p', { class: 'hint' }, s.timeHint(network.timeZone)),
      h('div', { class: 'grid' },
        field({ id: 'm-date', label: s.date, type: 'date' }),
        field({ id: 'm-start', label: s.startTime, type: 'time' }),
        field({ id: 'm-end', label: s.endTime, type: 'time' }),
      )),
    field({ id: 'm-place', label: s.place, hint: s.placeHint, autocomplete: 'street-address' }),
    field({ id: 'm-online', label: s.onlineUrl, hint: s.onlineHint, type: 'url', inputmode: 'url' }),
    field({ id: 'm-host', label: s.hostMunicipality, options: [{ value: '', label: s.choose }, ...network.municipalities.map((m) => ({ value: m, label: m }))] }),
    h('fieldset', null, h('legend', null, s.audience),
      h('p', { class: 'hint', id: 'aud-hint' }, s.audienceHint),
      h('fieldset', { class: 'nested', id: 'm-aud-mun' }, h('legend', null, s.audienceMunicipalities),
        checkboxes('aud-mun', network.municipalities.map((m) => ({ value: m, label: m })))),
      h('fieldset', { class: 'nested', id: 'm-aud-role' }, h('legend', null, s.audienceRoles),
        checkboxes('aud-role', ROLES.filter((r) => r !== 'inspirer').map((r) => ({ value: r, label: s.roles[r] ?? r })))),
      countOut),
    h('fieldset', null, h('legend', null, s.inspirers), h('p', { class: 'hint' }, s.inspirersHint), inspirerList,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => addInspirer(true) }, s.addInspirer)),
    contentFields('m'),
    h('div', { class: 'actions' }, submit),
  );

  const body = () => {
    const date = inputValue(form, 'm-date');
    const start = inputValue(form, 'm-start');
    const end = inputValue(form, 'm-end');
    const place = inputValue(form, 'm-place');
    const online = inputValue(form, 'm-online');
    return {
      title: inputValue(form, 'm-title'),
      agenda: [...agendaList.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value.trim()).filter((v, i, all) => v !== '' || i < all.length - 1),
      ...(date && start ? { startsAt: `${date}T${start}` } : {}),
      ...(date && end ? { endsAt: `${date}T${end}` } : {}),
      ...(place ? { place } : {}),
      ...(online ? { onlineUrl: online } : {}),
      hostMunicipality: inputValue(form, 'm-host'),
      audience: { municipalities: selected('aud-mun'), roles: selected('aud-role') },
      inspirers: [...inspirerList.children].map((row) => ({
        name: (row.querySelector('[data-part="name"]') as HTMLInputElement).value.trim(),
        email: (row.querySelector('[data-part="email"]') as HTMLInputElement).value.trim(),
        topic: (row.querySelector('[data-part="topic"]') as HTMLInputElement).value.trim(),
        language: (row.querySelector('[data-part="language"]') as HTMLSelectElement).value,
      })),
      ...contentBody(form, 'm'),
    };
  };

  const toId = (f: string): string | undefined => {
    const parts = f.split('.');
    switch (parts[0]) {
      case 'title': return 'm-title';
      case 'agenda': return parts[1] !== undefined ? `m-agenda-${parts[1]}` : undefined;
      case 'startsAt': return inputValue(form, 'm-date') === '' ? 'm-date' : 'm-start';
      case 'endsAt': return 'm-end';
      case 'place': return 'm-place';
      case 'onlineUrl': return 'm-online';
      case 'hostMunicipality': return 'm-host';
      case 'audience': return parts[1] === 'roles' ? 'm-aud-role-0' : 'm-aud-mun-0';
      case 'inspirers': return parts[1] !== undefined ? `m-insp-${parts[1]}-${parts[2] ?? 'name'}` : undefined;
      default: return contentFieldId('m', f);
    }
  };
  // Checkbox groups show their error on the group.
  const wrapGroups = () => {
    for (const id of ['m-aud-mun', 'm-aud-role']) form.querySelector(`#${id}`)?.classList.add('field');
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    wrapGroups();
    void submitForm<MeetingScheduledAnswer>(form, submit, 'POST', '/api/meetings', body(), toId, (scheduled) => {
      clearDraft('schedule');
      navigate(`/app/meetings/${encodeURIComponent(scheduled.meetingId)}?new=1`);
    });
  });

  addAgenda();
  // A draft brings back its repeated rows first, then every value.
  keepDraft(form, 'schedule', (values) => {
    const keys = Object.keys(values);
    const agendaRows = keys.filter((k) => /^m-agenda-\d+$/.test(k)).length;
    const inspirerRows = keys.filter((k) => /^m-insp-\d+-name$/.test(k)).length;
    for (let i = 1; i < agendaRows; i++) addAgenda();
    for (let i = 0; i < inspirerRows; i++) addInspirer();
  });
  render(main, pageTitle(s.scheduleTitle), h('p', null, s.scheduleIntro), form);
  update();
}

// ---- the meeting page ----

let pollTimer: number | undefined;
/** How long the meeting page polls without seeing anything move. */
const STALL_MS = 60_000;
export const stopPolling = () => {
  if (pollTimer !== undefined) clearTimeout(pollTimer);
  pollTimer = undefined;
};

export async function meetingPage(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const s = t();
  const id = params.id!;
  const heading = pageTitle(s.meeting);
  const progressBox = h('div', { class: 'progress', role: 'status', 'aria-live': 'polite', id: 'progress' }, s.progressWaiting);
  const content = h('div', { class: 'stack' });
  render(main, heading, progressBox, content);
  let lastKey = '';
  let attempts = 0;
  // Polling stops when nothing has moved for STALL_MS (a fan-out that stopped is finished by the
  // server's check minutes later; a page polling every second forever helps nobody).
  let lastProgress = '';
  let movedAt = Date.now();
  // How many invitees the page shows; "show more" adds a page. Pages come by name with a cursor.
  let shown = INVITEE_PAGE;
  // The invitees' search outlives the page's rebuilds while it polls.
  const filter = emptyFilter();

  const load = async (): Promise<void> => {
    if (!document.body.contains(progressBox)) return;
    const res = await meetingWithInvitees(id, shown);
    if (res.status === 404) {
      progressBox.textContent = s.meetingNotFound;
      if (++attempts < 120) pollTimer = window.setTimeout(load, 1000);
      return;
    }
    if (!res.ok) {
      progressBox.textContent = res.data?.message ?? s.genericError;
      return;
    }
    const m = res.data;
    const c = m.counts;
    const fannedOut = (m.fanOutVersion ?? 0) >= m.version;
    const done = fannedOut && c.settled === c.invited;
    heading.textContent = m.title;
    document.title = `${m.title} · ${s.appName}`;
    const progressText = done ? s.progressDone(c.invited) : m.invitations.length === 0 ? s.progressWaiting : s.progress(c.sent, c.invited);
    clear(progressBox);
    progressBox.append(
      h('p', { class: 'progress-text' }, progressText),
      h('progress', { max: String(Math.max(1, c.invited)), value: String(done ? c.invited : c.sent), 'aria-hidden': 'true' }),
    );
    const key = JSON.stringify(m);
    if (key !== lastKey) {
      lastKey = key;
      const focused = document.activeElement?.id;
      // An open panel is being used (its button loses focus while busy): rebuild only the invitees.
      const keepForms = content.querySelector('details[open]') !== null || (content.querySelector('form') !== null && content.contains(document.activeElement));
      if (!keepForms) {
        clear(content);
        content.append(...meetingBody(m, () => void load(), showMore, filter));
      } else {
        content.querySelector('#invitees-section')?.replaceWith(inviteesSection(m, showMore, filter));
      }
      if (focused) document.getElementById(focused)?.focus();
    }
    // A change the server accepted but has not applied yet keeps the page polling until it shows.
    const pending = m.pendingStatus !== undefined || (m.pendingVersion ?? 0) > m.version;
    if ((done && !pending) || m.status === 'cancelled') return;
    const progressKey = JSON.stringify([c, m.version, m.status, m.fanOutVersion, m.fanOut, m.pendingVersion, m.pendingStatus]);
    if (progressKey !== lastProgress) {
      lastProgress = progressKey;
      movedAt = Date.now();
    }
    if (Date.now() - movedAt < STALL_MS) {
      pollTimer = window.setTimeout(load, 1000);
      return;
    }
    const again = h('button', { type: 'button', class: 'button button--secondary', id: 'check-again' }, s.checkAgain);
    again.addEventListener('click', () => {
      movedAt = Date.now();
      void load();
    });
    progressBox.append(h('p', { class: 'progress-stalled' }, s.progressStalled), again);
  };
  const showMore = () => {
    shown += INVITEE_PAGE;
    stopPolling();
    void load().then(() => document.getElementById('show-more-invitees')?.focus());
  };
  await load();
}

/** Invitees the meeting page asks for at a time. */
const INVITEE_PAGE = 200;

/** The meeting with its first `wanted` invitees (by name): the first page, then the next ones by cursor. */
async function meetingWithInvitees(id: string, wanted: number) {
  const path = `/api/meetings/${encodeURIComponent(id)}`;
  const res = await api<MeetingDetail>('GET', `${path}?limit=${Math.min(wanted, INVITEE_PAGE)}`);
  if (!res.ok) return res;
  const m = res.data;
  while (m.nextCursor !== null && m.invitations.length < wanted) {
    const next = await api<MeetingDetail>('GET', `${path}?limit=${INVITEE_PAGE}&cursor=${encodeURIComponent(m.nextCursor)}`);
    if (!next.ok) return next;
    m.invitations.push(...next.data.invitations);
    m.nextCursor = next.data.nextCursor;
  }
  return res;
}

function inviteesSection(m: MeetingDetail, showMore: () => void, filter: ListFilter): HTMLElement {
  const s = t();
  const c = m.counts;
  const tableBox = h('div');
  const shownCount = h('p', { role: 'status', class: 'muted', id: 'invitees-shown' });
  const showTable = () => {
    const shown = m.invitations.filter((i) => matchesFilter(i, filter));
    shownCount.textContent = s.showingOf(shown.length, m.invitations.length);
    tableBox.replaceChildren(shown.length === 0 ? h('p', null, s.noMatches) : inviteesTable(shown));
  };
  showTable();
  return h('section', { id: 'invitees-section', 'aria-labelledby': 'invitees-title' },
    h('h2', { id: 'invitees-title' }, s.invitees),
    h('ul', { class: 'stat-list' },
      [[c.invited, s.invited], [c.accepted, s.accepted], [c.declined, s.declined], [c.maybe, s.maybe], [c.noAnswer, s.noAnswer], [c.unreached, s.bounced]].map(([n, label]) =>
        h('li', null, h('span', { class: 'stat' }, String(n)), ' ', String(label)))),
    filterForm('if', filter, showTable, true),
    shownCount,
    tableBox,
    m.nextCursor !== null
      ? h('p', null, s.showingInvitees(m.invitations.length, c.invited), ' ',
        h('button', { type: 'button', id: 'show-more-invitees', class: 'button button--secondary', onclick: showMore }, s.showMoreInvitees))
      : null,
  );
}

function inviteesTable(invitations: MeetingDetail['invitations']): HTMLElement {
  const s = t();
  return table(s.invitees, [s.person, s.municipality, s.role, s.answer, s.delivery],
      invitations
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name, 'da'))
        .map((i) => [
          h('span', null, i.name, h('br'), h('span', { class: 'muted' }, i.email)),
          i.municipality ?? '–',
          s.roles[i.role] ?? i.role,
          h('span', null, h('span', { class: `badge badge--${i.answer ?? 'none'}`, 'data-answer': i.answer ?? 'none' }, i.answer ? s.answers[i.answer] ?? i.answer : s.noAnswer), answerExtras(i)),
          h('span', { class: `badge badge--${i.deliveryStatus}`, title: i.deliveryDetail ?? undefined }, s.deliveries[i.deliveryStatus] ?? i.deliveryStatus),
        ]), { captionHidden: true });
}

function meetingBody(m: MeetingDetail, reload: () => void, showMore: () => void, filter: ListFilter): HTMLElement[] {
  const s = t();
  const status = m.status;
  const details = h('section', { 'aria-labelledby': 'details-title' },
    h('h2', { id: 'details-title' }, s.details),
    h('dl', { class: 'details' },
      h('dt', null, s.status), h('dd', { id: 'meeting-status' }, statusLabel(m)),
      cancellationDetails(m),
      h('dt', null, s.when), h('dd', null, formatWhen(m.startsAt, m.endsAt)),
      m.place ? [h('dt', null, s.place), h('dd', null, m.place)] : null,
      m.onlineUrl ? [h('dt', null, s.onlineUrl), h('dd', null, h('a', { href: m.onlineUrl, rel: 'noopener noreferrer' }, m.onlineUrl))] : null,
      h('dt', null, s.host), h('dd', null, m.hostMunicipality),
      m.agenda.length ? [h('dt', null, s.agenda), h('dd', null, h('ol', null, m.agenda.map((a) => h('li', null, a))))] : null,
      textDetails(m),
    ),
  );
  const sections: HTMLElement[] = [details, ...meetingLoopSections(m), inviteesSection(m, showMore, filter), remindersSection(m, reload)];
  // A meeting that has ended cannot be moved or cancelled; one being closed offers nothing more.
  const open = status === 'scheduled' && m.pendingStatus === undefined;
  if (open && !m.ended) sections.push(agendaEditor(m, reload), rescheduleForm(m, reload), cancelForm(m, reload));
  // The server says when it has ended: it refuses a follow-up before then, whatever this browser's clock says.
  if (open && m.ended) sections.push(followUpForm(m, reload));
  sections.push(reflectionsSection(m));
  return sections;
}

function rescheduleForm(m: MeetingDetail, reload: () => void): HTMLElement {
  const s = t();
  const start = wallClock(m.startsAt);
  const end = wallClock(m.endsAt);
  const button = h('button', { type: 'submit', class: 'button' }, s.saveChanges);
  const form = h('form', { novalidate: true, class: 'stack' },
    h('p', { class: 'hint' }, s.rescheduleHint),
    h('div', { class: 'grid' },
      field({ id: 'r-date', label: s.date, type: 'date', value: start.date }),
      field({ id: 'r-start', label: s.startTime, type: 'time', value: start.time }),
      field({ id: 'r-end', label: s.endTime, type: 'time', value: end.time }),
    ),
    field({ id: 'r-place', label: s.place, value: m.place ?? '' }),
    field({ id: 'r-online', label: s.onlineUrl, type: 'url', value: m.onlineUrl ?? '' }),
    contentFields('r', m),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const date = inputValue(form, 'r-date');
    const body: Record<string, unknown> = {};
    const startsAt = `${date}T${inputValue(form, 'r-start')}`;
    const endsAt = `${date}T${inputValue(form, 'r-end')}`;
    if (startsAt !== `${start.date}T${start.time}` || endsAt !== `${end.date}T${end.time}`) Object.assign(body, { startsAt, endsAt });
    const place = inputValue(form, 'r-place');
    const online = inputValue(form, 'r-online');
    if (place !== (m.place ?? '')) body.place = place || null;
    if (online !== (m.onlineUrl ?? '')) body.onlineUrl = online || null;
    Object.assign(body, contentBody(form, 'r', m));
    const toId = (f: string) => ({ startsAt: 'r-start', endsAt: 'r-end', place: 'r-place', onlineUrl: 'r-online', body: 'r-date' } as Record<string, string>)[f.split('.')[0]!] ?? contentFieldId('r', f);
    void submitChange(form, button, 'PATCH', `/api/meetings/${encodeURIComponent(m.meetingId)}`, body, toId, reload);
  });
  return collapsible(s.reschedule, 'reschedule', form);
}

function followUpForm(m: MeetingDetail, reload: () => void): HTMLElement {
  const s = t();
  const button = h('button', { type: 'submit', class: 'button' }, s.sendFollowUp);
  const form = h('form', { novalidate: true, class: 'stack' },
    field({ id: 'f-summary', label: s.summary, type: 'textarea', rows: 5 }),
    field({ id: 'f-decisions', label: s.decisions, hint: s.oneLine, type: 'textarea', rows: 3 }),
    field({ id: 'f-next', label: s.nextSteps, hint: s.oneLine, type: 'textarea', rows: 3 }),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: FollowUpRequest = { summary: inputValue(form, 'f-summary'), decisions: lines(inputValue(form, 'f-decisions')), nextSteps: lines(inputValue(form, 'f-next')) };
    const toId = (f: string) => ({ summary: 'f-summary', decisions: 'f-decisions', nextSteps: 'f-next' } as Record<string, string>)[f.split('.')[0]!];
    void submitChange(form, button, 'POST', `/api/meetings/${encodeURIComponent(m.meetingId)}/follow-up`, body, toId, reload, () => clearDraft(draftName));
  });
  const draftName = `follow-up:${m.meetingId}`;
  const panel = collapsible(s.followUp, 'follow-up', form);
  if (keepDraft(form, draftName)) panel.open = true;
  return panel;
}

function reflectionsSection(m: MeetingDetail): HTMLElement {
  const s = t();
  const list = h('div', null, h('p', null, s.loading));
  void api<MeetingReflections>('GET', `/api/meetings/${encodeURIComponent(m.meetingId)}/reflections`).then((res) => {
    clear(list);
    const items = res.ok ? res.data.reflections : [];
    list.append(items.length === 0 ? h('p', null, s.noReflections)
      : h('ul', { class: 'cards' }, items.map((r) => h('li', { class: 'card' }, h('p', { class: 'muted' }, `${r.name} · ${formatWhen(r.submittedAt)}`), h('p', { class: 'pre' }, r.text)))));
  });
  return h('section', { 'aria-labelledby': 'reflections-title' }, h('h2', { id: 'reflections-title' }, s.reflections), list);
}

