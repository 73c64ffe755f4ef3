import { parseDuration } from './parseDuration';

/** Comparison operators a threshold may use. */
export type ThresholdOp = '<' | '<=' | '>' | '>=';

/**
 * A pass/fail criterion such as `p99<100ms` (end-to-end p99), `http.p99.9<=50ms`, `error_rate<1%`,
 * `completed_rate>=500/s`, `missing<=0`, `drops<1`, `lag_max<10000`.
 */
export interface Threshold {
  /** The text as given, for messages. */
  source: string;
  /** Metric key, e.g. `e2e.p99`, `http.max`, `error_rate`. */
  metric: string;
  op: ThresholdOp;
  /** Milliseconds for latencies, a fraction for rates of errors, per second for throughput, a count otherwise. */
  value: number;
}

/** Outcome of one threshold against a run's metrics. */
export interface ThresholdResult {
  threshold: Threshold;
  actual: number | null;
  passed: boolean;
  message: string;
}

const LATENCY_SERIES = ['http', 'e2e', 'visible'] as const;
const LATENCY_STATS = ['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'] as const;
const COUNT_METRICS = ['missing', 'drops', 'errors', 'lag_max'] as const;
const RATE_METRICS = ['accepted_rate', 'completed_rate'] as const;

/** Every metric key a threshold may name. */
export const thresholdMetrics: readonly string[] = [
  ...LATENCY_SERIES.flatMap((s) => LATENCY_STATS.map((p) => `${s}.${p}`)),
  'error_rate',
  ...COUNT_METRICS,
  ...RATE_METRICS,
];

/** Parses one threshold; throws an Error with a readable message when it is malformed. */
export function parseThreshold(text: string): Threshold {
  const m = /^\s*([a-z_][a-z0-9_.]*?)\s*(<=|>=|<|>)\s*([0-9.]+\s*[a-zµ%/]*)\s*$/i.exec(text);
  if (!m) throw new Error(`threshold "${text}" is not <metric><op><value>, e.g. p99<100ms or error_rate<1%`);
  const op = m[2] as ThresholdOp;
  let metric = (m[1] as string).toLowerCase();
  if ((LATENCY_STATS as readonly string[]).includes(metric)) metric = `e2e.${metric}`; // bare p99 means end to end
  if (!thresholdMetrics.includes(metric)) {
    throw new Error(`threshold "${text}": unknown metric "${m[1]}" (known: p50…p99.9/max/mean of http., e2e., visible.; ${[
      'error_rate', ...COUNT_METRICS, ...RATE_METRICS].join(', ')})`);
  }
  const raw = (m[3] as string).replace(/\s+/g, '');
  const value = parseValue(metric, raw);
  if (value === undefined) throw new Error(`threshold "${text}": "${raw}" is not a valid value for ${metric}`);
  return { source: text.trim(), metric, op, value };
}

function parseValue(metric: string, raw: string): number | undefined {
  const series = metric.split('.')[0] as string;
  if ((LATENCY_SERIES as readonly string[]).includes(series)) return /[a-zµ]$/i.test(raw) ? parseDuration(raw) : parseNumber(raw);
  if (metric === 'error_rate') {
    if (raw.endsWith('%')) {
      const n = parseNumber(raw.slice(0, -1));
      return n === undefined ? undefined : n / 100;
    }
    return parseNumber(raw);
  }
  if ((RATE_METRICS as readonly string[]).includes(metric)) return parseNumber(raw.replace(/\/s$/, ''));
  return parseNumber(raw);
}

function parseNumber(raw: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

function compare(actual: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '>': return actual > value;
    case '>=': return actual >= value;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function format(metric: string, v: number): string {
  if (metric === 'error_rate') return `${(v * 100).toFixed(2)}%`;
  if (metric.includes('.')) return `${v.toFixed(v < 10 ? 2 : 1)}ms`;
  if (metric.endsWith('_rate')) return `${v.toFixed(1)}/s`;
  return String(v);
}

/**
 * Evaluates thresholds against a run's metrics (keys as in {@link thresholdMetrics}). A metric with no
 * data (e.g. no completed job) fails its threshold: a run that measured nothing proves nothing.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], metrics: Readonly<Record<string, number | null | undefined>>): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const actual = metrics[threshold.metric];
    if (actual === null || actual === undefined || Number.isNaN(actual)) {
      return { threshold, actual: null, passed: false, message: `✗ ${threshold.source}: no data for ${threshold.metric}` };
    }
    const passed = compare(actual, threshold.op, threshold.value);
    return {
      threshold, actual, passed,
      message: `${passed ? '✓' : '✗'} ${threshold.source}: ${threshold.metric} was ${format(threshold.metric, actual)}`,
    };
  });
}
