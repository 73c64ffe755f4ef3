import type { KafkaMessage } from 'kafkajs';
import type { JobEvent } from '@conveyor/events';
import { PoisonMessageError, type EventSerde } from '@conveyor/kafka';
import type { Logger, Pool } from '@conveyor/runtime';
import { applyBatch, projectionNames, type BatchMessage } from '../projections';

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
}

/**
 * The `onMessages` of a replay's log reader (public): decodes messages (an undecodable one is skipped,
 * as the live projector does) and applies them to the schema's read models with the projector's own
 * adapter. It only projects: no handler ever runs, so no side effect is repeated.
 */
export function projectInto(deps: ProjectIntoDeps) {
  const projections = projectionNames();
  let started = 0;
  let done = 0;
  const decode = async (m: KafkaMessage): Promise<JobEvent | null> => {
    try {
      const event = (await deps.serde.decode(m.value)) as unknown as JobEvent;
      if (deps.until !== undefined && event.data.meta.occurredAt > deps.until) return null;
      return event;
    } catch (err) {
      if (!(err instanceof PoisonMessageError)) throw err;
      deps.logger.warn({ err, topic: deps.topic, offset: m.offset }, 'poison message skipped');
      return null;
    }
  };
  // Throttled, a batch is applied in slices of a fifth of a second's worth, each in its own transaction.
  const slice = deps.maxRate ? Math.max(1, Math.ceil(deps.maxRate / 5)) : Number.MAX_SAFE_INTEGER;
  const apply = async (partition: number, messages: readonly KafkaMessage[]) => {
    const batch: BatchMessage[] = [];
    for (const m of messages) batch.push({ offset: m.offset, event: await decode(m) });
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
