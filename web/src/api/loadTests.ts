import { body, queryApi } from './client';
import type { Page, QuerySchemas } from './types';

/** Latency statistics of a run, in milliseconds (loadtest/src/latencyRecorder.ts). */
export interface LoadTestLatency {
  p50?: number | null;
  p90?: number | null;
  p99?: number | null;
  'p99.9'?: number | null;
  max?: number | null;
  mean?: number | null;
  count?: number | null;
}

export type LatencyName = 'http' | 'e2e' | 'visible';

/**
 * A recorded load-test run as listed by `GET /v1/loadtests` (summary only, no histograms). The contract
 * leaves `summary` free-form (the CLI's JSON); this is what the page reads of it.
 */
export type LoadTest = Omit<QuerySchemas['LoadtestPage']['items'][number], 'summary'> & {
  summary: {
    passed?: boolean | null;
    rates?: { acceptedPerSec?: number; completedPerSec?: number } | null;
    latency?: Partial<Record<LatencyName, LoadTestLatency>> | null;
    sustainableRate?: number | null;
    tally?: Record<string, number> | null;
    [key: string]: unknown;
  } | null;
};

/** One point of a latency distribution: `ms` at `percentile` (0..100). */
export interface DistributionPoint {
  ms: number;
  percentile: number;
}

/** The results of a run as the CLI wrote them (`GET /v1/loadtests/:id`, free-form in the contract); older runs may lack parts. */
export interface LoadTestResults {
  latency?: Partial<Record<LatencyName, LoadTestLatency>> & { stages?: Record<string, LoadTestLatency> };
  /** Percentile distributions read from the HDR histograms. */
  distributions?: Partial<Record<LatencyName, DistributionPoint[]>>;
  /** Per second since the start: sent, accepted, completed, errors. */
  timeline?: Array<{ t: number; sent?: number; accepted?: number; completed?: number; errors?: number }>;
  [key: string]: unknown;
}

export type LoadTestRun = Omit<QuerySchemas['LoadtestRun'], 'results'> & { results: LoadTestResults | null };

export async function listLoadTests(cursor?: string): Promise<Page<LoadTest>> {
  return (await body(queryApi().GET('/v1/loadtests', { params: { query: { cursor } } }))) as Page<LoadTest>;
}

export async function getLoadTest(id: string, signal?: AbortSignal): Promise<LoadTestRun> {
  return (await body(queryApi().GET('/v1/loadtests/{id}', { params: { path: { id } }, signal }))) as LoadTestRun;
}
