import { parseArgs as parseNodeArgs } from 'node:util';
import { parseDuration } from './parseDuration';
import { parsePriorityMix, type PriorityMix } from './priorityMix';
import { defaultRampLimits, type RampLimits } from './rampDecision';
import { parseThreshold, type Threshold } from './thresholds';

/** Job types the generator knows how to build payloads for. */
export const LOADTEST_JOB_TYPES = ['noop', 'sleep', 'http.request'] as const;
export type LoadTestJobType = (typeof LOADTEST_JOB_TYPES)[number];

/** Hard caps: no run may exceed them, whatever the flags say. */
export const HARD_CAPS = { maxDurationMs: 600_000, maxRate: 20_000, maxDrainMs: 60_000, maxInFlight: 20_000, maxBatch: 1000 } as const;

/** Everything a run needs to know; stored with the run as its settings. */
export interface LoadTestSettings {
  /** Arrivals per second (the first step's rate in ramp mode). */
  rate: number;
  /** In milliseconds (the ramp's upper bound in ramp mode). */
  durationMs: number;
  type: LoadTestJobType;
  /** Padding added to each payload, in bytes. */
  payloadBytes: number;
  priorityMix: PriorityMix;
  thresholds: Threshold[];
  ramp: { factor: number; stepMs: number; limits: RampLimits } | null;
  commandApi: string;
  queryApi: string;
  allowRemote: boolean;
  /** 1 sends POST /v1/jobs; more sends POST /v1/jobs/batch with up to this many jobs. */
  batchSize: number;
  /** Requests in flight at most; an arrival finding them all busy is dropped and counted. */
  maxInFlight: number;
  /** In milliseconds. */
  httpTimeoutMs: number;
  /** How long to wait for outstanding jobs after the last send, in milliseconds. */
  drainMs: number;
  /** Every n-th accepted job is polled on the query API until visible as settled (0: none). */
  visibleEvery: number;
  /** For `sleep` jobs, in milliseconds. */
  sleepMs: number;
  /** Fraction of jobs sent as `fail` (non-retriable) instead of the main type. */
  failRatio: number;
  maxAttempts: number;
  /** Write the run to Postgres (loadtest_runs). */
  record: boolean;
  reportDir: string;
  label: string | null;
  /** Hide the progress bar (CI, tests). */
  quiet: boolean;
}

/** Defaults of every optional flag, in one visible table. */
export const DEFAULTS = {
  type: 'noop' as LoadTestJobType,
  payloadBytes: 0,
  priorityMix: 'normal=1',
  commandApi: 'http://127.0.0.1:3001',
  queryApi: 'http://127.0.0.1:3002',
  batchSize: 1,
  maxInFlight: 1000,
  httpTimeoutMs: 10_000,
  drainMs: 30_000,
  visibleEvery: 10,
  sleepMs: 10,
  failRatio: 0,
  maxAttempts: 1,
  rampFactor: 1.5,
  rampStepMs: 10_000,
  reportDir: 'loadtest/reports',
};

export const USAGE = `usage: npm run loadtest -- --rate R --duration D [options]
  --rate R                 arrivals per second (1..${HARD_CAPS.maxRate}); the first step in --ramp mode
  --duration D             e.g. 30s, 2m (≤ ${HARD_CAPS.maxDurationMs / 1000}s); the ramp's upper bound with --ramp
  --type T                 noop | sleep | http.request (default noop)
  --payload-bytes N        padding added to each payload (noop, http.request)
  --priority-mix SPEC      e.g. high=1,normal=8,low=1 (default normal=1)
  --threshold EXPR         repeatable: p99<100ms, http.p99.9<50ms, visible.p99<2s, error_rate<1%,
                           completed_rate>=500/s, missing<=0, drops<1, lag_max<10000
  --ramp                   step the rate up ×--ramp-factor (1.5) every --ramp-step (10s) until a limit breaks
  --ramp-max-p99 D         ramp limit on p99 end to end (default ${defaultRampLimits.maxP99E2eMs}ms)
  --ramp-max-error-rate F  ramp limit on errors + drops (default ${defaultRampLimits.maxErrorRate * 100}%)
  --command-api URL        default ${DEFAULTS.commandApi}
  --query-api URL          default ${DEFAULTS.queryApi}
  --allow-remote           allow non-loopback URLs (refused by default)
  --batch N                send POST /v1/jobs/batch with up to N jobs (default 1: POST /v1/jobs)
  --max-in-flight N        concurrent requests before arrivals are dropped (default ${DEFAULTS.maxInFlight})
  --timeout D              HTTP timeout (default 10s)
  --drain D                wait for outstanding jobs after the last send (default 30s, ≤ 60s)
  --visible-every N        poll every N-th job on the query API (default 10, 0 = off)
  --sleep-ms N             sleep jobs' duration (default 10)
  --fail-ratio F           fraction sent as non-retriable \`fail\` jobs (default 0)
  --max-attempts N         maxAttempts of each job (default 1)
  --label TEXT             a name for the run
  --no-record              do not write the run to Postgres
  --report-dir DIR         default loadtest/reports
  --quiet                  no progress bar`;

/** Bad command-line input: the message names every problem. Exit code 2. */
export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'UsageError';
  }
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * Parses and validates the command line (pure: no I/O). Collects every problem and throws one
 * {@link UsageError}; returns null for --help.
 */
