// What counts as text in a field people read: characters that show nothing are not content, and
// the characters that reorder text (bidi embeddings, overrides and isolates) are dropped, so a
// title cannot be blank to the eye or display "txt.exe" as "exe.txt" in a Subject or name.
// Shared by the request schemas (functions/domain), the contract's person fields and the MIME
// headers (functions/mail).

/**
 * U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): unpaired they reverse what
 * follows them, in the field and beyond it. The marks U+200E, U+200F and U+061C stay in stored
 * text (they change no order, and right-to-left names use them); headers drop them too.
 */
const BIDI_REORDERING = /[\u202A-\u202E\u2066-\u2069]/gu;
const BIDI_ALL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/** Text without the characters that reorder it. */
export const stripBidiControls = (text: string): string => text.replace(BIDI_REORDERING, '');

/** For a mail header or a display name: no bidi control of any kind. */
export const stripBidiForHeader = (text: string): string => text.replace(BIDI_ALL, '');

/**
 * Characters that show nothing: white space, control and format characters (Cf: zero-width
 * space and joiners, bidi controls, the byte order mark, soft hyphen) and the other default
 * ignorables (Hangul fillers, variation selectors).
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Whether the text has at least one character that shows. */
export const hasVisibleText = (text: string): boolean => text.replace(INVISIBLE, '').length > 0;

/** Practical information says something: a text, a link, or both (network.ts PracticalInfo). */
export const hasTextOrUrl = (info: { text?: unknown; url?: unknown }): boolean => info.text !== undefined || info.url !== undefined;
