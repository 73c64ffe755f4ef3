import { body, queryApi } from './client';
import type { QuerySchemas } from './types';

export type StatsWindow = '15m' | '1h' | '6h' | '24h' | '7d';
export const statsWindows: readonly StatsWindow[] = ['15m', '1h', '6h', '24h', '7d'];
export const windowSeconds: Record<StatsWindow, number> = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800 };

/** Latency percentiles in milliseconds, as `GET /v1/stats` answers them per type. */
export type Percentiles = QuerySchemas['Stats']['byType'][number]['durationMs'];

export interface Counts {
  submitted: number;
  succeeded: number;
  failed: number;
  retried: number;
  cancelled: number;
  dead: number;
}

export interface TypeStats extends Counts {
  type: string;
  successRate: number | null;
  runTime: Percentiles;
  queueWait: Percentiles;
}

export interface SeriesPoint extends Counts {
  /** Start of the bucket, epoch milliseconds. */
  at: number;
}

/** `GET /v1/stats`, normalised for the charts. */
export interface Stats {
  from: string;
  to: string;
  bucketSeconds: number;
  totals: Counts & { successRate: number | null; throughputPerSec: number; runTime: Percentiles; queueWait: Percentiles };
  byType: TypeStats[];
  series: SeriesPoint[];
}

/** Statistics of a time window, optionally for one job type. */
export async function getStats(window: StatsWindow, type?: string, signal?: AbortSignal): Promise<Stats> {
  const raw = await body(queryApi().GET('/v1/stats', { params: { query: { window, type } }, signal }));
  return normaliseStats(raw, window);
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const first = (o: Obj, keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);

function counts(o: Obj): Counts {
  const n = (k: string) => num(o[k]) ?? 0;
  return { submitted: n('submitted'), succeeded: n('succeeded'), failed: n('failed'), retried: n('retried'), cancelled: n('cancelled'), dead: n('dead') };
}

function percentiles(v: unknown): Percentiles {
  const o = obj(v);
  return { p50: num(first(o, ['p50', 'median'])), p95: num(o.p95), p99: num(o.p99) };
}

function rate(o: Obj, c: Counts): number | null {
  const given = num(o.successRate);
  if (given !== null) return given > 1 ? given / 100 : given;
  const done = c.succeeded + c.failed;
  return done ? c.succeeded / done : null;
}

/**
 * Reads the stats answer (services/query-api/src/stats/assembleStats.ts) into the charts' shape: latency
 * blocks are `durationMs`/`queueWaitMs` per type; totals carry none (histograms do not merge into a total here).
 */
export function normaliseStats(raw: Obj, window: StatsWindow): Stats {
  const totalsRaw = obj(raw.totals);
  const totals = counts(totalsRaw);
  const bucketSeconds = num(raw.bucketSeconds) ?? 60;
  const latency = (o: Obj) => ({
    runTime: percentiles(first(o, ['runTime', 'runTimeMs', 'durationMs', 'duration', 'latency'])),
    queueWait: percentiles(first(o, ['queueWait', 'queueWaitMs', 'wait'])),
  });
  const seconds = raw.from && raw.to
    ? Math.max(1, (Date.parse(String(raw.to)) - Date.parse(String(raw.from))) / 1000)
    : windowSeconds[window];
  // The series has one entry per bucket and type: sum the types of each bucket.
  const byAt = new Map<number, SeriesPoint>();
  for (const p of Array.isArray(raw.series) ? raw.series : []) {
    const o = obj(p);
    const t = first(o, ['t', 'at', 'bucket', 'minute', 'from', 'start', 'time']);
    const at = typeof t === 'number' ? t : Date.parse(String(t));
    if (!Number.isFinite(at)) continue;
    const c = counts(o);
    const acc = byAt.get(at) ?? { at, submitted: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0 };
    for (const k of Object.keys(c) as (keyof Counts)[]) acc[k] += c[k];
    byAt.set(at, acc);
  }
  const series = [...byAt.values()].sort((a, b) => a.at - b.at);
  return {
    from: String(raw.from ?? ''),
    to: String(raw.to ?? ''),
    bucketSeconds,
    totals: {
      ...totals,
      successRate: rate(totalsRaw, totals),
      throughputPerSec: num(first(totalsRaw, ['throughputPerSec', 'throughputPerSecond', 'throughput'])) ?? (totals.succeeded + totals.failed) / seconds,
      ...latency(totalsRaw),
    },
    byType: (Array.isArray(raw.byType) ? raw.byType : []).map((t): TypeStats => {
      const o = obj(t);
      const c = counts(o);
      return { type: String(o.type ?? '?'), ...c, successRate: rate(o, c), ...latency(o) };
    }),
    series,
  };
}
