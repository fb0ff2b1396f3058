// Shared pieces of the app: the session, the API client (CSRF header, 401 -> sign-in), the router,
// and accessible form building blocks (labels, hints, inline errors, the error summary).
import { append, clear, h, type Child } from './dom.js';
import { fieldLabel, fieldMessage, t } from './i18n.js';
import type { ApiError, FieldError, SessionAnswer, SessionNetwork, SessionPerson } from '../../functions/contract/api-types.js';
import { safeReturnPath } from '../../functions/contract/return-path.js';

export const state: { person: SessionPerson | null; csrf: string | null; network: SessionNetwork | null } = {
  person: null,
  csrf: null,
  network: null,
};

/** Every role, in the order the forms offer them. */
export const ROLES = ['facilitator', 'coordinator', 'employee', 'politician', 'volunteer-consultant', 'citizen', 'inspirer'];

/**
 * An answer of the API: a 2xx carries the route's body (functions/contract/api-types.ts), anything
 * else the error's (null when it had none).
 */
export type ApiResult<T, E = ApiError> = { ok: true; status: number; data: T } | { ok: false; status: number; data: Partial<E> | null };

export class Unauthenticated extends Error {}

export async function api<T, E = ApiError>(method: string, path: string, body?: unknown): Promise<ApiResult<T, E>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A file goes as its bytes: the HTTP API passes binary types through as they are (text/* is decoded as UTF-8).
  const file = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = file ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  const payload = body === undefined ? undefined : file ? body : JSON.stringify(body);
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (res.status === 401 && !path.startsWith('/auth/')) {
    state.person = null;
    state.csrf = null;
    // The session ended: sign-in comes back here, where the form's draft is waiting.
    navigate(signInPath(), true);
    throw new Unauthenticated();
  }
  // The body is the route's (typed by the caller from the contract); it is not checked here.
  return res.ok ? { ok: true, status: res.status, data: data as T } : { ok: false, status: res.status, data: data as Partial<E> | null };
}

export async function loadSession(): Promise<boolean> {
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status !== 200) return false;
  const data = (await res.json()) as SessionAnswer;
  state.person = data.person;
  state.csrf = data.via === 'session' ? data.csrfToken : null;
  state.network = data.network;
  return data.person !== null;
}

/** The sign-in page, asked to return to the current page afterwards (when it is a page of the app). */
export function signInPath(): string {
  const back = safeReturnPath(`${location.pathname}${location.search}`);
  return back && back !== '/app' ? `/app/sign-in?return=${encodeURIComponent(back)}` : '/app/sign-in';
}

// ---- router ----

type Render = (main: HTMLElement, params: Record<string, string>) => void | Promise<void>;
const routes: { pattern: RegExp; keys: string[]; render: Render; open?: boolean }[] = [];

export function route(path: string, render: Render, open = false): void {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}/?$`,
  );
  routes.push({ pattern, keys, render, open });
}

let onNavigate: () => void = () => undefined;
export const setNavigateHook = (f: () => void) => (onNavigate = f);

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  onNavigate();
}

export function match(pathname: string): { render: Render; params: Record<string, string>; open: boolean } | undefined {
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (m) {
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
      return { render: r.render, params, open: r.open ?? false };
    }
  }
  return undefined;
}

/** A link the router handles (keeps the page, moves focus to the new heading). */
export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', {
    href,
    onclick: (e: MouseEvent) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(href);
    },
  }, ...children);
}

/** The page heading; focused after navigation so screen readers announce the new page. */
export function pageTitle(text: string): HTMLHeadingElement {
  document.title = `${text} · ${t().appName}`;
  return h('h1', { tabindex: '-1', id: 'page-title' }, text);
}

// ---- announcements ----

export function announce(message: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => (live.textContent = message), 50);
}

// ---- forms ----

export interface FieldOptions {
  id: string;
  label: string;
  hint?: string;
  type?: string;
  value?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  rows?: number;
  options?: { value: string; label: string }[];
  attrs?: Record<string, unknown>;
}

/** A labelled input/select/textarea with its hint and a place for its error message. */
export function field(o: FieldOptions): HTMLDivElement {
  const hintId = o.hint ? `${o.id}-hint` : undefined;
  const errorId = `${o.id}-error`;
  let control: HTMLElement;
  if (o.options) {
    control = h('select', { id: o.id, name: o.id, 'aria-describedby': hintId, required: o.required, ...o.attrs },
      o.options.map((opt) => h('option', { value: opt.value, selected: opt.value === (o.value ?? '') }, opt.label)));
  } else if (o.type === 'textarea') {
    control = h('textarea', { id: o.id, name: o.id, rows: String(o.rows ?? 4), 'aria-describedby': hintId, required: o.required, ...o.attrs }, o.value ?? '');
  } else {
    control = h('input', {
      id: o.id, name: o.id, type: o.type ?? 'text', value: o.value ?? '', 'aria-describedby': hintId,
      autocomplete: o.autocomplete, inputmode: o.inputmode, required: o.required, ...o.attrs,
    });
  }
  return h('div', { class: 'field', 'data-field': o.id },
    h('label', { for: o.id }, o.label),
    o.hint ? h('p', { class: 'hint', id: hintId }, o.hint) : null,
    h('p', { class: 'error-message', id: errorId, hidden: true }),
    control,
  );
}

export const inputValue = (form: HTMLElement, id: string): string =>
  ((form.querySelector(`#${CSS.escape(id)}`) as HTMLInputElement | null)?.value ?? '').trim();

/** Clears every inline error and the summary of a form. */
export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll('.field--error').forEach((f) => f.classList.remove('field--error'));
  form.querySelectorAll<HTMLElement>('.error-message').forEach((e) => {
    e.hidden = true;
    e.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((c) => {
    c.removeAttribute('aria-invalid');
    const describedBy = (c.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.endsWith('-error')).join(' ');
    if (describedBy) c.setAttribute('aria-describedby', describedBy);
    else c.removeAttribute('aria-describedby');
  });
  form.querySelector('.error-summary')?.remove();
}

/**
 * Shows errors: inline next to each field whose id `toId` finds, and a summary at the top of the
 * form linking to each field; the summary takes focus.
 */
export function showErrors(form: HTMLElement, errors: FieldError[], toId: (field: string) => string | undefined, label?: (field: string) => string): void {
  clearErrors(form);
  const items: HTMLLIElement[] = [];
  for (const e of errors) {
    const id = toId(e.field);
    const control = id ? (form.querySelector(`#${CSS.escape(id)}`) as HTMLElement | null) : null;
    const message = fieldMessage(e.message);
    // Never the API's field name (`onlineUrl`): the field's label, or the app's word for it.
    const name = (control && form.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent?.replace(/\s*\*$/, '')) || label?.(e.field) || fieldLabel(e.field);
    const text = `${name}: ${message}`;
    if (control) {
      const wrapper = control.closest('.field');
      const slot = wrapper?.querySelector<HTMLElement>('.error-message');
      if (wrapper && slot) {
        wrapper.classList.add('field--error');
        slot.hidden = false;
        slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
        control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        describedBy.add(slot.id);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
      }
      items.push(h('li', null, h('a', {
        href: `#${control.id}`,
        onclick: (ev: MouseEvent) => {
          ev.preventDefault();
          control.focus();
          control.scrollIntoView({ block: 'center' });
        },
      }, text)));
    } else {
      items.push(h('li', null, text));
    }
  }
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    h('h2', { id: 'error-summary-title' }, t().errorsTitle(errors.length)),
    h('ul', null, items),
  );
  form.prepend(summary);
  summary.focus();
}

/** A general problem at the top of a form (not tied to a field). */
export function showProblem(form: HTMLElement, message: string): void {
  clearErrors(form);
  const box = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, h('h2', null, t().errorTitle), h('p', null, message));
  form.prepend(box);
  box.focus();
}

