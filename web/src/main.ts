// The facilitator app: the page frame (skip link, header, menu, language switch), sign-in, and
// the router that shows one screen at a time under /app/.
import { clear, h } from './dom.js';
import {
  announce, api, busy, clearErrors, field, inputValue, link, loadSession, match, navigate, pageTitle, render, route,
  setNavigateHook, showErrors, signInPath, state, Unauthenticated,
} from './core.js';
import { safeReturnPath } from '../../functions/contract/return-path.js';
import { experimentPage, experimentsPage, registerExperiment } from './experiments.js';
import { lang, setLang, t } from './i18n.js';
import { meetingPage, overview, scheduleMeeting, stopPolling } from './meetings.js';
import { peoplePage } from './people.js';
import { checkInPage, participantsPage } from './attendance.js';
import { patternsPage } from './patterns.js';
import { searchPage } from './search.js';
import type { SignedIn, SignInAccepted, SignInCallbackRequest, SignInRequest } from '../../functions/contract/api-types.js';

// ---- sign-in ----

function signInPage(main: HTMLElement): void {
  const s = t();
  // Where the sign-in link brings the person back to (the page a session ended on).
  const returnTo = safeReturnPath(new URLSearchParams(location.search).get('return'));
  const button = h('button', { type: 'submit', class: 'button' }, s.sendLink);
  const form = h('form', { novalidate: true, class: 'stack narrow' },
    field({ id: 'email', label: s.email, hint: s.emailHint, type: 'email', autocomplete: 'email', inputmode: 'email', attrs: { spellcheck: 'false' } }),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = inputValue(form, 'email');
    if (!email) return showErrors(form, [{ field: 'email', message: s.emailRequired }], () => 'email');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return showErrors(form, [{ field: 'email', message: s.emailInvalid }], () => 'email');
    clearErrors(form);
    busy(button, true, s.saving);
    try {
      await api<SignInAccepted>('POST', '/auth/sign-in', { email, ...(returnTo ? { returnTo } : {}) } satisfies SignInRequest);
      const again = h('button', { type: 'button', class: 'button button--secondary', onclick: () => signInPage(main) }, s.tryAgain);
      render(main, pageTitle(s.checkMailTitle), h('div', { class: 'notice notice--info', role: 'status' }, h('p', null, s.checkMail), h('p', null, s.checkMailAgain)), h('p', null, again));
      (document.getElementById('page-title') as HTMLElement).focus();
      announce(s.checkMailTitle);
    } finally {
      busy(button, false);
    }
  });
  render(main, pageTitle(s.signInTitle), returnTo ? h('div', { class: 'notice notice--info', role: 'status', id: 'session-ended' }, s.sessionEnded) : null,
    h('p', { class: 'lead' }, s.signInIntro), form);
}

function callbackPage(main: HTMLElement): void {
  const s = t();
  const token = new URLSearchParams(location.search).get('t') ?? '';
  const button = h('button', { type: 'submit', class: 'button' }, s.callbackButton);
  const form = h('form', { class: 'stack narrow' }, h('p', null, s.callbackIntro), h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    busy(button, true, s.saving);
    try {
      const res = await api<SignedIn>('POST', '/auth/callback', { t: token } satisfies SignInCallbackRequest);
      if (res.status === 200) {
        // Reads the new session: the person, the CSRF token and the network.
        await loadSession();
        if (state.person && !localStorage.getItem('samskab-lang')) setLang(state.person.language);
        // Checked again here: the link's `r` is outside input like any other.
        navigate(safeReturnPath(new URLSearchParams(location.search).get('r')) ?? '/app', true);
        return;
      }
      render(main, pageTitle(s.callbackTitle), h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, h('p', null, s.callbackFailed)), h('p', null, link('/app/sign-in', s.tryAgain)));
      (main.querySelector('.error-summary') as HTMLElement).focus();
    } finally {
      busy(button, false);
    }
  });
  render(main, pageTitle(s.callbackTitle), form);
}

