// Attendance, the participant list and the follow-up after attendance, as plain functions: the
// request's one schema (ids nobody invited are named), when attendance may be recorded, the
// figures per municipality, the spreadsheet file (semicolons, BOM, Danish headers, local times,
// formulas defused), who a cancel tells, and the shorter note and the sender's copy as mail.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { validateBody } from '../../functions/domain/field-errors.js';
import {
  attendanceRecord,
  attendanceRequestSchema,
  attendanceSummary,
  canRecordAttendance,
  followUpAudience,
  withAttended,
} from '../../functions/domain/meeting/attendance.js';
import { cancellationReach } from '../../functions/domain/meeting/cancellation-reach.js';
import { participantsCsv, participantsFileName, type Participant } from '../../functions/domain/meeting/participants-csv.js';
import { composeMail } from '../../functions/mail/index.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import { meetingMailJob, now, settings } from '../support/mail-fixtures.js';

const invited = new Set(['anna', 'bo', 'carl']);

describe('the attendance request', () => {
  it('takes the whole list of people present', () => {
    expect(validateBody(attendanceRequestSchema(invited), { present: ['anna', 'bo'] })).toEqual({ ok: true, value: { present: ['anna', 'bo'] } });
    expect(validateBody(attendanceRequestSchema(invited), { present: [] }).ok).toBe(true);
  });

  it('names every id nobody invited, by position, and every other problem by field', () => {
    const r = validateBody(attendanceRequestSchema(invited), { present: ['anna', 'zed', 'bo', 'ghost'] });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'present.1', message: '"zed" is not a person invited to this meeting' },
        { field: 'present.3', message: '"ghost" is not a person invited to this meeting' },
      ],
    });
    expect(validateBody(attendanceRequestSchema(invited), {})).toEqual({ ok: false, errors: [{ field: 'present', message: 'is required' }] });
    expect(validateBody(attendanceRequestSchema(invited), { present: 'anna' })).toEqual({ ok: false, errors: [{ field: 'present', message: 'must be an array of person ids' }] });
    expect(validateBody(attendanceRequestSchema(invited), { present: [], absent: [] })).toEqual({ ok: false, errors: [{ field: 'absent', message: 'is not a known field' }] });
  });

  it('is stored the same for the same people, whatever the order or repeats', () => {
    const at = new Date('2027-03-04T12:00:00Z');
    expect(attendanceRecord(['bo', 'anna', 'bo'], at)).toEqual(attendanceRecord(['anna', 'bo'], at));
  });
});

describe('when attendance may be recorded', () => {
  // 13:00 Copenhagen in summer time (11:00Z); the local day starts 22:00Z the evening before.
  const meeting = { status: 'scheduled' as const, startsAt: '2027-06-10T11:00:00Z', timeZone: 'Europe/Copenhagen' };

  it('from the start of the meeting day in the network time zone, also after the meeting and its follow-up', () => {
    expect(canRecordAttendance(meeting, new Date('2027-06-09T21:59:59Z')).ok).toBe(false);
    expect(canRecordAttendance(meeting, new Date('2027-06-09T22:00:00Z')).ok).toBe(true);
    expect(canRecordAttendance(meeting, new Date('2027-06-20T10:00:00Z')).ok).toBe(true);
    expect(canRecordAttendance({ ...meeting, status: 'held' }, new Date('2027-06-20T10:00:00Z')).ok).toBe(true);
  });

  it('never for a cancelled meeting', () => {
    expect(canRecordAttendance({ ...meeting, status: 'cancelled' }, new Date('2027-06-10T11:00:00Z'))).toEqual({
      ok: false,
      conflict: 'The meeting was cancelled, so there is no attendance to record.',
    });
  });
});

describe('attendance figures', () => {
  const invitations = [
    { personId: 'anna', municipality: 'Kolding' },
    { personId: 'bo', municipality: 'Kolding' },
    { personId: 'carl', municipality: 'Varde' },
    { personId: 'jane', municipality: null },
  ];
  const attendance = { present: ['anna', 'carl'], recordedAt: '2027-03-04T12:00:00.000Z' };

  it('per municipality, those without one last; null while nothing is recorded', () => {
    expect(attendanceSummary(invitations, undefined)).toBeNull();
    expect(attendanceSummary(invitations, attendance)).toEqual({
      invited: 4,
      present: 2,
      byMunicipality: [
        { municipality: 'Kolding', invited: 2, present: 1 },
        { municipality: 'Varde', invited: 1, present: 1 },
        { municipality: null, invited: 1, present: 0 },
      ],
    });
  });

  it('attended per invitation: true, false, or null when nothing is recorded', () => {
    expect(withAttended(invitations, attendance).map((i) => i.attended)).toEqual([true, false, true, false]);
    expect(withAttended(invitations, undefined).map((i) => i.attended)).toEqual([null, null, null, null]);
  });
});

describe('who gets which follow-up', () => {
  const inv = (personId: string, answer?: string) => ({ recipient: { personId }, ...(answer ? { answer } : {}) });
  const invitations = [inv('anna', 'accept'), inv('bo', 'decline'), inv('carl'), inv('dina', 'accept')];

  it('without attendance: everyone who did not decline, in full (the rule before attendance)', () => {
    const a = followUpAudience(invitations, undefined);
    expect(a.full.map((i) => i.recipient.personId)).toEqual(['anna', 'carl', 'dina']);
    expect(a.absent).toEqual([]);
  });

  it('with attendance: in full to those who came, a shorter note to everyone else invited', () => {
    const a = followUpAudience(invitations, { present: ['carl', 'anna'], recordedAt: '' });
    expect(a.full.map((i) => i.recipient.personId)).toEqual(['anna', 'carl']);
    expect(a.absent.map((i) => i.recipient.personId)).toEqual(['bo', 'dina']);
  });
});

