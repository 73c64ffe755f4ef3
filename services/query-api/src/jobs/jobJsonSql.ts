/**
 * A timestamptz as `Date.prototype.toISOString` prints it (UTC, milliseconds, `Z`); null stays null. The
 * statement holds no `:` (chr(58) puts them in): the read bench runs it through pgbench, which reads
 * `:name` as one of its variables, even inside a string.
 */
const iso = (column: string) => `translate(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24/MI/SS.MS"Z"'), '/', chr(58))`;

/**
 * The `json_build_object` arguments of the API's Job (docs/architecture.md `Job`, the same keys in the
 * same order as `toJob` of @conveyor/read-model) over the `jobs` columns, `prefix` naming the table alias
 * (pure). Postgres writes the JSON; the query API passes it through untouched. Sealed secrets in the payload
 * and the timeline's data read `"[redacted]"` (the `redact_secrets` function of migration 041). `bare` leaves out the
 * `json_build_object(…)` around it, so a caller can add keys.
 */
export function jobJsonSql(prefix: string, bare = false): string {
  const c = (name: string) => `${prefix}${name}`;
  const pairs = [
    ['jobId', c('job_id')], ['type', c('type')], ['status', c('status')], ['priority', c('priority')],
    ['payload', `redact_secrets(${c('payload')})`], ['result', c('result')], ['error', c('error')], ['attempts', c('attempts')],
    ['maxAttempts', c('max_attempts')], ['timeoutMs', c('timeout_ms')], ['runAt', iso(c('run_at'))],
    ['nextRunAt', iso(c('next_run_at'))], ['concurrencyKey', c('concurrency_key')], ['submittedAt', iso(c('submitted_at'))],
    ['startedAt', iso(c('started_at'))], ['finishedAt', iso(c('finished_at'))], ['updatedAt', iso(c('updated_at'))],
    ['durationMs', c('duration_ms')], ['queueWaitMs', c('queue_wait_ms')], ['progress', c('progress')], ['progressMessage', c('progress_message')],
    ['traceId', c('trace_id')], ['actor', c('actor')],
  ].map(([key, value]) => `'${key}', ${value}`).join(', ');
  return bare ? pairs : `json_build_object(${pairs})`;
}

/** The `json_build_object` of a TimelineEntry over the `job_events` columns (pure); the offset (int64) as a decimal string. */
export function timelineJsonSql(prefix: string): string {
  return `json_build_object('eventId', ${prefix}event_id, 'eventType', ${prefix}event_type, 'occurredAt', ${iso(`${prefix}occurred_at`)},
    'attempt', ${prefix}attempt, 'data', redact_secrets(${prefix}data), 'partition', ${prefix}partition, 'offset', ${prefix}"offset"::text)`;
}
