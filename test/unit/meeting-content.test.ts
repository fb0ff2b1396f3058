// Issue 16: a meeting's own texts and reminders, the answer comment, reconfirmation after a
// move, and words in mails that fit the reader (who answered what, who is an outside inspirer).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app.js';
import { validateBody } from '../../functions/domain/field-errors.js';
import { reconfirmationOf, withReconfirmation } from '../../functions/domain/meeting/reconfirmation.js';
import { isQuietChange, nudgeSent, reminderSettingsOf, reminderStatus, reminderStillWanted } from '../../functions/domain/meeting/reminders.js';
import { ANSWER_COMMENT_MAX_LENGTH, answerCommentSchema, validateMeetingPatch, validateMeetingRequest, type MeetingDraft } from '../../functions/domain/meeting/request.js';
import { inspirerPersonId } from '../../functions/domain/person/audience.js';
import { mailContent } from '../../functions/mail/body.js';
import { renderHtml, renderText } from '../../functions/mail/render.js';
import { renderPage } from '../../functions/pages/index.js';
import { meetingMailJob as job, settings } from '../support/mail-fixtures.js';
import { httpEvent, lambdaContext } from '../support/ports.js';

const ctx = { municipalities: ['Kolding', 'Aalborg'], timeZone: 'Europe/Copenhagen', now: new Date('2027-01-01T10:00:00Z') };
const base = { title: 'Netværksmøde', startsAt: '2027-03-04T10:00', endsAt: '2027-03-04T14:00', place: 'Aalborg', hostMunicipality: 'Aalborg' };
const text = (j: Parameters<typeof mailContent>[0]) => renderText(mailContent(j, settings, { links: { rsvp: { accept: 'https://a.example/rsvp/accept?t=1', decline: 'https://a.example/rsvp/decline?t=1', maybe: 'https://a.example/rsvp/maybe?t=1' } } }));

describe("a meeting's own texts and reminders in the request", () => {
  it('accepts a description, practical text, guidelines and reminders, and keeps them on the meeting', () => {
    const r = validateMeetingRequest(
      {
        ...base,
        description: 'Vi ser på forsøg med borgerbudgetter.',
        practicalInfo: { text: { da: 'Kaffe fra kl. 9.30.', en: 'Coffee from 9:30.' } },
        attendanceGuidelines: { url: 'https://example.org/retningslinjer' },
        reminders: { enabled: true, offsetsHours: [48, 2] },
      },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.meeting.description).toBe('Vi ser på forsøg med borgerbudgetter.');
    expect(r.meeting.practicalInfo?.text?.da).toBe('Kaffe fra kl. 9.30.');
    expect(r.meeting.reminders).toEqual({ enabled: true, offsetsHours: [48, 2] });
  });

  it('names the field of a bad reminder or text, and an unknown field inside them', () => {
    const r = validateMeetingRequest(
      { ...base, reminders: { enabled: 'yes', offsetsHours: [0, 1.5, 2000] }, practicalInfo: { text: { da: '' }, colour: 'red' } },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['reminders.enabled', 'reminders.offsetsHours.0', 'reminders.offsetsHours.1', 'reminders.offsetsHours.2', 'practicalInfo.text.da', 'practicalInfo.colour']));
  });

  const current = (): MeetingDraft => {
    const r = validateMeetingRequest({ ...base, practicalInfo: { text: { da: 'Kaffe fra kl. 9.30.' } } }, ctx);
    if (!r.ok) throw new Error('fixture');
    return r.meeting;
  };

  it('a PATCH with null gives the practical text back to the network; a reminders-only change is its own kind', () => {
    const removed = validateMeetingPatch({ practicalInfo: null }, current(), { ...ctx, nextVersion: 2 });
    expect(removed.ok && removed.meeting.practicalInfo).toBe(undefined);
    expect(removed.ok && removed.changed).toEqual(['practicalInfo']);
    const reminders = validateMeetingPatch({ reminders: { enabled: false, offsetsHours: [] } }, current(), { ...ctx, nextVersion: 2 });
    expect(reminders.ok && reminders.changed).toEqual(['reminders']);
  });

  it('a new time makes the next version the one accepted answers must be confirmed for; other changes keep it', () => {
    const moved = validateMeetingPatch({ startsAt: '2027-03-04T12:30', endsAt: '2027-03-04T15:00' }, current(), { ...ctx, nextVersion: 2 });
    expect(moved.ok && moved.meeting.reconfirmSince).toBe(2);
    if (!moved.ok) return;
    const retitled = validateMeetingPatch({ title: 'Nyt navn' }, moved.meeting, { ...ctx, nextVersion: 3 });
    expect(retitled.ok && retitled.meeting.reconfirmSince).toBe(2);
  });
});

