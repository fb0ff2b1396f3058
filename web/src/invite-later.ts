// The offer shown after a person is added: the upcoming meetings whose audience matches them (they
// were scheduled before the person existed), each to tick, and one button that invites them.
import { h } from './dom.js';
import { announce, api, busy, formatWhen, notice, showProblem } from './core.js';
import { fieldMessage, t } from './i18n.js';
import type { InviteLaterAnswer, InviteLaterRequest, MeetingsToOffer } from '../../functions/contract/api-types.js';

/** The offer for `personId` in `box` (left empty when no meeting matches). */
export async function offerMeetings(box: HTMLElement, personId: string, name: string): Promise<void> {
  const s = t();
  const res = await api<MeetingsToOffer>('GET', `/api/people/${encodeURIComponent(personId)}/meetings-to-offer`);
  box.replaceChildren();
  if (!res.ok || res.data.meetings.length === 0) return;
  const meetings = res.data.meetings;
  const button = h('button', { type: 'submit', class: 'button', id: 'invite-later' }, s.inviteLater(name));
  const form = h('form', { class: 'stack panel-body', novalidate: true, 'aria-labelledby': 'offer-title' },
    h('h2', { id: 'offer-title' }, s.offerTitle(name)),
    h('p', null, s.offerIntro(name, meetings.length)),
    h('div', { class: 'checkboxes' }, meetings.map((m, i) =>
      h('div', { class: 'checkbox' },
        h('input', { type: 'checkbox', id: `offer-${i}`, name: 'offer', value: m.meetingId, checked: true }),
        h('label', { for: `offer-${i}` }, `${m.title} · ${formatWhen(m.startsAt, m.endsAt)} · ${m.hostMunicipality}`)))),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const meetingIds = [...form.querySelectorAll<HTMLInputElement>('input[name="offer"]:checked')].map((c) => c.value);
    if (meetingIds.length === 0) return showProblem(form, s.offerNoneChosen);
    busy(button, true, s.saving);
    try {
      const sent = await api<InviteLaterAnswer>('POST', `/api/people/${encodeURIComponent(personId)}/invitations`, { meetingIds } satisfies InviteLaterRequest);
      if (!sent.ok) return showProblem(form, sent.data?.message ? fieldMessage(sent.data.message) : s.genericError);
      const message = s.invitedLater(name, sent.data.invited.length);
      box.replaceChildren(notice(message), ...sent.data.refused.map((r) => notice(`${meetings.find((m) => m.meetingId === r.meetingId)?.title ?? r.meetingId}: ${fieldMessage(r.message)}`, 'info')));
      announce(message);
    } finally {
      busy(button, false);
    }
  });
  box.append(form);
}
