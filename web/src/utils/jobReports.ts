/**
 * How a handler's reports read on the job page (issue 12, items 4 and 8): the progress of a JobProgressed
 * (or of the job, its last one) and the line of a JobLogged, from the timeline's event data. Pure.
 */

/** A log line's level as the worker sends it (JobLogged `level`). */
export type ReportLevel = 'debug' | 'info' | 'warn' | 'error';

/** A job's or a report's progress, 0 to 1, as a whole percentage: "40 %"; "—" when there is none. */
export function progressPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)} %`;
}

/** A JobProgressed's data as one line: "progress 40 % — 4 of 10 links checked" (the message only when given). */
export function progressLine(data: Record<string, unknown>): string {
  const fraction = typeof data.fraction === 'number' ? data.fraction : null;
  const message = typeof data.message === 'string' && data.message ? ` — ${data.message}` : '';
  return `progress ${progressPercent(fraction)}${message}`;
}

/** A JobLogged's data as its level, message and fields (`key=value`, values as JSON unless strings). */
export function logLine(data: Record<string, unknown>): { level: ReportLevel; message: string; fields: string[] } {
  const levels: readonly string[] = ['debug', 'info', 'warn', 'error'];
  const level = typeof data.level === 'string' && levels.includes(data.level) ? (data.level as ReportLevel) : 'info';
  const fields = data.fields && typeof data.fields === 'object' && !Array.isArray(data.fields) ? Object.entries(data.fields as Record<string, unknown>) : [];
  return {
    level,
    message: typeof data.message === 'string' ? data.message : '',
    fields: fields.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`),
  };
}
