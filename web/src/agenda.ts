// The agenda editor of a meeting page: edit, reorder, add and remove items, take experiments
// proposed for this meeting into the agenda in one click, and save with or without mailing the
// invitees (PATCH /api/meetings/{id} with `notify`).
import { clear, h } from './dom.js';
import { announce, api, clearDraft, collapsible, keepDraft, submitChange } from './core.js';
import { t } from './i18n.js';
import type { AgendaProposal, MeetingAgendaProposals, MeetingDetail } from '../../functions/contract/api-types.js';

/** How a proposed experiment reads as an agenda item. */
export const proposalItem = (p: Pick<AgendaProposal, 'title' | 'municipality'>) => `${p.title} (${p.municipality})`;

export function agendaEditor(m: MeetingDetail, reload: () => void): HTMLElement {
  const s = t();
  const draftName = `agenda:${m.meetingId}`;
  const list = h('ol', { class: 'rows', id: 'agenda-edit-list' });
  const proposalsBox = h('div', { id: 'agenda-proposals' }, h('p', null, s.loading));
  let proposals: AgendaProposal[] = [];

  const items = () => [...list.querySelectorAll<HTMLInputElement>('input[data-part="item"]')];

  const renumber = () => {
    const rows = [...list.children];
    rows.forEach((li, i) => {
      const input = li.querySelector('input')!;
      input.id = `a-item-${i}`;
      const label = li.querySelector('label')!;
      label.htmlFor = input.id;
      label.textContent = s.agendaItem(i + 1);
      li.querySelector('.error-message')!.id = `${input.id}-error`;
      const [up, down, remove] = [...li.querySelectorAll('button')];
      up!.setAttribute('aria-label', s.moveItemUp(i + 1));
      down!.setAttribute('aria-label', s.moveItemDown(i + 1));
      remove!.setAttribute('aria-label', s.removeAgendaItem(i + 1));
      (up as HTMLButtonElement).disabled = i === 0;
      (down as HTMLButtonElement).disabled = i === rows.length - 1;
    });
    showProposals();
  };

  const move = (li: HTMLElement, by: -1 | 1, button: 'up' | 'down') => {
    const sibling = by < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    if (by < 0) sibling.before(li);
    else sibling.after(li);
    renumber();
    // Focus stays with the moved item's button (or its other one at the ends).
    const [up, down] = [...li.querySelectorAll('button')] as HTMLButtonElement[];
    const target = button === 'up' ? (up!.disabled ? down : up) : down!.disabled ? up : down;
    target!.focus();
  };

  const addItem = (value = '', focus = false) => {
    const li: HTMLLIElement = h('li', { class: 'row field' },
      h('label', null, ''),
      h('p', { class: 'error-message', hidden: true }),
      h('div', { class: 'row-inline' },
        h('input', { type: 'text', value, 'data-part': 'item', oninput: () => showProposals() }),
        h('button', { type: 'button', class: 'button button--secondary small', onclick: () => move(li, -1, 'up') }, '↑'),
        h('button', { type: 'button', class: 'button button--secondary small', onclick: () => move(li, 1, 'down') }, '↓'),
        h('button', { type: 'button', class: 'button button--secondary small', onclick: () => { li.remove(); renumber(); } }, s.remove),
      ),
    );
    list.append(li);
    renumber();
    if (focus) li.querySelector('input')!.focus();
  };

  function showProposals(): void {
    if (proposals.length === 0) return;
    const present = new Set(items().map((i) => i.value.trim()));
    clear(proposalsBox);
    proposalsBox.append(h('ul', { class: 'cards' }, proposals.map((p) => {
      const text = proposalItem(p);
      const taken = present.has(text);
      return h('li', { class: 'card', 'data-experiment': p.experimentId },
        h('p', null, h('strong', null, p.title), ` · ${p.municipality}`),
        p.learnings.length ? h('p', { class: 'muted' }, p.learnings.join(' · ')) : null,
        taken
          ? h('p', { class: 'badge badge--accept' }, s.onAgenda)
          : h('button', {
            type: 'button', class: 'button button--secondary', 'aria-label': s.takeIntoAgendaNamed(p.title),
            onclick: () => {
              addItem(text);
              announce(s.takenIntoAgenda(p.title));
              // The button is gone now: focus goes to the new item.
              items().at(-1)?.focus();
            },
          }, s.takeIntoAgenda),
      );
    })));
  }

  const quiet = h('button', { type: 'submit', class: 'button', value: 'quiet', id: 'agenda-save-quiet' }, s.saveAgendaQuietly);
  const tell = h('button', { type: 'submit', class: 'button button--secondary', value: 'tell', id: 'agenda-save-tell' }, s.saveAgendaAndTell);
  const form = h('form', { novalidate: true, class: 'stack', id: 'agenda-form' },
    h('fieldset', null, h('legend', null, s.agenda), list,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => addItem('', true) }, s.addAgendaItem)),
    h('section', { 'aria-labelledby': 'proposals-title' }, h('h3', { id: 'proposals-title' }, s.agendaProposals), proposalsBox),
    h('p', { class: 'hint' }, s.agendaSaveHint(m.counts.invited)),
    h('div', { class: 'actions' }, quiet, tell),
  );

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const notify = (e as SubmitEvent).submitter === tell;
    const agenda = items().map((i) => i.value.trim()).filter(Boolean);
    const toId = (f: string) => {
      const [field, n] = f.split('.');
      return field === 'agenda' && n !== undefined ? `a-item-${n}` : field === 'agenda' ? 'a-item-0' : undefined;
    };
    void submitChange(form, notify ? tell : quiet, 'PATCH', `/api/meetings/${encodeURIComponent(m.meetingId)}`, { agenda, notify }, toId, reload, () => clearDraft(draftName));
  });

  for (const item of m.agenda) addItem(item);
  const restored = keepDraft(form, draftName, (values) => {
    const rows = Object.keys(values).filter((k) => /^a-item-\d+$/.test(k)).length;
    clear(list);
    for (let i = 0; i < rows; i++) addItem();
  });
  void api<MeetingAgendaProposals>('GET', `/api/meetings/${encodeURIComponent(m.meetingId)}/agenda-proposals`).then((res) => {
    proposals = res.ok ? res.data.experiments : [];
    clear(proposalsBox);
    if (proposals.length === 0) proposalsBox.append(h('p', null, s.noAgendaProposals));
    else showProposals();
  }, () => undefined);
  const panel = collapsible(s.editAgenda, 'agenda-editor', form);
  // A restored draft is unsaved work: show it open.
  if (restored) panel.open = true;
  return panel;
}
