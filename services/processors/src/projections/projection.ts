import type { JobEvent } from '@conveyor/events';
import type { PoolClient } from '@conveyor/runtime';
import type { BatchFold } from './foldBatch';
import type { WritePart } from './postgres/batchWrites';
import type { PartitionKey } from './postgres/projectionOffsets';

/** A read-model table a projection writes, with the key that orders and identifies its rows (verify, swap). */
export interface ProjectionTable {
  table: string;
  /** SQL expression over the row `t` (or its columns). */
  key: string;
  /** The rows compared by a verification, as a select over the table in `schema`; default: the table's rows. */
  rows?: (schema: string) => string;
}

/**
 * A projection (public): its name (the key of its offsets in projection_offsets), the events it handles,
 * the tables it writes, and how it applies a batch inside the batch's transaction. A projection that
 * reads what another one found in the same batch names it in `dependsOn`; the registry applies and
 * rebuilds dependencies first.
 */
export interface Projection<Batch> {
  readonly name: string;
  /** The catalog topics it reads. */
  readonly topics: ReadonlyArray<'jobEvents' | 'deadLetters' | 'adminEvents'>;
  readonly tables: readonly ProjectionTable[];
  readonly dependsOn: readonly string[];
  handles(eventType: string): boolean;
  apply(tx: PoolClient, batch: Batch): Promise<void>;
}

/** What the job-events projections of one partition batch report (public). */
export interface BatchResult {
  /** Messages at or above the stored next offset (the others were applied before). */
  applied: number;
  /** Events already in the timeline (same event id): duplicates in the log. */
  duplicates: number;
  unplaced: number;
  jobsChanged: number;
  notificationsDropped: number;
}

/** A job-events partition batch as its projections see it, inside its transaction. */
export interface JobEventBatch {
  at: PartitionKey;
  /** The batch's new events (at or above the stored next offset), in log order. */
  events: ReadonlyArray<{ event: JobEvent; offset: string }>;
  /** Send the change notifications the SSE stream follows. */
  notify: boolean;
  /** What projections found for those applied after them (shared by every projection of the batch). */
  found: JobBatchFindings;
  /** The batch's report (shared by every projection of the batch). */
  result: BatchResult;
  /**
   * Writes whose outcome nothing in the batch reads (shared by every projection of the batch): they run
   * after every projection applied, together with the offset move, as one statement. Each part writes a
   * table of its own (they share one snapshot).
   */
  writes: WritePart[];
}

/** What the job-events projections of a batch pass on to the ones that depend on them. */
export interface JobBatchFindings {
  /** Events seen for the first time (the timeline drops duplicate event ids); the jobs fold reads them. */
  firstSeen: JobEvent[];
  /** The jobs fold of `firstSeen`, once the jobs projection applied it; the statistics read its deltas. */
  fold: BatchFold | null;
}
