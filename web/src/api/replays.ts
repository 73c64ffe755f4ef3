import { body, commandApi, queryApi } from './client';
import type { CommandSchemas, Page, QuerySchemas } from './types';

/** A replay run (`GET /v1/replays`, `/v1/replays/:id`). `report` is free-form in the contract: see the reports below. */
export type Replay = QuerySchemas['ReplayRun'];
export type ReplayKind = Replay['kind'];
export type ReplayStatus = Replay['status'];
/** A run's progress: events done and to do, rate in events per second, ETA in seconds. */
export type ReplayProgress = NonNullable<Replay['events']>;
/** An as-of snapshot: the read models as they stood at `asOf` (served by GET /v1/jobs?asOf=). */
export type Snapshot = QuerySchemas['Snapshot'];
/** The body of `POST /v1/admin/replays`, by kind. */
export type ReplayRequest = CommandSchemas['ReplayRequest'];

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

export const runningStatuses: readonly ReplayStatus[] = ['requested', 'running'];

export function listReplays(cursor?: string): Promise<Page<Replay>> {
  return body(queryApi().GET('/v1/replays', { params: { query: { cursor } } })).then((page) => ({ items: page.items, nextCursor: page.nextCursor ?? null }));
}

export function getReplay(replayId: string, signal?: AbortSignal): Promise<Replay> {
  return body(queryApi().GET('/v1/replays/{id}', { params: { path: { id: replayId } }, signal }));
}

export function listSnapshots(): Promise<{ items: Snapshot[] }> {
  return body(queryApi().GET('/v1/replays/snapshots'));
}

/** 202 once the run is recorded; the processors' replay runner claims it. */
export function startReplay(request: ReplayRequest): Promise<{ replayId: string; status: 'requested' }> {
  return body(commandApi().POST('/v1/admin/replays', { body: request }));
}
