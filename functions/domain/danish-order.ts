// Names and municipalities sort as a Danish reader expects (æ, ø, å after z). Built on first use:
// a Danish collator loads ICU's collation data, milliseconds of module init in every function
// that bundles a module sorting this way, and most invocations never sort.
let collator: Intl.Collator | undefined;

/** Compares two strings in Danish order (Intl.Collator('da')). */
export const compareDanish = (a: string, b: string): number => (collator ??= new Intl.Collator('da')).compare(a, b);
