// Shared fixtures of the mail tests (test/unit/mail.test.ts, mail-lifecycle.test.ts): the demo
// network's settings, a pinned clock, and a meeting mail job with overridable parts.
import { readFileSync } from 'node:fs';
import type { MeetingMailJob } from '../../functions/contract/mail-job.js';
import { NetworkSettings } from '../../functions/contract/network.js';

export const settings = NetworkSettings.parse(JSON.parse(readFileSync(new URL('../../networks/demo.json', import.meta.url), 'utf8')));
export const now = new Date('2027-02-01T09:30:00Z');

export type JobOverrides = Partial<Omit<MeetingMailJob, 'meeting' | 'recipient'>> & {
  meeting?: Partial<MeetingMailJob['meeting']>;
  recipient?: Partial<MeetingMailJob['recipient']>;
};

/** An invitation to the demo meeting in Kolding for Mette Kjær (Danish), with the given overrides. */
export function meetingMailJob({ meeting, recipient, ...rest }: JobOverrides = {}): MeetingMailJob {
  return {
    kind: 'invitation',
    ...rest,
    meeting: {
      meetingId: 'm-2027-03-kolding',
      version: 1,
      title: 'Netværksmøde i Kolding',
      agenda: ['Velkomst og tjek-ind', 'Erfaringer fra forsøget i Varde'],
      startsAt: '2027-03-04T13:00:00+01:00',
      endsAt: '2027-03-04T16:00:00+01:00',
      timeZone: 'Europe/Copenhagen',
      place: 'Kolding Rådhus, Akseltorv 1, 6000 Kolding',
      onlineUrl: 'https://meet.example.org/samskab-marts',
      hostMunicipality: 'Kolding',
      audience: { municipalities: [], roles: [] },
      inspirers: [],
      ...meeting,
    },
    recipient: {
      personId: 'mette-kjaer',
      name: 'Mette Kjær',
      email: 'mette.kjaer@kolding.example.com',
      role: 'coordinator',
      municipality: 'Kolding',
      language: 'da',
      ...recipient,
    },
  };
}

/** An English-speaking recipient. */
export const english = { name: 'Oliver Smith', email: 'oliver.smith@varde.example.com', role: 'citizen', language: 'en' } as const;