/**
 * Sends what a form asks for with its button busy: a 2xx goes to `accepted`, a 400 with field
 * errors shows them (`toId` finds each field), anything else shows the server's message, and a
 * failed request (network, server down) the generic one. An ended session has already moved to
 * the sign-in page.
 */
export async function submitForm<T>(
  form: HTMLElement, button: HTMLButtonElement, method: string, path: string, body: unknown,
  toId: (field: string) => string | undefined, accepted: (data: T) => void | Promise<void>,
): Promise<void> {
  const s = t();
  busy(button, true, s.saving);
  try {
    const res = await api<T>(method, path, body);
    if (res.ok) await accepted(res.data);
    // 409 with field errors: another request took the address or id meanwhile.
    else if ((res.status === 400 || res.status === 409) && res.data?.errors) showErrors(form, res.data.errors, toId);
    else showProblem(form, res.data?.message ? fieldMessage(res.data.message) : s.genericError);
  } catch (err) {
    if (!(err instanceof Unauthenticated)) showProblem(form, s.genericError);
  } finally {
    busy(button, false);
  }
}

export function notice(message: string, kind: 'success' | 'info' = 'success'): HTMLDivElement {
  return h('div', { class: `notice notice--${kind}`, role: 'status' }, message);
}

export function busy(button: HTMLButtonElement, on: boolean, label?: string): void {
  if (on) {
    button.dataset.label = button.textContent ?? '';
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    if (label) button.textContent = label;
  } else {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (button.dataset.label) button.textContent = button.dataset.label;
  }
}