describe('the participant list file', () => {
  const people: Participant[] = [
    { personId: 'oe', name: 'Øjvind Ærø', email: 'oe@varde.dk', role: 'coordinator', municipality: 'Varde', answer: 'accept', answeredAt: '2027-07-01T10:05:00Z', attended: true },
    { personId: 'x', name: '=HYPERLINK("http://evil.example","klik")', email: 'x@example.org', role: 'citizen', municipality: null, answer: null, answeredAt: null, comment: '+45 1234; glutenfri', attended: false },
    { personId: 'a', name: 'Anna', email: 'anna@kolding.dk', role: 'inspirer', municipality: 'Kolding', topic: '@home', answer: 'maybe', answeredAt: '2027-01-15T10:05:00Z', comment: '-vegetar', attended: null },
  ];

  it('Danish: BOM, semicolons, Danish headers and words, local times (summer and winter), rows by name', () => {
    const csv = participantsCsv(people, 'da', 'Europe/Copenhagen');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Navn;E-mail;Kommune;Rolle;Emne;Svar;Svaret;Kommentar;Mødt op');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""klik"")";x@example.org;;Borger;;Intet svar;;"'+45 1234; glutenfri";Nej`);
    expect(lines[2]).toBe("Anna;anna@kolding.dk;Kolding;Inspirator;'@home;Måske;2027-01-15 11:05;'-vegetar;");
    expect(lines[3]).toBe('Øjvind Ærø;oe@varde.dk;Varde;Koordinator;;Ja;2027-07-01 12:05;;Ja');
    expect(lines[4]).toBe('');
  });

  it('English headers and words', () => {
    const lines = participantsCsv(people, 'en', 'Europe/Copenhagen').slice(1).split('\r\n');
    expect(lines[0]).toBe('Name;Email;Municipality;Role;Topic;Answer;Answered;Comment;Attended');
    expect(lines[3]).toBe('Øjvind Ærø;oe@varde.dk;Varde;Coordinator;;Yes;2027-07-01 12:05;;Yes');
  });

  it('names the file by the local date and the title', () => {
    expect(participantsFileName('Netværksmøde i Århus', '2027-03-04T23:30:00Z', 'Europe/Copenhagen')).toBe('participants-2027-03-05-netvaerksmoede-i-aarhus.csv');
  });
});

describe('who a cancel tells', () => {
  it('before: everyone invited; after: the mails queued of how many, with the reason', () => {
    expect(cancellationReach({ status: 'scheduled', version: 1 }, 9)).toEqual({ status: 'before', willBeTold: 9 });
    const cancelled = { status: 'cancelled' as const, version: 2, cancelReason: 'Sygdom' };
    expect(cancellationReach({ ...cancelled, fanOut: { version: 2, kind: 'cancellation', total: 9, enqueued: 0, at: 0 } }, 9)).toEqual({ status: 'after', told: 0, total: 9, reason: 'Sygdom' });
    expect(cancellationReach({ ...cancelled, fanOut: { version: 2, kind: 'cancellation', total: 9, enqueued: 0, at: 0 }, closeFanOutDone: true }, 9)).toEqual({ status: 'after', told: 9, total: 9, reason: 'Sygdom' });
    expect(cancellationReach({ status: 'held', version: 1 }, 9)).toBeUndefined();
  });
});

describe('the follow-up after attendance, as mail', () => {
  const followUp = { summary: 'Vi talte længe om borgerpaneler.', decisions: ['Vi prøver et panel i Varde'], nextSteps: ['Næste møde i maj'] };
  const text = async (j: ReturnType<typeof meetingMailJob>) => {
    const parsed = await simpleParser(Buffer.from((await composeMail(j, settings, { now })).raw));
    return { subject: parsed.subject ?? '', text: parsed.text ?? '' };
  };

  it('the shorter note: decisions and next steps, no summary, in Danish and English', async () => {
    const da = await text(meetingMailJob({ kind: 'follow-up', followUp: { ...followUp, absent: true } }));
    expect(da.subject).toMatch(/^Fra mødet: Netværksmøde i Kolding/);
    expect(da.text).toContain('Vi savnede dig');
    expect(da.text).toContain('Vi prøver et panel i Varde');
    expect(da.text).toContain('Næste møde i maj');
    expect(da.text).not.toContain('borgerpaneler');
    const en = await text(meetingMailJob({ kind: 'follow-up', followUp: { ...followUp, absent: true }, recipient: { language: 'en' } }));
    expect(en.subject).toMatch(/^From the meeting:/);
    expect(en.text).toContain('We missed you');
  });

  it('the sender copy: the whole follow-up, marked a copy, and its own mail beside any invitation of theirs', async () => {
    const copy = meetingMailJob({ kind: 'follow-up', followUp: { ...followUp, copy: true } });
    const mail = await text(copy);
    expect(mail.subject).toMatch(/^Kopi af opfølgningen:/);
    expect(mail.text).toContain('borgerpaneler');
    expect(mail.text).toContain('din kopi');
    expect(mailKey(copy)).not.toBe(mailKey(meetingMailJob({ kind: 'follow-up', followUp })));
  });
});
