// EventBridge Scheduler's recurring expressions, for the schedules a template declares (the daily
// digest): `cron(minutes hours day-of-month month day-of-week year)` in the schedule's time zone and
// `rate(n unit)`. Fields take what the stacks use and what is common: `*`, `?`, numbers, lists
// (`1,15`), ranges (`1-5`) and steps (`0/15`, `*/5`). Month and weekday names, `L`, `W` and `#`
// are refused with a message, so an expression the local cloud cannot run is never silently skipped.

const FIELDS = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 1, max: 7 },
  { name: 'year', min: 1970, max: 2199 },
] as const;

type Matcher = (n: number) => boolean;

function field(text: string, f: (typeof FIELDS)[number]): Matcher {
  if (text === '*' || text === '?') return () => true;
  const parts = text.split(',').map((part) => {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (m === null) throw new Error(`cron ${f.name} "${text}": the local cloud runs *, ?, numbers, lists, ranges and steps only`);
    const from = m[1] === '*' ? f.min : Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined || m[1] === '*' ? f.max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (from < f.min || to > f.max || step < 1) throw new Error(`cron ${f.name} "${text}": out of range ${f.min}-${f.max}`);
    return (n: number) => n >= from && n <= to && (n - from) % step === 0;
  });
  return (n) => parts.some((p) => p(n));
}

/** The first time after `after` (epoch ms) a `cron(...)` or `rate(...)` expression fires; undefined for anything else. */
export function nextRecurrence(expression: string, timeZone: string, after: number, since = after): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate !== null) {
    const unit = rate[2]!.startsWith('minute') ? 60_000 : rate[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
    const period = Number(rate[1]) * unit;
    return since + (Math.floor((after - since) / period) + 1) * period;
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron === null) return undefined;
  const texts = cron[1]!.trim().split(/\s+/);
  if (texts.length !== 6) throw new Error(`cron "${cron[1]}": expected 6 fields (minutes hours day-of-month month day-of-week year)`);
  const [minute, hour, dom, month, dow, year] = texts.map((t, i) => field(t, FIELDS[i]!)) as [Matcher, Matcher, Matcher, Matcher, Matcher, Matcher];
  // Walk the zone's calendar day by day (at most ~4 years), then the matching hours and minutes.
  const start = new Date(after);
  for (let d = 0; d < 1500; d++) {
    const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() - 1 + d));
    const y = day.getUTCFullYear(), mo = day.getUTCMonth() + 1, dd = day.getUTCDate();
    // Scheduler's day-of-week: 1 = Sunday ... 7 = Saturday.
    if (!year(y) || !month(mo) || !dom(dd) || !dow(day.getUTCDay() + 1)) continue;
    for (let h = 0; h < 24; h++) {
      if (!hour(h)) continue;
      for (let mi = 0; mi < 60; mi++) {
        if (!minute(mi)) continue;
        const local = `${y}-${String(mo).padStart(2, '0')}-${String(dd).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00`;
        const at = zonedToEpoch(local, timeZone);
        if (at > after) return at;
      }
    }
  }
  return undefined;
}

/** Wall-clock time in an IANA zone to epoch ms (two passes settle the DST offset). */
export function zonedToEpoch(local: string, timeZone: string): number {
  const asUtc = Date.parse(`${local}Z`);
  let t = asUtc - offsetMs(asUtc, timeZone);
  t = asUtc - offsetMs(t, timeZone);
  return t;
}

function offsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(t / 1000) * 1000;
}
