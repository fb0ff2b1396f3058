// The network's settings as functions see them (the config file minus the people seed).
// lib/network-config.ts extends this schema for the whole config file.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { hasTextOrUrl, hasVisibleText, stripBidiControls } from './text.js';

export const LANGUAGES = ['da', 'en'] as const;
// The enums too are built on first use (lazySchema), as the object schemas below and in events.ts: see there.
export const Language = /* @__PURE__ */ lazySchema(() => z.enum(LANGUAGES));
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
export const Role = /* @__PURE__ */ lazySchema(() => z.enum(ROLES));
export type Role = z.infer<typeof Role>;

/** The roles as a Danish office writes them (CSV import and the Danish exports). */
export const ROLE_NAMES_DA: Record<Role, string> = {
  facilitator: 'facilitator', coordinator: 'koordinator', employee: 'medarbejder', politician: 'politiker',
  'volunteer-consultant': 'frivillig konsulent', citizen: 'borger', inspirer: 'inspirator',
};

// Built on first use (lazySchema), as the schemas in events.ts: see there.

/** One bit of text per language; Danish is required, English falls back to Danish. */
export const LocalizedText = /* @__PURE__ */ lazySchema(() =>
  z.object({
    da: z.string().check(z.trim(), z.minLength(1), z.maxLength(600)),
    en: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(600))),
  }),
);
export type LocalizedText = z.infer<typeof LocalizedText>;

export const PracticalInfo = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      text: z.optional(LocalizedText),
      url: z.optional(z.url({ protocol: /^https?$/ })),
    })
    .check(
      z.refine(hasTextOrUrl, {
        message: 'give a text, a url, or both',
      }),
    ),
);
export type PracticalInfo = z.infer<typeof PracticalInfo>;

/** A name safe for a mail header: no control characters (CR/LF would inject headers). */
export const PersonName = /* @__PURE__ */ lazySchema(() =>
  z
    .string()
    .check(
      // A name goes into From/To display names: no bidi reordering, and something that shows.
      z.overwrite(stripBidiControls),
      z.trim(),
      z.refine(hasVisibleText, 'name is required'),
      z.maxLength(120),
      z.regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters'),
    ),
);

export const Email = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)),
    z.email({ message: 'not a valid email address' }),
  ),
);

// lib/network-config.ts extends it: z.extend of the built object, NetworkSettings._zod.innerType.
export const NetworkSettings = /* @__PURE__ */ lazySchema(() =>
  z.object({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    municipalities: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).check(z.minLength(1)),
    senderAddress: Email,
    organizerMailbox: Email,
    /**
     * Where calendar answers and replies go: the calendar's ORGANIZER and SES receiving's recipient
     * (lib/constructs/inbound-mail.ts). Default: `replyAddressOf` (reply-address.ts), svar@ at the sender's domain.
     */
    replyAddress: z.optional(Email),
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
    /** The themes and paradoxes the network starts with (the app edits the list in the table afterwards). */
    themes: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))).check(z.maxLength(50)), []),
    /** Months after a meeting's end (an experiment's planned end) that its personal data is kept (TTL). */
    retentionMonths: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(120)), 24),
  }),
);
export type NetworkSettings = z.infer<typeof NetworkSettings>;

export const Person = /* @__PURE__ */ lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes')),
    name: PersonName,
    email: Email,
    role: Role,
    municipality: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
    language: z._default(Language, 'da'),
  }),
);
export type Person = z.infer<typeof Person>;
