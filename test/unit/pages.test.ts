import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REFLECTION_MAX_LENGTH } from '../../functions/domain/meeting/request.js';
import { FAVICON, formAction, renderPage, type Page } from '../../functions/pages/index.js';

const evil = '<script>alert("x")</script>';
const action = '/rsvp/accept?t=abc.def&x=1';

const rsvpConfirm = (over: Partial<Extract<Page, { kind: 'rsvp-confirm' }>> = {}): Page => ({
  kind: 'rsvp-confirm',
  version: 1,
  language: 'da',
  meetingTitle: 'Netværksmøde i Kolding',
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  answer: 'accept',
  actionUrl: action,
  ...over,
});

const allPages: Page[] = [
  rsvpConfirm(),
  { kind: 'rsvp-recorded', language: 'da', meetingTitle: 'Netværksmøde', answer: 'decline' },
  { kind: 'link-problem', language: 'da', reason: 'expired' },
  { kind: 'reflection-form', language: 'da', meetingTitle: 'Netværksmøde', actionUrl: '/reflection?t=x' },
  { kind: 'reflection-recorded', language: 'da', meetingTitle: 'Netværksmøde' },
  { kind: 'unsubscribe-confirm', language: 'da', actionUrl: '/unsubscribe?t=x' },
  { kind: 'unsubscribed', language: 'da' },
];

/** The forms of a page: method, action (attribute-decoded) and the names of their fields. */
function forms(body: string) {
  return [...body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({
    method: /method="([^"]*)"/.exec(m[1]!)?.[1],
    action: /action="([^"]*)"/.exec(m[1]!)?.[1]?.replace(/&amp;/g, '&'),
    fields: [...m[2]!.matchAll(/<(?:input|textarea)\b[^>]*name="([^"]*)"/g)].map((f) => f[1]),
    inner: m[2]!,
  }));
}

describe('headers on every page', () => {
  it.each(allPages.map((p) => [p.kind, p] as const))('%s: HTML, no-store, strict CSP, nosniff, no referrer', (_, page) => {
    const { headers, body } = renderPage(page);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    const csp = headers['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-eval|https?:/);
    // The page's one <style> is allowed by its hash; there is no inline style attribute or script.
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)![1]!;
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    // The one <link> is the inline favicon (a data: URL, the only image the CSP allows).
    const favicon = `<link rel="icon" href="${FAVICON}">`;
    expect(body).toContain(favicon);
    expect(csp).toContain('img-src data:');
    expect(body.replace(favicon, '')).not.toMatch(/\sstyle=|<script|<link|<img|src=/i);
  });
});

describe('self-contained and accessible', () => {
  it.each(allPages.map((p) => [p.kind, p] as const))('%s: lang, viewport, a title and one h1, a visible focus style', (_, page) => {
    const { body } = renderPage(page);
    expect(body).toMatch(/^<!DOCTYPE html>\n<html lang="da">/);
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(body).toContain('<meta charset="utf-8">');
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body).toMatch(/<title>[^<]+<\/title>/);
    expect(body).toContain('<main>');
    expect(body).toMatch(/:focus-visible\{outline:3px solid/);
  });
});