async function signOut(): Promise<void> {
  // 204: no body.
  await api<null>('POST', '/auth/sign-out').catch(() => undefined);
  state.person = null;
  state.csrf = null;
  navigate('/app/sign-in');
  announce(t().signedOut);
}

// ---- frame ----

function header(): HTMLElement {
  const s = t();
  const person = state.person;
  const current = location.pathname;
  const navItem = (href: string, text: string, active: boolean) => {
    const a = link(href, text);
    if (active) a.setAttribute('aria-current', 'page');
    return h('li', null, a);
  };
  return h('header', { class: 'site-header' },
    h('div', { class: 'bar' },
      h('a', { class: 'brand', href: '/app' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'), h('span', null, state.network?.name ?? s.appName)),
      h('div', { class: 'bar-tools' },
        person ? h('span', { class: 'who' }, s.signedInAs(person.name)) : null,
        h('button', {
          type: 'button', class: 'link-button', lang: lang() === 'da' ? 'en' : 'da', 'aria-label': s.switchLangLabel, id: 'lang-switch',
          onclick: () => {
            setLang(lang() === 'da' ? 'en' : 'da');
            void show().then(() => (document.getElementById('lang-switch') as HTMLElement | null)?.focus());
          },
        }, s.switchLang),
        person ? h('button', { type: 'button', class: 'link-button', onclick: () => void signOut() }, s.signOut) : null,
      ),
    ),
    person
      ? h('nav', { 'aria-label': s.nav },
        h('ul', null,
          navItem('/app', s.overview, current === '/app/' || current === '/app'),
          person.role === 'facilitator' ? navItem('/app/meetings/new', s.schedule, current === '/app/meetings/new') : null,
          person.role === 'facilitator' ? navItem('/app/people', s.people, current.startsWith('/app/people')) : null,
          navItem('/app/experiments', s.experiments, current.startsWith('/app/experiments')),
          navItem('/app/patterns', s.patternsNav, current.startsWith('/app/patterns')),
          navItem('/app/search', s.search, current.startsWith('/app/search')),
        ))
      : null,
  );
}

route('/app/sign-in', signInPage, true);
route('/auth/callback', callbackPage, true);
route('/app', overview);
route('/app/meetings/new', scheduleMeeting);
route('/app/meetings/:id', meetingPage);
route('/app/meetings/:id/check-in', checkInPage);
route('/app/meetings/:id/participants', participantsPage);
route('/app/people', peoplePage);
route('/app/experiments', experimentsPage);
route('/app/experiments/new', registerExperiment);
route('/app/experiments/:id', experimentPage);
route('/app/patterns', patternsPage);
route('/app/search', searchPage);

let navigations = 0;

async function show(): Promise<void> {
  stopPolling();
  const root = document.getElementById('root')!;
  const m = match(location.pathname) ?? match('/app')!;
  if (!m.open && !state.person) {
    if (!(await loadSession().catch(() => false))) {
      history.replaceState(null, '', signInPath());
      return show();
    }
  }
  if (m.open && state.person && location.pathname === '/app/sign-in') {
    history.replaceState(null, '', '/app');
    return show();
  }
  document.documentElement.lang = lang();
  clear(root);
  const main = h('main', { id: 'main', tabindex: '-1' });
  root.append(
    h('a', { class: 'skip-link', href: '#main' }, t().skip),
    header(),
    main,
    h('div', { id: 'live', class: 'visually-hidden', 'aria-live': 'polite', role: 'status' }),
  );
  try {
    await m.render(main, m.params);
  } catch (err) {
    if (err instanceof Unauthenticated) return;
    console.error(err);
    render(main, pageTitle(t().errorTitle), h('p', null, t().genericError));
  }
  // The first page keeps the natural focus order; later ones move focus to their heading.
  if (navigations++ > 0) (document.getElementById('page-title') as HTMLElement | null)?.focus();
}

setNavigateHook(() => void show());
window.addEventListener('popstate', () => void show());
document.documentElement.lang = lang();
void show();
