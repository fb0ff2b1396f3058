// Cancelling a meeting: a reason is required, and a confirmation step says how many people will be
// told before anything is sent. Once cancelled, the meeting page says why and how many were told.
import { h } from './dom.js';
import { clearErrors, collapsible, field, inputValue, showErrors, submitChange } from './core.js';
import { t } from './i18n.js';
import type { CancelMeetingRequest, MeetingDetail } from '../../functions/contract/api-types.js';

/** Everyone invited is told, whatever they answered (the calendar entry must go). */
const toldOnCancel = (m: MeetingDetail) => m.counts.invited;

/** How many the cancellation went to: its fan-out's total once it started, else everyone invited. */
export const toldOfCancellation = (m: MeetingDetail) => (m.fanOut?.kind === 'cancellation' ? m.fanOut.total : m.counts.invited);

export function cancelForm(m: MeetingDetail, reload: () => void): HTMLElement {
  const s = t();
  const told = toldOnCancel(m);
  const ask = h('button', { type: 'submit', class: 'button button--danger', id: 'cancel-ask' }, s.cancelButton);
  const confirmBox = h('div', { class: 'confirm', id: 'cancel-confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': 'cancel-confirm-text', tabindex: '-1' });
  const form = h('form', { novalidate: true, class: 'stack' },
    field({ id: 'c-reason', label: `${s.reason} *`, hint: s.cancelReasonHint, type: 'textarea', rows: 3 }),
    h('div', { class: 'actions' }, ask),
    confirmBox,
  );
  const back = () => {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
    ask.hidden = false;
    ask.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const reason = inputValue(form, 'c-reason');
    if (!reason) return showErrors(form, [{ field: 'reason', message: s.cancelReasonRequired }], () => 'c-reason');
    clearErrors(form);
    // The confirmation step: nothing is sent until this button.
    const yes = h('button', { type: 'button', class: 'button button--danger', id: 'cancel-confirm-yes' }, s.cancelConfirmButton(told));
    yes.addEventListener('click', () => {
      void submitChange(form, yes, 'POST', `/api/meetings/${encodeURIComponent(m.meetingId)}/cancel`, { reason } satisfies CancelMeetingRequest, () => 'c-reason', reload);
    });
    confirmBox.replaceChildren(
      h('p', { id: 'cancel-confirm-text' }, s.cancelConfirm(told)),
      h('p', { class: 'muted' }, s.reason, ': ', reason),
      h('div', { class: 'actions' }, yes, h('button', { type: 'button', class: 'button button--secondary', onclick: back }, s.cancelConfirmBack)),
    );
    ask.hidden = true;
    confirmBox.hidden = false;
    confirmBox.focus();
  });
  return collapsible(s.cancelMeeting, 'cancel', form);
}

/** The cancelled meeting's reason and how many were told, for its details. */
export function cancellationDetails(m: MeetingDetail): HTMLElement[] {
  const s = t();
  if (m.status !== 'cancelled') return [];
  return [
    h('dt', null, s.cancelReasonShown), h('dd', { id: 'cancel-reason' }, m.cancelReason ?? '–'),
    h('dt', null, s.toldOfCancellation), h('dd', { id: 'cancel-told' }, s.peopleCount(toldOfCancellation(m))),
  ];
}
