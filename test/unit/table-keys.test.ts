// The stored keys are a promise to the data already in every network's table: a changed prefix
// would orphan it. These pin the sign-in items and the mail records' partitions, byte for byte, to
// docs/architecture.md ("Table", "Web app and sign-in").
import { describe, expect, it } from 'vitest';
import { mailRecordKey, type MailJob } from '../../functions/contract/mail-job.js';
import { key } from '../../functions/contract/table.js';

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
});
