import type { KafkaMessage } from 'kafkajs';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import { decodeBatch, type EventSerde } from '@conveyor/kafka';
import type { Logger, Pool } from '@conveyor/runtime';
import { applyBatch, projectionRegistry, type JobEventBatch, type Projection } from '../projections';

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
 * The `onMessages` of a replay's log reader (public): decodes messages (an undecodable one is skipped,
 * as the live projector does) and applies them to the schema's read models with the projector's own
 * adapter. It only projects: no handler ever runs, so no side effect is repeated.
 */
export function projectInto(deps: ProjectIntoDeps) {
  const projections = deps.projections ?? projectionRegistry.jobEvents;
  const source = { topic: deps.topic, serde: deps.serde, eventTypes: jobEventNames };
  const inWindow = (e: JobEvent) => deps.until === undefined || e.data.meta.occurredAt <= deps.until;
  let started = 0;
  let done = 0;
  // Throttled, a batch is applied in slices of a fifth of a second's worth, each in its own transaction.
  const slice = deps.maxRate ? Math.max(1, Math.ceil(deps.maxRate / 5)) : Number.MAX_SAFE_INTEGER;
  const apply = async (partition: number, messages: readonly KafkaMessage[]) => {
    const decoded = await decodeBatch<JobEvent>(source, partition, messages);
    for (const p of decoded.poison) deps.logger.warn({ err: p.error, topic: deps.topic, offset: p.offset }, 'poison message skipped');
    const batch = decoded.records.map((r) => ({ offset: r.offset, event: r.event && inWindow(r.event) ? r.event : null }));
    await applyBatch(deps.pool, { projections, at: { topic: deps.topic, partition }, messages: batch, schema: deps.schema, notify: false });
    done += messages.length;
    deps.onApplied?.(messages.length);
  };
  return async (partition: number, messages: readonly KafkaMessage[]): Promise<void> => {
    started ||= Date.now();
    for (let i = 0; i < messages.length; i += slice) {
      await apply(partition, messages.slice(i, i + slice));
      if (deps.maxRate) {
        const wait = (done / deps.maxRate) * 1000 - (Date.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
}
