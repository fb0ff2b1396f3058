// The value-level pieces of event patterns shared by validation and matching: wildcards, CIDR
// blocks, EventBridge's comparable numbers, and JSON shape tests.

import { BlockList, isIP } from 'node:net';

export type Scalar = string | number | boolean | null;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function foldCase(text: string): string {
  return text.toLowerCase();
}

// --- numbers ---

/** EventBridge compares numbers only in [-5e9, 5e9], to six digits after the decimal point. */
export const NUMERIC_LIMIT = 5e9;

/**
 * A number as EventBridge compares it: shifted to be positive and truncated to millionths (what
 * event-ruler's ComparableNumber does), or undefined outside the comparable range.
 */
export function comparableNumber(value: number): number | undefined {
  if (!(value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT)) return undefined;
  return Math.trunc((NUMERIC_LIMIT + value) * 1e6);
}

// --- wildcard ---

export type WildcardToken = { readonly star: true } | { readonly literal: string };

/** Splits a wildcard into literals and stars; returns the reason text if it is invalid. */
export function wildcardTokens(wildcard: string): WildcardToken[] | string {
  const tokens: WildcardToken[] = [];
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i]!;
    if (char === '*') {
      if (wildcard[i + 1] === '*') return `Consecutive wildcard characters at pos ${i + 1}`;
      tokens.push({ star: true });
    } else if (char === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${i + 1}`;
      tokens.push({ literal: next });
      i++;
    } else {
      tokens.push({ literal: char });
    }
  }
  return tokens;
}

const wildcardCache = new Map<string, RegExp>();

/** `*` matches any run of characters (even none), `\*` a literal star. The wildcard must be valid. */
export function wildcardRegExp(wildcard: string): RegExp {
  let regExp = wildcardCache.get(wildcard);
  if (regExp === undefined) {
    const tokens = wildcardTokens(wildcard);
    if (typeof tokens === 'string') throw new Error(`unreachable: wildcard ${wildcard} passed validation`);
    const source = tokens
      .map((token) => ('star' in token ? '.*' : token.literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    regExp = new RegExp(`^${source}$`, 'su');
    wildcardCache.set(wildcard, regExp);
  }
  return regExp;
}

// --- cidr ---

export interface CidrBlock {
  readonly family: 4 | 6;
  readonly list: BlockList;
}

const cidrCache = new Map<string, CidrBlock | string>();

/** Parses "10.0.0.0/24" or "2001:db8::/32"; returns the reason text (event-ruler's) if malformed. */
export function parseCidr(cidr: string): CidrBlock | string {
  const cached = cidrCache.get(cidr);
  if (cached !== undefined) return cached;
  const block = parseCidrUncached(cidr);
  cidrCache.set(cidr, block);
  return block;
}

function parseCidrUncached(cidr: string): CidrBlock | string {
  const parts = cidr.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const [address, mask] = parts as [string, string];
  if (!/^\d+$/.test(mask)) return 'Malformed CIDR, mask bits must be an integer';
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || address.includes('%')) return `Nonstandard IP address: ${address}`;
  const bits = Number(mask);
  const maxBits = family === 4 ? 32 : 128;
  if (bits > maxBits) return `Malformed CIDR, mask bits must be between 0 and ${maxBits}`;
  const list = new BlockList();
  list.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  return { family, list };
}

/** True if `value` is an IP address of the block's family inside it. */
export function inCidr(block: CidrBlock, value: string): boolean {
  if (value.includes('%') || isIP(value) !== block.family) return false;
  return block.list.check(value, block.family === 4 ? 'ipv4' : 'ipv6');
}
