import type { KafkaMessage } from 'kafkajs';

/** What a replay does with messages of one partition (a log reader's `onMessages`). */
export type ApplyMessages = (partition: number, messages: readonly KafkaMessage[]) => Promise<void>;

/**
 * Bounds how fast `apply` consumes messages (public): without `maxRate` it is `apply` itself; with it, a
 * batch is applied in slices of a fifth of a second's worth, each waiting until the rate allows it
 * (spares the database). `maxRate` in messages per second.
 */
export function atRate(maxRate: number | undefined, apply: ApplyMessages): ApplyMessages {
  if (!maxRate) return apply;
  const slice = Math.max(1, Math.ceil(maxRate / 5));
  let started = 0;
  let done = 0;
  return async (partition, messages) => {
    started ||= Date.now();
    for (let i = 0; i < messages.length; i += slice) {
      const part = messages.slice(i, i + slice);
      await apply(partition, part);
      done += part.length;
      const wait = (done / maxRate) * 1000 - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
}
