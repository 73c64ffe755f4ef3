import { CronExpressionParser } from 'cron-parser';

/**
 * Cron expressions read as the server reads them (packages/domain/src/schedules/cronSchedule.ts): the
 * same library, 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, in an
 * IANA time zone, so the preview while editing shows the times the scheduler will fire.
 */
export class CronError extends Error {}

/** Why an expression is not acceptable, or null (the server's rule: 5 or 6 fields, no macros). */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) return `expected 5 fields (or 6 with seconds first), got ${fields.length}`;
  try {
    CronExpressionParser.parse(expression.trim(), { currentDate: new Date(0), tz: 'UTC' }).next();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Throws `CronError` when the expression is not acceptable. */
export function parseCron(expression: string): void {
  const problem = cronProblem(expression);
  if (problem) throw new CronError(problem);
}

/** The next `n` fire times strictly after `after`, read in `timeZone` (default: the browser's). */
export function nextFireTimes(expression: string, n = 5, options: { timeZone?: string; after?: Date } = {}): Date[] {
  parseCron(expression);
  const it = CronExpressionParser.parse(expression.trim(), { currentDate: options.after ?? new Date(), tz: options.timeZone || browserTimeZone() });
  const out: Date[] = [];
  try {
    while (out.length < n) out.push(it.next().toDate());
  } catch {
    // no further fire time (cron-parser gives up after its loop limit)
  }
  return out;
}

/** The browser's IANA time zone, e.g. Europe/Paris. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether this browser knows `timeZone` as an IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone this browser knows, UTC first. */
export function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...all.filter((z) => z !== 'UTC')];
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time as read in `timeZone`, with the zone's short name: "Mon 30 Nov, 03:00 CET". */
export function zonedTime(value: Date | string | number, timeZone: string): string {
  let f = zonedFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
    } catch {
      f = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
    }
    zonedFormats.set(timeZone, f);
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : f.format(d);
}
