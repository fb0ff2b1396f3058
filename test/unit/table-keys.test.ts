// The stored keys are a promise to the data already in every network's table: a changed prefix
// would orphan it. These pin the sign-in items and the mail records' partitions, byte for byte, to
// docs/architecture.md ("Table", "Web app and sign-in").
import { describe, expect, it } from 'vitest';
import type { MailJob } from '../../functions/contract/mail-job.js';
import { mailRecordKey } from '../../functions/contract/mail-job-subject.js';
import { byPersonSortKey, key, personItem, sortKeyPrefix } from '../../functions/contract/table.js';

const recipient = { personId: 'jonas-bech', name: 'Jonas Bech', email: 'jonas.bech@kolding.example.com', role: 'employee', language: 'da' } as const;

describe('table keys', () => {
  it('keeps the sign-in token, rate counter and session items where they have always been', () => {
    expect(key.signInToken('ab12')).toEqual({ pk: 'SIGNIN#ab12', sk: 'TOKEN' });
    expect(key.signInRate('cd34', 1_772_000_000_000)).toEqual({ pk: 'SIGNIN-RATE#cd34', sk: 'WINDOW#1772000000000' });
    expect(key.session('ef56')).toEqual({ pk: 'SESSION#ef56', sk: 'SESSION' });
  });

  it('files each mail record in its subject partition: the meeting, the experiment or the sign-in request', () => {
    const signIn: MailJob = {
      kind: 'sign-in',
      requestId: '0d3b3c1e-2f56-4f4e-9d7e-4a0a2b7f9a10',
      recipient,
      link: 'https://app.example.org/auth/callback?t=abc',
      expiresAt: '2027-03-01T10:15:00.000Z',
    };
    expect(mailRecordKey(signIn)).toEqual({
      pk: 'SIGNIN-MAIL#0d3b3c1e-2f56-4f4e-9d7e-4a0a2b7f9a10',
      sk: 'MAIL#1#sign-in#jonas-bech',
    });
    expect(key.mail(key.meeting('m1').pk, 3, 'reminder-24h', 'jonas-bech')).toEqual({ pk: 'MEETING#m1', sk: 'MAIL#3#reminder-24h#jonas-bech' });
    expect(key.mail(key.experiment('e1').pk, 1, 'experiment-invitation', 'jonas-bech')).toEqual({
      pk: 'EXPERIMENT#e1',
      sk: 'MAIL#1#experiment-invitation#jonas-bech',
    });
  });

  it('keeps the notes, agenda proposals and the prefixes the Queries read them by', () => {
    expect(key.note('e1', '2027-03-01', 7)).toEqual({ pk: 'EXPERIMENT#e1', sk: 'NOTE#2027-03-01#0007' });
    expect(key.agendaProposal('m1', 'e1')).toEqual({ pk: 'MEETING#m1', sk: 'PROPOSAL#EXPERIMENT#e1' });
    expect(sortKeyPrefix).toEqual({
      person: 'PERSON#',
      invitation: 'INVITATION#',
      reflection: 'REFLECTION#',
      note: 'NOTE#',
      agendaProposal: 'PROPOSAL#EXPERIMENT#',
      theme: 'THEME#',
    });
    for (const [prefix, item] of [
      [sortKeyPrefix.person, key.person('p1')],
      [sortKeyPrefix.invitation, key.invitation('m1', 'p1')],
      [sortKeyPrefix.invitation, key.answer('m1', 'p1')],
      [sortKeyPrefix.reflection, key.reflection('m1', 'p1')],
      [sortKeyPrefix.note, key.note('e1', '2027-03-01', 1)],
      [sortKeyPrefix.agendaProposal, key.agendaProposal('m1', 'e1')],
    ] as const) {
      expect(item.sk.startsWith(prefix)).toBe(true);
    }
  });

  it("keeps each item's place on a person's byPerson list (export and erasure read it)", () => {
    const subject = { type: 'meeting', id: 'm1', version: 2 };
    expect(byPersonSortKey.profile).toBe('PROFILE');
    expect(personItem({ id: 'p1', name: 'P', email: 'p@example.org', role: 'citizen', language: 'da' })).toMatchObject({ gsi2pk: 'PERSON#p1', gsi2sk: 'PROFILE' });
    expect(byPersonSortKey.invitation('m1')).toBe('MEETING#m1');
    expect(byPersonSortKey.answer('m1')).toBe('ANSWER#MEETING#m1');
    expect(byPersonSortKey.reflection('m1')).toBe('REFLECTION#MEETING#m1');
    expect(byPersonSortKey.involvement('e1')).toBe('EXPERIMENT#e1');
    expect(byPersonSortKey.mailStatus).toBe('MAILSTATUS');
    expect(byPersonSortKey.mail(subject, 'invitation')).toBe('MAIL#meeting#m1#2#invitation');
    expect(byPersonSortKey.delivery(subject, 'invitation')).toBe('DELIVERY#meeting#m1#2#invitation');
  });
});
