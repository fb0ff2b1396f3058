// A meeting's participant list as a file for the spreadsheet: semicolon-separated (Danish Excel
// splits on ';'), UTF-8 with a byte order mark (else Excel reads æøå in the legacy code page),
// Danish or English headers and words, times in the network's time zone, and formulas defused
// (functions/domain/csv.ts). One row per invitee, by name.
import type { Language, Role } from '../../contract/network.js';
import type { RsvpAnswer } from '../../contract/events.js';
import { toCsv, type CsvColumn } from '../csv.js';
import { compareDanish } from '../danish-order.js';
import { localTimeAt } from '../zoned-time.js';

type ParticipantKey = 'name' | 'email' | 'municipality' | 'role' | 'topic' | 'answer' | 'answeredAt' | 'comment' | 'attended';

const HEADERS: Record<Language, Record<ParticipantKey, string>> = {
  da: {
    name: 'Navn', email: 'E-mail', municipality: 'Kommune', role: 'Rolle', topic: 'Emne', answer: 'Svar',
    answeredAt: 'Svaret', comment: 'Kommentar', attended: 'Mødt op',
  },
  en: {
    name: 'Name', email: 'Email', municipality: 'Municipality', role: 'Role', topic: 'Topic', answer: 'Answer',
    answeredAt: 'Answered', comment: 'Comment', attended: 'Attended',
  },
};

const WORDS: Record<Language, { answers: Record<RsvpAnswer | 'none', string>; yes: string; no: string; roles: Record<Role, string> }> = {
  da: {
    answers: { accept: 'Ja', decline: 'Nej', maybe: 'Måske', none: 'Intet svar' },
    yes: 'Ja',
    no: 'Nej',
    roles: {
      facilitator: 'Facilitator', coordinator: 'Koordinator', employee: 'Medarbejder', politician: 'Politiker',
      'volunteer-consultant': 'Frivillig konsulent', citizen: 'Borger', inspirer: 'Inspirator',
    },
  },
  en: {
    answers: { accept: 'Yes', decline: 'No', maybe: 'Maybe', none: 'No answer' },
    yes: 'Yes',
    no: 'No',
    roles: {
      facilitator: 'Facilitator', coordinator: 'Coordinator', employee: 'Employee', politician: 'Politician',
      'volunteer-consultant': 'Volunteer consultant', citizen: 'Citizen', inspirer: 'Inspirer',
    },
  },
};

/** One invitee as the list needs them (the meeting page's invitation, with the answer's comment if any). */
export interface Participant {
  personId: string;
  name: string;
  email: string;
  role: Role;
  municipality: string | null;
  topic?: string;
  answer: RsvpAnswer | null;
  answeredAt: string | null;
  /** What they wrote with their answer (diet, access), when the answer page asked. */
  comment?: string;
  attended?: boolean | null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2027-02-10 13:05" on the wall clock of `timeZone` (what a spreadsheet reads as a date and time). */
export function localDateTime(iso: string, timeZone: string): string {
  const t = localTimeAt(Date.parse(iso), timeZone);
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
}

export const PARTICIPANT_KEYS = Object.keys(HEADERS.da) as ParticipantKey[];

export function participantsCsv(participants: readonly Participant[], language: Language, timeZone: string): string {
  const w = WORDS[language];
  const columns: CsvColumn<ParticipantKey>[] = PARTICIPANT_KEYS.map((key) => ({ key, header: HEADERS[language][key] }));
  const rows = [...participants]
    .sort((a, b) => compareDanish(a.name, b.name) || (a.personId < b.personId ? -1 : 1))
    .map((p) => ({
      name: p.name,
      email: p.email,
      municipality: p.municipality ?? '',
      role: w.roles[p.role] ?? p.role,
      topic: p.topic ?? '',
      answer: w.answers[p.answer ?? 'none'],
      answeredAt: p.answeredAt ? localDateTime(p.answeredAt, timeZone) : '',
      comment: p.comment ?? '',
      attended: p.attended === true ? w.yes : p.attended === false ? w.no : '',
    }));
  return toCsv(rows, columns, { bom: true, delimiter: ';' });
}

/** The download's file name: the meeting's local date and a safe slug of its title. */
export function participantsFileName(title: string, startsAt: string, timeZone: string): string {
  const date = localDateTime(startsAt, timeZone).slice(0, 10);
  const slug = title
    .replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'oe').replace(/[åÅ]/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `participants-${date}${slug ? `-${slug}` : ''}.csv`;
}