describe('the answer comment', () => {
  it('is optional, trimmed, keeps line breaks, and refuses too long a text or control characters', () => {
    expect(validateBody(answerCommentSchema, {})).toEqual({ ok: true, value: {} });
    expect(validateBody(answerCommentSchema, { comment: '  Vegetar\r\nKørestol  ' })).toEqual({ ok: true, value: { comment: 'Vegetar\nKørestol' } });
    const long = validateBody(answerCommentSchema, { comment: 'x'.repeat(ANSWER_COMMENT_MAX_LENGTH + 1) });
    expect(long.ok ? [] : long.errors.map((e) => e.field)).toEqual(['comment']);
    expect(validateBody(answerCommentSchema, { comment: 'a\u0007b' }).ok).toBe(false);
  });

  it('has a field on the answer page, escaped when shown again', () => {
    const page = renderPage({
      kind: 'rsvp-confirm', language: 'da', meetingTitle: 'M', startsAt: '2027-03-04T09:00:00Z', endsAt: '2027-03-04T13:00:00Z',
      timeZone: 'Europe/Copenhagen', answer: 'accept', actionUrl: '/rsvp/accept?t=x', version: 1, comment: '<script>x</script>', errors: ['for lang'],
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('name="comment"');
    expect(page.body).toContain(`maxlength="${ANSWER_COMMENT_MAX_LENGTH}"`);
    expect(page.body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('Kommentar (valgfri)');
  });
});

describe('reconfirmation after a move', () => {
  it('an accept for an older version awaits; one for the moved version or later is confirmed; other answers need nothing', () => {
    expect(reconfirmationOf({ answer: 'accept', answeredVersion: 1 }, 2)).toBe('awaiting');
    expect(reconfirmationOf({ answer: 'accept' }, 2)).toBe('awaiting');
    expect(reconfirmationOf({ answer: 'accept', answeredVersion: 2 }, 2)).toBe('confirmed');
    expect(reconfirmationOf({ answer: 'decline', answeredVersion: 1 }, 2)).toBe(undefined);
    expect(reconfirmationOf({ answer: 'accept', answeredVersion: 1 }, undefined)).toBe(undefined);
    const { invitations, awaiting } = withReconfirmation(
      [{ answer: 'accept' as const, answeredVersion: 1 }, { answer: 'accept' as const, answeredVersion: 3 }, { answer: null }],
      3,
    );
    expect(invitations.map((i) => i.reconfirmation)).toEqual(['awaiting', 'confirmed', undefined]);
    expect(awaiting).toBe(1);
  });
});

describe("a meeting's reminders", () => {
  const meeting = { meetingId: 'm', version: 2, startsAt: '2027-03-10T09:00:00Z', status: 'scheduled' as const };
  it("default to the network's offsets, on; the meeting's own win, and off means none is wanted", () => {
    expect(reminderSettingsOf({}, [24, 168])).toEqual({ enabled: true, offsetsHours: [168, 24] });
    const off = reminderSettingsOf({ reminders: { enabled: false, offsetsHours: [48] } }, [168, 24]);
    expect(reminderStillWanted(off, 48)).toBe(false);
    expect(reminderStillWanted(reminderSettingsOf({ reminders: { enabled: true, offsetsHours: [48] } }, [168, 24]), 24)).toBe(false);
  });

  it('a change of the reminders alone is quiet (nobody is mailed); with anything else it is not', () => {
    expect(isQuietChange(['reminders'])).toBe(true);
    expect(isQuietChange(['reminders', 'time'])).toBe(false);
    expect(isQuietChange([])).toBe(false);
    expect(isQuietChange(undefined)).toBe(false);
  });

  it('show what went out (once each) and which is next', () => {
    const sent = [
      { version: 2, offsetHours: 168, at: '2027-03-03T09:00:00Z', recipients: 10 },
      { version: 2, offsetHours: 168, at: '2027-03-03T09:00:01Z', recipients: 10 },
      { version: 2, nudge: true as const, at: '2027-03-05T09:00:00Z', recipients: 3 },
    ];
    const status = reminderStatus({ ...meeting, remindersSent: sent }, [168, 24], new Date('2027-03-06T00:00:00Z'));
    expect(status.sent.map((s) => s.nudge ?? s.offsetHours)).toEqual([168, true]);
    expect(status.next).toEqual({ offsetHours: 24, at: '2027-03-09T09:00:00.000Z' });
    expect(nudgeSent(sent, 2)?.recipients).toBe(3);
    expect(nudgeSent(sent, 3)).toBe(undefined);
    expect(reminderStatus({ ...meeting, reminders: { enabled: false, offsetsHours: [24] } }, [168, 24], new Date('2027-03-06T00:00:00Z')).next).toBe(null);
  });
});

describe('words in mails (Danish and English)', () => {
  it("use the meeting's own practical text, not the network's", () => {
    const t = text(job({ meeting: { practicalInfo: { text: { da: 'Kaffe og boller fra kl. 9.30.' } } } }));
    expect(t).toContain('Kaffe og boller fra kl. 9.30.');
    expect(t).not.toContain('Der er kaffe og frugt');
    expect(text(job())).toContain('Der er kaffe og frugt');
  });

  it('offer to join online instead only when the meeting has a place and an online link', () => {
    expect(text(job())).toContain('deltage online via linket ovenfor');
    const { onlineUrl: _o, ...noLink } = job().meeting;
    expect(text({ ...job(), meeting: noLink })).not.toMatch(/online via linket/);
    expect(text(job({ recipient: { language: 'en' } }))).toContain('join online instead');
  });

  it("tell everyone who the inspirers are and their topics, and the meeting's description", () => {
    const t = text(job({ meeting: { description: 'Om borgerbudgetter.', inspirers: [{ name: 'Ida Holm', email: 'ida@example.com', topic: 'Borgerbudgetter i praksis', language: 'da' }] } }));
    expect(t).toContain('Inspiratorer');
    expect(t).toContain('- Ida Holm: »Borgerbudgetter i praksis«');
    expect(t).toContain('Om mødet');
    expect(t).toContain('Om borgerbudgetter.');
  });

  it('say "we look forward to seeing you" only to those who accepted', () => {
    for (const answer of [undefined, 'maybe'] as const) {
      const t = text(job({ kind: 'reminder', reminderOffsetHours: 24, ...(answer ? { answer } : {}) }));
      expect(t).not.toMatch(/glæder os til at se dig/);
    }
    expect(text(job({ kind: 'reminder', reminderOffsetHours: 24, answer: 'accept' }))).toContain('Vi glæder os til at se dig.');
    expect(text(job({ kind: 'reminder', reminderOffsetHours: 24, recipient: { language: 'en' } }))).not.toMatch(/look forward to seeing you/);
  });

  it('show the yes button once in an update that asks to confirm a new time, and do not promise one click', () => {
    const j = job({ kind: 'update', changed: ['time'], answer: 'accept', meeting: { version: 2 } });
    const content = mailContent(j, settings, { links: { rsvp: { accept: 'https://a.example/rsvp/accept?t=1', decline: 'https://a.example/rsvp/decline?t=1', maybe: 'https://a.example/rsvp/maybe?t=1' } } });
    const html = renderHtml(content);
    expect(html.match(/rsvp\/accept/g)).toHaveLength(1);
    expect(content.answers.map((a) => a.label)).toEqual(['Måske', 'Nej, jeg kan ikke komme']);
    expect(renderText(content)).not.toMatch(/ét klik|one click/);
    expect(text(job())).toContain('Svar på invitationen');
  });

  it('give an outside inspirer a reason that fits, and a network member the network one', () => {
    const email = 'ida@example.com';
    const outside = text(job({ recipient: { personId: inspirerPersonId(email), email, name: 'Ida', role: 'inspirer', topic: 'T' } }));
    expect(outside).toContain('fordi du er inviteret som inspirator');
    expect(outside).not.toContain('fordi du er med i');
    expect(text(job())).toContain('fordi du er med i');
    const outsideEn = text(job({ recipient: { personId: inspirerPersonId(email), email, name: 'Ida', role: 'inspirer', language: 'en' } }));
    expect(outsideEn).toContain('because you are invited as an inspirer');
  });
});

describe('POST /api/meetings/{id}/nudge', () => {
  const TOKEN = 'T'.repeat(40);
  const invitee = (personId: string, answer: 'accept' | null) => ({
    personId, name: personId, email: `${personId}@example.org`, role: 'citizen' as const, municipality: 'Kolding', language: 'da' as const,
    answer, answeredAt: answer ? '2027-01-02T10:00:00Z' : null, deliveryStatus: 'delivered' as const,
  });
  const stored = {
    meetingId: 'm-1', version: 2, title: 'M', agenda: [], startsAt: '2027-03-04T13:00:00+01:00', endsAt: '2027-03-04T16:00:00+01:00',
    timeZone: 'Europe/Copenhagen', place: 'Kolding', hostMunicipality: 'Kolding', audience: { municipalities: [], roles: [] }, inspirers: [],
    createdAt: '2027-01-01T10:00:00Z', status: 'scheduled' as const, fanOutVersion: 2,
    invitations: [invitee('a', 'accept'), invitee('b', null), invitee('c', null)],
  };

  async function nudge(meeting: typeof stored & { remindersSent?: { version: number; nudge: true; at: string; recipients: number }[] }, now = '2027-03-01T10:00:00Z') {
    const published: unknown[] = [];
    const handler = createApiHandler({
      apiToken: async () => TOKEN,
      settings: () => settings,
      publish: async (type, detail) => (published.push({ type, detail }), 'id'),
      listMeetings: async () => [],
      getMeetingWithInvitations: async (id) => (id === meeting.meetingId ? meeting : undefined),
      lifecycle: {} as never,
      now: () => new Date(now),
    });
    const res = (await handler(httpEvent('POST', '/api/meetings/m-1/nudge', { token: TOKEN }) as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, unknown>, published };
  }

  it('asks the meetings function for a nudge of this version, and says how many have not answered', async () => {
    const r = await nudge(stored);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ meetingId: 'm-1', version: 2, status: 'sending', unanswered: 2 });
    expect(r.published).toEqual([{ type: 'reminder-due', detail: { meetingId: 'm-1', version: 2, offsetHours: 74, nudge: true } }]);
  });

  it('answers 200 without publishing once this version was nudged, and 409 for a started meeting or when all have answered', async () => {
    const again = await nudge({ ...stored, remindersSent: [{ version: 2, nudge: true, at: '2027-02-01T10:00:00Z', recipients: 2 }] });
    expect(again).toMatchObject({ status: 200, body: { status: 'already-sent', sentAt: '2027-02-01T10:00:00Z' }, published: [] });
    expect((await nudge({ ...stored, remindersSent: [{ version: 1, nudge: true, at: '2027-02-01T10:00:00Z', recipients: 2 }] })).status).toBe(202);
    const started = await nudge(stored, '2027-03-04T12:30:00Z');
    expect(started).toMatchObject({ status: 409, published: [] });
    const allAnswered = await nudge({ ...stored, invitations: [invitee('a', 'accept')] });
    expect(allAnswered).toMatchObject({ status: 409, published: [] });
  });
});