/** A labelled control inside a repeated row (its id is set by renumberRow). */
export const rowField = (label: string, control: HTMLElement): HTMLDivElement =>
  h('div', { class: 'field' }, h('label', null, label), h('p', { class: 'error-message', hidden: true }), control);

/**
 * Gives the controls of the i-th repeated row (`[data-part=...]`) their ids `${prefix}-${i}-${part}`,
 * so server errors such as `inspirers.1.email` find them; labels and error slots follow.
 */
export function renumberRow(row: Element, prefix: string, i: number, parts: readonly string[]): void {
  for (const part of parts) {
    const control = row.querySelector(`[data-part="${part}"]`) as HTMLElement;
    control.id = `${prefix}-${i}-${part}`;
    const wrapper = control.closest('.field')!;
    (wrapper.querySelector('label') as HTMLLabelElement).htmlFor = control.id;
    wrapper.querySelector('.error-message')!.id = `${control.id}-error`;
  }
}

export function table(caption: string, headers: string[], rows: Child[][], opts: { captionHidden?: boolean } = {}): HTMLDivElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', null,
      h('caption', { class: opts.captionHidden ? 'visually-hidden' : undefined }, caption),
      h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
      // data-label: on a phone each row becomes a card with the column names beside the values.
      h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => (i === 0 ? h('th', { scope: 'row', 'data-label': headers[i] }, c) : h('td', { 'data-label': headers[i] || undefined }, c)))))),
    ),
  );
}

/** The Intl locale of the page's language. */
const pageLocale = () => (document.documentElement.lang === 'en' ? 'en-GB' : 'da-DK');

/** The date and time of an ISO instant in the network's time zone. */
export function formatWhen(startsAt: string, endsAt?: string): string {
  const tz = state.network?.timeZone ?? 'Europe/Copenhagen';
  const locale = pageLocale();
  const day = new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  return endsAt ? `${day}, ${time(startsAt)}–${time(endsAt)}` : `${day}, ${time(startsAt)}`;
}

/** A calendar date (YYYY-MM-DD, no time zone) as the reader's language writes it: "3. dec. 2026" ('long': "3. december 2026"). */
export function formatDate(isoDate: string, month: 'short' | 'long' = 'short'): string {
  const locale = pageLocale();
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month, year: 'numeric' }).format(date);
}

