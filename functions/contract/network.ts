// The network's settings as functions see them (the config file minus the people seed).
// lib/network-config.ts extends this schema for the whole config file.
import * as z from 'zod/mini';
import './zod-locale.js';

export const LANGUAGES = ['da', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const ROLES = [
  'facilitator',
  'coordinator',
  'employee',
  'politician',
  'volunteer-consultant',
  'citizen',
  'inspirer',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** One bit of text per language; Danish is required, English falls back to Danish. */
export const LocalizedText = z.object({
  da: z.string().check(z.trim(), z.minLength(1), z.maxLength(600)),
  en: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(600))),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

const httpsUrl = z.url({ protocol: /^https?$/ });

export const PracticalInfo = z
  .object({
    text: z.optional(LocalizedText),
    url: z.optional(httpsUrl),
  })
  .check(
    z.refine((p) => p.text !== undefined || p.url !== undefined, {
      message: 'give a text, a url, or both',
    }),
  );
export type PracticalInfo = z.infer<typeof PracticalInfo>;

/** A name safe for a mail header: no control characters (CR/LF would inject headers). */
export const PersonName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'name is required'),
    z.maxLength(120),
    z.regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters'),
  );

export const Email = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)),
  z.email({ message: 'not a valid email address' }),
);

export const NetworkSettings = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  municipalities: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).check(z.minLength(1)),
  senderAddress: Email,
  organizerMailbox: Email,
  contact: z.object({
    name: PersonName,
    phone: z.string().check(z.trim(), z.minLength(3), z.maxLength(30)),
    email: Email,
  }),
  practicalInfo: PracticalInfo,
  attendanceGuidelines: z.optional(PracticalInfo),
  timeZone: z._default(z.string(), 'Europe/Copenhagen').check(
    z.refine((tz: string) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
  ),
  defaultLanguage: z._default(Language, 'da'),
  /** Hours before the meeting start at which reminders go out. */
  reminderOffsetsHours: z._default(z.array(z.number().check(z.int(), z.positive(), z.maximum(24 * 60))), [168, 24]),
  /** Months after a meeting's end (an experiment's planned end) that its personal data is kept (TTL). */
  retentionMonths: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(120)), 24),
});
export type NetworkSettings = z.infer<typeof NetworkSettings>;

export const Person = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes')),
  name: PersonName,
  email: Email,
  role: Role,
  municipality: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  language: z._default(Language, 'da'),
});
export type Person = z.infer<typeof Person>;
