// The review date's schedule decision, the check when it fires, who gets the reminder, and the
// reminder mail itself (issue 17).
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { reviewRecipient, reviewScheduleDecision, reviewScheduleName, reviewStillDue } from '../../functions/domain/experiment/review.js';
import type { ExperimentMailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import { reviewMailContent } from '../../functions/mail/experiment-review-mail.js';
import { composeMail } from '../../functions/mail/index.js';
import { settings } from '../support/mail-fixtures.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';

const TZ = 'Europe/Copenhagen';
const now = new Date('2027-03-01T10:00:00Z');
const base = { experimentId: 'exp-1', status: 'running' as const };

describe('the review schedule decision', () => {
  it('puts the schedule at 08:00 network time on the review date (winter and summer time)', () => {
    expect(reviewScheduleDecision({ ...base, reviewOn: '2027-03-10' }, TZ, now)).toEqual({
      action: 'put',
      schedule: { name: 'rv-exp-1', at: new Date('2027-03-10T07:00:00Z'), detail: { experimentId: 'exp-1', reviewOn: '2027-03-10' } },
    });
    const summer = reviewScheduleDecision({ ...base, reviewOn: '2027-06-01' }, TZ, now);
    expect(summer).toMatchObject({ action: 'put', schedule: { at: new Date('2027-06-01T06:00:00Z') } });
  });

  it('moves the same schedule (one name per experiment) when the date changes', () => {
    const a = reviewScheduleDecision({ ...base, reviewOn: '2027-03-10' }, TZ, now);
    const b = reviewScheduleDecision({ ...base, reviewOn: '2027-04-02' }, TZ, now);
    expect(a.action === 'put' && b.action === 'put' && a.schedule.name === b.schedule.name).toBe(true);
    expect(b).toMatchObject({ schedule: { at: new Date('2027-04-02T06:00:00Z'), detail: { reviewOn: '2027-04-02' } } });
  });

  it('deletes it when the date is cleared or has passed, or the experiment is completed or abandoned', () => {
    expect(reviewScheduleDecision({ ...base }, TZ, now)).toEqual({ action: 'delete', name: 'rv-exp-1', reason: 'no review date' });
    expect(reviewScheduleDecision({ ...base, reviewOn: '2027-02-28' }, TZ, now)).toMatchObject({ action: 'delete' });
    expect(reviewScheduleDecision({ ...base, status: 'completed', reviewOn: '2027-03-10' }, TZ, now)).toMatchObject({ action: 'delete', reason: 'experiment is completed' });
    expect(reviewScheduleDecision({ ...base, status: 'abandoned', reviewOn: '2027-03-10' }, TZ, now)).toMatchObject({ action: 'delete' });
  });

  it('set for today after the morning: fires a minute from now, still on the day', () => {
    expect(reviewScheduleDecision({ ...base, reviewOn: '2027-03-01' }, TZ, now)).toMatchObject({ action: 'put', schedule: { at: new Date(now.getTime() + 60_000) } });
  });

  it('a long or unusual id gets a short, stable, valid name', () => {
    const n = reviewScheduleName('x'.repeat(80));
    expect(n).toMatch(/^rv-[0-9a-f]{32}$/);
    expect(reviewScheduleName('x'.repeat(80))).toBe(n);
  });
});

describe('when the schedule fires', () => {
  it('sends only for the date it was made for, and not for a closed experiment', () => {
    expect(reviewStillDue({ status: 'running', reviewOn: '2027-03-10' }, '2027-03-10')).toEqual({ send: true });
    expect(reviewStillDue({ status: 'running', reviewOn: '2027-04-02' }, '2027-03-10')).toMatchObject({ send: false });
    expect(reviewStillDue({ status: 'running' }, '2027-03-10')).toMatchObject({ send: false });
    expect(reviewStillDue({ status: 'completed', reviewOn: '2027-03-10' }, '2027-03-10')).toMatchObject({ send: false });
  });

  const people: NetworkPerson[] = [
    { personId: 'mette', name: 'Mette', email: 'mette@kolding.example', role: 'coordinator', municipality: 'Kolding', language: 'da' },
    { personId: 'john', name: 'John', email: 'john@varde.example', role: 'employee', municipality: 'Varde', language: 'en' },
  ];
  it('goes to the owner as the network knows them; without an owner to the coordinator; else nobody', () => {
    expect(reviewRecipient({ municipality: 'Kolding', owner: { personId: 'john' } }, people)).toMatchObject({ as: 'owner', recipient: { email: 'john@varde.example', language: 'en' } });
    expect(reviewRecipient({ municipality: 'Kolding' }, people)).toMatchObject({ as: 'contact', recipient: { personId: 'mette' } });
    expect(reviewRecipient({ municipality: 'Varde' }, people)).toMatchObject({ recipient: undefined });
    expect(reviewRecipient({ municipality: 'Kolding', owner: { personId: 'gone' } }, people)).toMatchObject({ recipient: undefined });
  });
});

describe('the review mail', () => {
  const job = (language: 'da' | 'en', reviewOn = '2027-03-10'): ExperimentMailJob => ({
    kind: 'experiment-review',
    experiment: { experimentId: 'exp-1', municipality: 'Kolding', title: 'Frivillige', challenge: 'c', plan: 'p', startsOn: '2027-01-01', plannedEndOn: '2027-06-30', involved: [], reviewOn },
    recipient: { personId: 'john', name: 'John', email: 'john@varde.example', role: 'employee', language },
  });

  it("is in the owner's language, names the date and links to the experiment", () => {
    const link = 'https://app.example/app/experiments/exp-1';
    const en = reviewMailContent(job('en'), settings, { links: { experiment: link } });
    expect(en.subject).toContain('Frivillige');
    expect(en.paragraphs[0]).toContain('10 March 2027');
    expect(en.sections[0]?.link).toEqual({ label: 'Open the experiment', href: link });
    const da = reviewMailContent(job('da'), settings, { links: { experiment: link } });
    expect(da.subject).toMatch(/^Tid til at kigge/);
    expect(da.paragraphs[0]).toContain('marts 2027');
  });

  it('is composed by the mailer with the link to the experiment and, being essential, no unsubscribe', async () => {
    const link = 'https://app.example/app/experiments/exp-1';
    const mail = await composeMail(job('da'), settings, { links: { experiment: link, unsubscribe: 'https://app.example/u?t=x' } });
    const parsed = await simpleParser(Buffer.from(mail.raw));
    expect(parsed.subject).toMatch(/^Tid til at kigge/);
    expect(parsed.text).toContain(link);
    expect(parsed.headers.has('list-unsubscribe')).toBe(false);
  });

  it('is one mail per experiment, person and review date (the mailer claim key)', () => {
    expect(mailKey(job('en'))).toBe(mailKey(job('da')));
    expect(mailKey(job('en'))).not.toBe(mailKey(job('en', '2027-04-02')));
  });
});
