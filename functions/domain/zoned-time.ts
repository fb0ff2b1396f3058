// Wall-clock time in an IANA zone <-> instants, with Intl only (no date library in the bundles).
// A meeting at 13:00 Copenhagen time is 12:00Z in winter and 11:00Z in summer; the offset
// is looked up for the date itself, so DST is handled by the platform's time zone data.

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in timeZone at the given instant (epoch ms). */
export function localTimeAt(epochMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const asUtcMs = (t: LocalDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/** The zone's offset from UTC in minutes at the given instant (+60 for Copenhagen in winter). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtcMs(localTimeAt(wholeSeconds, timeZone)) - wholeSeconds) / 60_000);
}

/**
 * The instant at which the wall clock in timeZone shows `local`, or undefined when that time
 * does not exist there (the spring-forward gap). In the autumn overlap the earlier instant wins.
 */
export function zonedTimeToInstant(local: LocalDateTime, timeZone: string): number | undefined {
  const wall = asUtcMs(local);
  // Offsets in force a day either side cover both sides of any transition near this date.
  const offsets = new Set([offsetMinutesAt(wall - 86_400_000, timeZone), offsetMinutesAt(wall + 86_400_000, timeZone)]);
  const candidates = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => asUtcMs(localTimeAt(instant, timeZone)) === wall)
    .sort((a, b) => a - b);
  return candidates[0];
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** ISO 8601 with the zone's offset at that instant, e.g. 2027-03-04T13:00:00+01:00. */
export function formatInstantInZone(epochMs: number, timeZone: string): string {
  const t = localTimeAt(epochMs, timeZone);
  const offset = offsetMinutesAt(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

const LOCAL_OR_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/;

export type ParsedTime =
  | { ok: true; epochMs: number }
  | { ok: false; reason: 'format' | 'invalid-date' | 'nonexistent' };

/**
 * Parses "2027-03-04T13:00" (wall clock in timeZone), with optional seconds, or the same with an
 * explicit offset ("...+01:00" or "Z"), which then names the instant directly.
 */
export function parseMeetingTime(text: string, timeZone: string): ParsedTime {
  const m = LOCAL_OR_OFFSET.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
  const wall = asUtcMs(local);
  const back = new Date(wall);
  // Date.UTC rolls 2027-02-30 over into March; a round trip catches such dates.
  if (
    local.hour > 23 ||
    local.minute > 59 ||
    local.second > 59 ||
    back.getUTCFullYear() !== local.year ||
    back.getUTCMonth() + 1 !== local.month ||
    back.getUTCDate() !== local.day
  ) {
    return { ok: false, reason: 'invalid-date' };
  }
  const zone = m[7];
  if (zone !== undefined) {
    if (zone === 'Z') return { ok: true, epochMs: wall };
    const sign = zone.startsWith('-') ? -1 : 1;
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 14 || minutes > 59) return { ok: false, reason: 'invalid-date' };
    return { ok: true, epochMs: wall - sign * (hours * 60 + minutes) * 60_000 };
  }
  const instant = zonedTimeToInstant(local, timeZone);
  return instant === undefined ? { ok: false, reason: 'nonexistent' } : { ok: true, epochMs: instant };
}
