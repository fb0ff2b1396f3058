// The network's settings as functions see them (the config file minus the people seed).
// lib/network-config.ts extends this schema for the whole config file.
import { z } from 'zod';

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
  da: z.string().trim().min(1).max(600),
  en: z.string().trim().min(1).max(600).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

const httpsUrl = z.url({ protocol: /^https?$/ });

export const PracticalInfo = z
  .object({
    text: LocalizedText.optional(),
    url: httpsUrl.optional(),
  })
  .refine((p) => p.text !== undefined || p.url !== undefined, {
    message: 'give a text, a url, or both',
  });
export type PracticalInfo = z.infer<typeof PracticalInfo>;

/** A name safe for a mail header: no control characters (CR/LF would inject headers). */
export const PersonName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(120)
  .regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters');

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'not a valid email address' }));

export const NetworkSettings = z.object({
  name: z.string().trim().min(1).max(120),
  municipalities: z.array(z.string().trim().min(1).max(60)).min(1),
  senderAddress: Email,
  organizerMailbox: Email,
  contact: z.object({ name: PersonName, phone: z.string().trim().min(3).max(30), email: Email }),
  practicalInfo: PracticalInfo,
  attendanceGuidelines: PracticalInfo.optional(),
  timeZone: z
    .string()
    .default('Europe/Copenhagen')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
  defaultLanguage: Language.default('da'),
  /** Hours before the meeting start at which reminders go out. */
  reminderOffsetsHours: z.array(z.number().int().positive().max(24 * 60)).default([168, 24]),
});
export type NetworkSettings = z.infer<typeof NetworkSettings>;

export const Person = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
  name: PersonName,
  email: Email,
  role: Role,
  municipality: z.string().trim().min(1).max(60).optional(),
  language: Language.default('da'),
});
export type Person = z.infer<typeof Person>;

/** Environment variable that carries the serialized NetworkSettings to every function. */
export const NETWORK_SETTINGS_ENV = 'NETWORK_SETTINGS';