export function parseArgs(argv: readonly string[]): LoadTestSettings | null {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseNodeArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: 'string' }, duration: { type: 'string' }, type: { type: 'string' },
        'payload-bytes': { type: 'string' }, 'priority-mix': { type: 'string' },
        threshold: { type: 'string', multiple: true }, ramp: { type: 'boolean' },
        'ramp-factor': { type: 'string' }, 'ramp-step': { type: 'string' },
        'ramp-max-p99': { type: 'string' }, 'ramp-max-error-rate': { type: 'string' },
        'command-api': { type: 'string' }, 'query-api': { type: 'string' }, 'allow-remote': { type: 'boolean' },
        batch: { type: 'string' }, 'max-in-flight': { type: 'string' }, timeout: { type: 'string' }, drain: { type: 'string' },
        'visible-every': { type: 'string' }, 'sleep-ms': { type: 'string' }, 'fail-ratio': { type: 'string' },
        'max-attempts': { type: 'string' }, label: { type: 'string' }, 'no-record': { type: 'boolean' },
        'report-dir': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError([(err as Error).message]);
  }
  if (values.help) return null;

  const problems: string[] = [];
  const str = (k: string) => values[k] as string | undefined;
  const num = (k: string, def: number, min: number, max: number, integer = true): number => {
    const raw = str(k);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      problems.push(`--${k} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got "${raw}")`);
      return def;
    }
    return n;
  };
  const dur = (k: string, def: number, min: number, max: number): number => {
    const raw = str(k);
    if (raw === undefined) return def;
    const ms = parseDuration(raw);
    if (ms === undefined || ms < min || ms > max) {
      problems.push(`--${k} must be a duration from ${min / 1000}s to ${max / 1000}s, e.g. 30s or 2m (got "${raw}")`);
      return def;
    }
    return ms;
  };

  if (str('rate') === undefined) problems.push('--rate is required (arrivals per second)');
  if (str('duration') === undefined) problems.push('--duration is required (e.g. 30s)');
  const rate = num('rate', 1, 1, HARD_CAPS.maxRate, false);
  const durationMs = dur('duration', 1000, 1000, HARD_CAPS.maxDurationMs);

  const type = (str('type') ?? DEFAULTS.type) as LoadTestJobType;
  if (!LOADTEST_JOB_TYPES.includes(type)) problems.push(`--type must be one of ${LOADTEST_JOB_TYPES.join(', ')} (got "${type}")`);
  const payloadBytes = num('payload-bytes', DEFAULTS.payloadBytes, 0, 900_000);
  if (type === 'sleep' && payloadBytes > 0) problems.push('--payload-bytes does not apply to sleep jobs (their payload schema is strict)');

  let priorityMix = parsePriorityMix(DEFAULTS.priorityMix);
  if (str('priority-mix') !== undefined) {
    try {
      priorityMix = parsePriorityMix(str('priority-mix') as string);
    } catch (err) {
      problems.push(`--priority-mix: ${(err as Error).message}`);
    }
  }

  const thresholds: Threshold[] = [];
  for (const t of (values.threshold as string[] | undefined) ?? []) {
    try {
      thresholds.push(parseThreshold(t));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }

  const urls: Record<'command-api' | 'query-api', string> = { 'command-api': DEFAULTS.commandApi, 'query-api': DEFAULTS.queryApi };
  const allowRemote = values['allow-remote'] === true;
  for (const k of ['command-api', 'query-api'] as const) {
    const raw = str(k);
    if (raw === undefined) continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      problems.push(`--${k} is not a URL (got "${raw}")`);
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`--${k} must be http(s) (got "${raw}")`);
    else if (!allowRemote && !isLoopbackHost(url.hostname)) problems.push(`--${k} ${raw} is not a loopback address; load is only sent to this machine unless --allow-remote`);
    urls[k] = raw.replace(/\/+$/, '');
  }

  const ramp = values.ramp === true
    ? {
      factor: num('ramp-factor', DEFAULTS.rampFactor, 1.05, 10, false),
      stepMs: dur('ramp-step', DEFAULTS.rampStepMs, 1000, 120_000),
      limits: {
        ...defaultRampLimits,
        maxP99E2eMs: dur('ramp-max-p99', defaultRampLimits.maxP99E2eMs, 1, 600_000),
        maxErrorRate: num('ramp-max-error-rate', defaultRampLimits.maxErrorRate, 0, 1, false),
      },
    }
    : null;
  if (!ramp) for (const k of ['ramp-factor', 'ramp-step', 'ramp-max-p99', 'ramp-max-error-rate']) if (str(k) !== undefined) problems.push(`--${k} needs --ramp`);

  const settings: LoadTestSettings = {
    rate, durationMs, type, payloadBytes, priorityMix, thresholds, ramp,
    commandApi: urls['command-api'], queryApi: urls['query-api'], allowRemote,
    batchSize: num('batch', DEFAULTS.batchSize, 1, HARD_CAPS.maxBatch),
    maxInFlight: num('max-in-flight', DEFAULTS.maxInFlight, 1, HARD_CAPS.maxInFlight),
    httpTimeoutMs: dur('timeout', DEFAULTS.httpTimeoutMs, 10, 120_000),
    drainMs: dur('drain', DEFAULTS.drainMs, 0, HARD_CAPS.maxDrainMs),
    visibleEvery: num('visible-every', DEFAULTS.visibleEvery, 0, 1_000_000),
    sleepMs: num('sleep-ms', DEFAULTS.sleepMs, 0, 60_000),
    failRatio: num('fail-ratio', DEFAULTS.failRatio, 0, 1, false),
    maxAttempts: num('max-attempts', DEFAULTS.maxAttempts, 1, 100),
    record: values['no-record'] !== true,
    reportDir: str('report-dir') ?? DEFAULTS.reportDir,
    label: str('label') ?? null,
    quiet: values.quiet === true,
  };
  if (problems.length) throw new UsageError(problems);
  return settings;
}
