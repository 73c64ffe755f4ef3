import { CronExpressionParser } from 'cron-parser';

/** At most this many fire times are enumerated in one call, whatever the caller asks (a guard, not a policy). */
export const maxEnumeratedFires = 10_000;

/**
 * Why a cron expression is not acceptable, or null when it is (pure): 5 fields (minute hour
 * day-of-month month day-of-week) or 6 (seconds first), each as cron-parser reads it; macros such
 * as `@hourly` and expressions that never fire are refused.
 */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `expected 5 fields (or 6 with seconds first), got ${fields.length}`;
  try {
    CronExpressionParser.parse(cron, { currentDate: 0, tz: 'UTC' }).next();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Whether `timeZone` is an IANA time zone name this runtime knows (pure). */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const parse = (cron: string, timeZone: string, at: number) => CronExpressionParser.parse(cron, { currentDate: new Date(at), tz: timeZone });

/**
 * The next `n` fire times strictly after `after` (epoch milliseconds), ascending (pure). Read in
 * `timeZone`, so DST is handled: a wall time that does not exist (spring forward) fires once, an hour
 * later; a wall time that happens twice (fall back) fires once, at its first occurrence. An hourly
 * expression still fires every real hour.
 */
export function nextFireTimes(cron: string, timeZone: string, after: number, n: number): number[] {
  const it = parse(cron, timeZone, after);
  const out: number[] = [];
  for (let i = 0; i < Math.min(n, maxEnumeratedFires); i++) out.push(it.next().getTime());
  return out;
}

/**
 * Fire times at or before `atOrBefore`, newest first, for as long as `keep` accepts them (pure):
 * the walk stops at the first refused time, after `limit` times, or at {@link maxEnumeratedFires}.
 */
export function previousFireTimes(cron: string, timeZone: string, atOrBefore: number, keep: (t: number, index: number) => boolean, limit = maxEnumeratedFires): number[] {
  // prev() is strictly before the current date: start 1 ms later so a fire exactly at `atOrBefore` counts.
  const it = parse(cron, timeZone, atOrBefore + 1);
  const out: number[] = [];
  while (out.length < Math.min(limit, maxEnumeratedFires)) {
    const t = it.prev().getTime();
    if (!keep(t, out.length)) break;
    out.push(t);
  }
  return out;
}