/** "2027-03-04T13:00:00+01:00" -> {date: "2027-03-04", time: "13:00"} in the network's zone. */
export function wallClock(iso: string): { date: string; time: string } {
  const tz = state.network?.timeZone ?? 'Europe/Copenhagen';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function render(main: HTMLElement, ...children: Child[]): void {
  clear(main);
  append(main, children);
}

export const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);


// ---- panels ----

export function collapsible(title: string, id: string, ...children: HTMLElement[]): HTMLDetailsElement {
  return h('details', { class: 'panel', id }, h('summary', null, h('h2', null, title)), ...children);
}

/** Sends a change to the meeting; once accepted, closes its panel, says so and reloads the page. */
export function submitChange(
  form: HTMLFormElement, button: HTMLButtonElement, method: string, path: string, body: unknown, toId: (f: string) => string | undefined, reload: () => void,
  accepted?: () => void,
) {
  return submitForm<unknown>(form, button, method, path, body, toId, () => {
    const s = t();
    accepted?.();
    clearErrors(form);
    form.closest('details')?.removeAttribute('open');
    announce(s.changeAccepted);
    form.prepend(notice(s.changeAccepted));
    setTimeout(reload, 300);
  });
}

// ---- drafts ----

/**
 * A form's draft in localStorage, per person, form and meeting: every input is kept as it is
 * typed, so a session that ends (12 hours) or a closed tab loses nothing. Restored with a notice
 * when the form is built again; cleared once the form is accepted.
 */
type DraftValues = Record<string, string | boolean>;
interface Draft { savedAt: string; values: DraftValues }

const draftKey = (name: string) => `samskab-draft:${state.person?.personId ?? 'anyone'}:${name}`;

function readDraft(name: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(draftKey(name));
    const d = raw ? (JSON.parse(raw) as Draft) : undefined;
    return d && typeof d.values === 'object' && d.values !== null ? d : undefined;
  } catch {
    return undefined;
  }
}

export function clearDraft(name: string): void {
  try {
    localStorage.removeItem(draftKey(name));
  } catch {
    // storage unavailable: there is no draft either
  }
}

/** The value of every control with an id (checkboxes and radios by their checked state). */
function formValues(form: HTMLElement): DraftValues {
  const values: DraftValues = {};
  for (const c of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input[id], textarea[id], select[id]')) {
    if (c instanceof HTMLInputElement && (c.type === 'file' || c.type === 'hidden')) continue;
    values[c.id] = c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio') ? c.checked : c.value;
  }
  return values;
}

/**
 * Keeps `form`'s draft under `name`. If one is stored, `prepare` first gets its values (to add
 * the repeated rows they need), then each control takes its value back and a notice says so.
 * Returns whether a draft was restored.
 */
export function keepDraft(form: HTMLElement, name: string, prepare?: (values: DraftValues) => void): boolean {
  const draft = readDraft(name);
  if (draft) {
    prepare?.(draft.values);
    for (const [id, value] of Object.entries(draft.values)) {
      const c = form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`#${CSS.escape(id)}`);
      if (!c) continue;
      if (c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio')) c.checked = value === true;
      else if (typeof value === 'string') c.value = value;
    }
    form.prepend(h('div', { class: 'notice notice--info draft-notice', role: 'status' }, t().draftRestored(formatWhen(draft.savedAt))));
  }
  const save = () => {
    try {
      localStorage.setItem(draftKey(name), JSON.stringify({ savedAt: new Date().toISOString(), values: formValues(form) } satisfies Draft));
    } catch {
      // storage full or unavailable: the form still works, without a draft
    }
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  // Rows added or removed by buttons change the form without an input event.
  form.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest('button[type="button"]')) setTimeout(save, 0);
  });
  return draft !== undefined;
}
