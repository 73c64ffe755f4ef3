/**
 * Next fire times of a five-field cron expression (minute hour day-of-month month day-of-week),
 * in the browser's local time: `*`, lists, ranges, steps and month/day names. Day-of-month and
 * day-of-week combine with OR when both are restricted, as in Vixie cron. Six-field expressions
 * (with seconds) are read by ignoring the seconds field.
 */
export class CronError extends Error {}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const macros: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

interface Field {
  values: Set<number>;
  restricted: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const values = new Set<number>();
  const value = (s: string): number => {
    const i = names.indexOf(s.toLowerCase());
    const n = i >= 0 ? i + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max + (max === 6 ? 1 : 0)) throw new CronError(`"${s}" is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = value(a);
      hi = value(b);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    if (lo > hi) throw new CronError(`range ${range} is backwards`);
    for (let v = lo; v <= hi; v += step) values.add(max === 6 && v === 7 ? 0 : v);
  }
  return { values, restricted: !text.startsWith('*') && text !== '?' };
}

/** Parses an expression; throws `CronError` with a readable message. */
export function parseCron(expression: string) {
  let text = expression.trim().toLowerCase();
  text = macros[text] ?? text;
  let parts = text.split(/\s+/);
  if (parts.length === 6) parts = parts.slice(1);
  if (parts.length !== 5) throw new CronError(`expected 5 fields, got ${parts.length}`);
  const [mi = '', h = '', dom = '', mon = '', dow = ''] = parts;
  return {
    minute: parseField(mi, 0, 59),
    hour: parseField(h, 0, 23),
    dayOfMonth: parseField(dom, 1, 31),
    month: parseField(mon, 1, 12, monthNames, 1),
    dayOfWeek: parseField(dow, 0, 6, dayNames, 0),
  };
}

/** The next `n` fire times strictly after `after`; stops looking after four years. */
export function nextFireTimes(expression: string, n = 5, after: Date = new Date()): Date[] {
  const c = parseCron(expression);
  const out: Date[] = [];
  const t = new Date(after.getTime());
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  const limit = after.getTime() + 4 * 366 * 86400_000;
  while (out.length < n && t.getTime() < limit) {
    if (!c.month.values.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    const domOk = c.dayOfMonth.values.has(t.getDate());
    const dowOk = c.dayOfWeek.values.has(t.getDay());
    const dayOk = c.dayOfMonth.restricted && c.dayOfWeek.restricted ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!c.hour.values.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!c.minute.values.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    out.push(new Date(t.getTime()));
    t.setMinutes(t.getMinutes() + 1, 0, 0);
  }
  return out;
}
