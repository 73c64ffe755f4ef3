import type { KafkaMessage } from 'kafkajs';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import { decodeBatch, type EventSerde } from '@conveyor/kafka';
import type { Logger, Pool } from '@conveyor/runtime';
import { applyBatch, projectionRegistry, type BatchMessage, type JobEventBatch, type Projection } from '../projections';
import { atRate, type ApplyMessages } from './rateLimit';

export interface ProjectIntoDeps {
  pool: Pool;
  serde: EventSerde;
  topic: string;
  /** The schema written (a shadow or an as-of snapshot), never notified to the SSE stream. */
  schema: string;
  logger: Logger;
  /** Events after this instant (epoch milliseconds, by their own occurredAt) are left out: as-of snapshots. */
  until?: number;
  /** Called after each applied batch with the number of messages it covered. */
  onApplied?: (messages: number) => void;
  /** Upper bound on the rate, in messages per second (spares the database); none by default. */
  maxRate?: number;
  /** The projections written, in apply order; default every job-events projection of the registry. */
  projections?: ReadonlyArray<Projection<JobEventBatch>>;
}

/**
 * Decodes a replay's messages of one partition (public): an undecodable one is logged and kept as a
 * message without an event (its offset still counts), as the live projector does; so is an event after
 * `until`.
 */
export async function decodeReplayBatch(deps: ProjectIntoDeps, partition: number, messages: readonly KafkaMessage[]): Promise<BatchMessage[]> {
  const source = { topic: deps.topic, serde: deps.serde, eventTypes: jobEventNames };
  const decoded = await decodeBatch<JobEvent>(source, partition, messages);
  for (const p of decoded.poison) deps.logger.warn({ err: p.error, topic: deps.topic, offset: p.offset }, 'poison message skipped');
  const inWindow = (e: JobEvent) => deps.until === undefined || e.data.meta.occurredAt <= deps.until;
  return decoded.records.map((r) => ({ offset: r.offset, event: r.event && inWindow(r.event) ? r.event : null }));
}

/**
 * The `onMessages` of a replay's log reader (public): decodes messages and applies them to the schema's
 * read models with the projector's own adapter. It only projects: no handler ever runs, so no side
 * effect is repeated.
 */
export function projectInto(deps: ProjectIntoDeps): ApplyMessages {
  const projections = deps.projections ?? projectionRegistry.jobEvents;
  return atRate(deps.maxRate, async (partition, messages) => {
    const batch = await decodeReplayBatch(deps, partition, messages);
    await applyBatch(deps.pool, { projections, at: { topic: deps.topic, partition }, messages: batch, schema: deps.schema, notify: false });
    deps.onApplied?.(messages.length);
  });
}
