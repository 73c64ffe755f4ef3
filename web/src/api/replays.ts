import { request } from './http';
import type { Page } from './types';

export type ReplayKind = 'rebuild' | 'redrive' | 'as-of';
export type ReplayStatus = 'requested' | 'running' | 'succeeded' | 'failed' | 'interrupted';

/** A run's progress: events done and to do, rate in events per second, ETA in seconds. */
export interface ReplayProgress {
  phase: string;
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
  lag: number;
}

/** One table of a rebuild's verification report. */
export interface TableComparison {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  liveChecksum: string;
  rebuiltChecksum: string;
  equal: boolean;
  differingRows?: number;
  sampleKeys?: Array<{ key: string; missingFrom: 'live' | 'rebuilt' | null }>;
}

/** A rebuild's verification: the live and the rebuilt read models compared table by table. */
export interface VerificationReport {
  equal: boolean;
  live: string;
  rebuilt: string;
  tables: TableComparison[];
}

/** A redrive's report (a dry run lists what it would do). */
export interface RedriveReport {
  dryRun: boolean;
  found: number;
  redriven: number;
  resumed: number;
  quarantined: number;
  byType: Record<string, number>;
  byCause: Record<string, number>;
  items: Array<{ jobId: string; deadLetterId: string; redriveCount: number; outcome: string }>;
}

/** A replay run (`GET /v1/replays`, `/v1/replays/:id`). */
export interface Replay {
  replayId: string;
  kind: ReplayKind;
  status: ReplayStatus;
  topic: string;
  options: Record<string, unknown>;
  from: string | null;
  to: string | null;
  types?: string[];
  dryRun: boolean;
  requestedBy: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Fraction done, 0..1, or null while unknown. */
  progress: number | null;
  events: ReplayProgress | null;
  /** rebuild: {verification, swapped, …}; redrive: RedriveReport; as-of: the snapshot. */
  report: unknown;
  error: string | null;
}

/** An as-of snapshot: the read models as they stood at `asOf` (served by GET /v1/jobs?asOf=). */
export interface Snapshot {
  schema: string;
  asOf: string;
  topic: string;
  events: number;
  builtAt: string | null;
  ready: boolean;
}

interface Common {
  dryRun?: boolean;
  reason?: string;
}

/** The body of `POST /v1/admin/replays`, by kind. */
export type ReplayRequest =
  | (Common & { kind: 'rebuild'; projection?: 'jobs' | 'all'; from?: 'earliest' | string; force?: boolean; maxRate?: number })
  | (Common & { kind: 'redrive'; type?: string; cause?: string; since?: string; maxRedrives?: number })
  | (Common & { kind: 'as-of'; asOf: string });

export const runningStatuses: readonly ReplayStatus[] = ['requested', 'running'];

export function listReplays(cursor?: string): Promise<Page<Replay>> {
  return request<Page<Replay>>('query', '/v1/replays', { query: { cursor } });
}

export function getReplay(replayId: string, signal?: AbortSignal): Promise<Replay> {
  return request<Replay>('query', `/v1/replays/${encodeURIComponent(replayId)}`, { signal });
}

export function listSnapshots(): Promise<{ items: Snapshot[] }> {
  return request<{ items: Snapshot[] }>('query', '/v1/replays/snapshots');
}

/** 202 once the run is recorded; the processors' replay runner claims it. */
export function startReplay(body: ReplayRequest): Promise<{ replayId: string; status: 'requested' }> {
  return request('command', '/v1/admin/replays', { method: 'POST', body });
}
