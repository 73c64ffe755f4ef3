import { request } from './http';
import type { Page } from './types';

/** Latency percentiles of a run, in milliseconds (loadtest/src/latencyRecorder.ts). */
export interface LoadTestLatency {
  p50?: number | null;
  p90?: number | null;
  p99?: number | null;
  'p99.9'?: number | null;
}

/** A recorded load-test run as listed by `GET /v1/loadtests` (summary only, no histograms). */
export interface LoadTest {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  settings: unknown;
  summary: {
    passed?: boolean | null;
    rates?: { acceptedPerSec?: number; completedPerSec?: number } | null;
    latency?: { http?: LoadTestLatency; e2e?: LoadTestLatency; visible?: LoadTestLatency } | null;
    sustainableRate?: number | null;
    [key: string]: unknown;
  } | null;
}

export function listLoadTests(cursor?: string): Promise<Page<LoadTest>> {
  return request<Page<LoadTest>>('query', '/v1/loadtests', { query: { cursor } });
}