describe('rsvp pages', () => {
  it('confirm: one button in a form that POSTs to actionUrl, with the meeting, time and answer in Danish', () => {
    const { statusCode, body } = renderPage(rsvpConfirm());
    expect(statusCode).toBe(200);
    const [form, ...more] = forms(body);
    expect(more).toEqual([]);
    expect(form).toMatchObject({ method: 'post', action });
    expect(form!.inner.match(/<button/g)).toHaveLength(1);
    expect(form!.inner).toContain('<button type="submit">Send mit svar</button>');
    expect(body).toContain('Bekræft dit svar');
    expect(body).toContain('Netværksmøde i Kolding');
    expect(body).toContain('torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)');
    expect(body).toContain('<dd>Ja, jeg kommer</dd>');
  });

  it('confirm in English, with an absolute action URL', () => {
    const url = 'https://app.example.org/rsvp/decline?t=abc';
    const { body } = renderPage(rsvpConfirm({ language: 'en', answer: 'decline', actionUrl: url }));
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('Confirm your answer');
    expect(body).toContain('Thursday 4 March 2027, 13:00–16:00 (Danish time)');
    expect(body).toContain('<dd>No, I cannot come</dd>');
    expect(forms(body)[0]).toMatchObject({ method: 'post', action: url });
  });

  it('escapes a <script> meeting title everywhere', () => {
    for (const page of [
      rsvpConfirm({ meetingTitle: evil }),
      { kind: 'rsvp-recorded', language: 'da', meetingTitle: evil, answer: 'accept' } as const,
      { kind: 'reflection-form', language: 'en', meetingTitle: evil, actionUrl: '/r?t=1', text: `</textarea>${evil}`, errors: [evil] } as const,
      { kind: 'reflection-recorded', language: 'da', meetingTitle: evil } as const,
    ]) {
      const { body } = renderPage(page);
      expect(body).not.toMatch(/<script|<\/textarea>&lt;script|<\/textarea><script/i);
      expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
  });

  it('recorded: thanks per answer, in Danish and English', () => {
    expect(renderPage({ kind: 'rsvp-recorded', language: 'da', meetingTitle: 'M', answer: 'accept' }).body).toContain(
      'Vi har noteret, at du kommer til mødet »M«. Vi glæder os til at se dig.',
    );
    expect(renderPage({ kind: 'rsvp-recorded', language: 'da', meetingTitle: 'M', answer: 'decline' }).body).toContain('Tak, fordi du gav besked.');
    expect(renderPage({ kind: 'rsvp-recorded', language: 'en', meetingTitle: 'M', answer: 'maybe' }).body).toContain(
      'We have noted that you may come to the meeting “M”.',
    );
  });

  it('a form action must be a path on this site or an http(s) URL', () => {
    expect(formAction('/rsvp/accept?t=1')).toBe('/rsvp/accept?t=1');
    expect(() => formAction('//evil.example/x')).toThrow();
    expect(() => formAction('javascript:alert(1)')).toThrow();
    expect(() => renderPage(rsvpConfirm({ actionUrl: 'javascript:alert(1)' }))).toThrow();
    const { body } = renderPage(rsvpConfirm({ actionUrl: '/rsvp/accept?t="><script>' }));
    expect(body).not.toContain('<script>');
  });
});

describe('link problems', () => {
  it.each([
    ['invalid', 400, 'Linket virker ikke'],
    ['unknown', 404, 'Vi kan ikke finde det, linket peger på'],
    ['expired', 410, 'Linket er udløbet'],
    ['closed', 410, 'Mødet er aflyst eller overstået'],
  ] as const)('%s: status %i and a clear Danish page with no form', (reason, status, heading) => {
    const { statusCode, body } = renderPage({ kind: 'link-problem', language: 'da', reason });
    expect(statusCode).toBe(status);
    expect(body).toContain(`<h1>${heading}</h1>`);
    expect(body).toContain('Intet er blevet ændret.');
    expect(forms(body)).toEqual([]);
  });

  it('English, and Danish for an unknown language', () => {
    expect(renderPage({ kind: 'link-problem', language: 'en', reason: 'expired' }).body).toContain('<h1>The link has expired</h1>');
    const fallback = renderPage({ kind: 'link-problem', language: 'sv', reason: 'expired' }).body;
    expect(fallback).toContain('<html lang="da">');
    expect(fallback).toContain('<h1>Linket er udløbet</h1>');
    expect(renderPage({ kind: 'unsubscribed', language: undefined }).body).toContain('<html lang="da">');
  });
});

describe('reflection form', () => {
  it('posts a textarea named "reflection" with a max length to actionUrl', () => {
    const { statusCode, body } = renderPage({ kind: 'reflection-form', language: 'da', meetingTitle: 'Netværksmøde', actionUrl: '/reflection?t=a&b' });
    expect(statusCode).toBe(200);
    const [form] = forms(body);
    expect(form).toMatchObject({ method: 'post', action: '/reflection?t=a&b', fields: ['reflection', 'shareName'] });
    // Consent to be named beyond the meeting's page: asked, and off unless given.
    expect(form!.inner).toMatch(/<input type="checkbox" id="share-name" name="shareName" value="yes">/);
    expect(form!.inner).toContain('<label for="share-name">I må vise mit navn');
    expect(form!.inner).toContain(`maxlength="${REFLECTION_MAX_LENGTH}"`);
    expect(form!.inner).toContain('<label for="reflection">Hvad tager du med fra mødet?</label>');
    expect(form!.inner).toContain('id="reflection"');
    expect(body).toContain('højst 5.000 tegn');
    expect(body).toContain('Om mødet »Netværksmøde«');
    expect(form!.inner).not.toContain('aria-invalid');
    expect(body).not.toContain('role="alert"');
  });

  it('shown again with errors: status 400, an alert listing them, the text kept (escaped)', () => {
    const text = '\nFørste linje efter en tom linje\n<b>fed</b>';
    const { statusCode, body } = renderPage({
      kind: 'reflection-form',
      language: 'en',
      meetingTitle: 'Meeting',
      actionUrl: '/reflection?t=x',
      text,
      errors: ['The reflection is too long.'],
    });
    expect(statusCode).toBe(400);
    expect(body).toContain('role="alert"');
    expect(body).toContain('<li>The reflection is too long.</li>');
    expect(body).toContain('aria-invalid="true"');
    expect(body).toContain('aria-describedby="reflection-hint reflection-errors"');
    // One newline after <textarea> is eaten by the parser; the text's own leading newline survives.
    expect(body).toContain('>\n\nFørste linje efter en tom linje\n&lt;b&gt;fed&lt;/b&gt;</textarea>');
    expect(body).toContain('up to 5,000 characters');
  });

  it('recorded: thanks in both languages', () => {
    expect(renderPage({ kind: 'reflection-recorded', language: 'da', meetingTitle: 'M' }).body).toContain('Tak for din refleksion');
    expect(renderPage({ kind: 'reflection-recorded', language: 'en', meetingTitle: 'M' }).body).toContain('Thank you for your reflection');
  });
});

describe('unsubscribe pages', () => {
  it('confirm: one button that POSTs the RFC 8058 body to actionUrl, saying invitations still come', () => {
    const { body } = renderPage({ kind: 'unsubscribe-confirm', language: 'da', actionUrl: '/unsubscribe?t=x' });
    const [form, ...more] = forms(body);
    expect(more).toEqual([]);
    expect(form).toMatchObject({ method: 'post', action: '/unsubscribe?t=x', fields: ['List-Unsubscribe'] });
    expect(form!.inner).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(form!.inner).toContain('<button type="submit">Afmeld</button>');
    expect(body).toContain('Invitationer, ændringer og aflysninger af møder, du er inviteret til, får du stadig.');
  });

  it('done, in both languages', () => {
    expect(renderPage({ kind: 'unsubscribed', language: 'da' }).body).toContain('<h1>Du er afmeldt</h1>');
    expect(renderPage({ kind: 'unsubscribed', language: 'en' }).body).toContain('<h1>You have been unsubscribed</h1>');
  });
});
