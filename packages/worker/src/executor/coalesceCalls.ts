/**
 * Merges calls into batches (internal): the calls made in one event-loop turn, and those made while the
 * previous batch is in flight, go to `run` together, one batch at a time, and each caller gets its own
 * result. Like the batching publisher, a batch grows with the load: one statement for fifty claims
 * instead of fifty round trips and fifty WAL flushes (docs/performance.md).
 *
 * `run` returns one result per input, in input order; when it throws, every caller of that batch gets
 * the error. Set `maxBatch` to bound one batch.
 */
export function coalesceCalls<I, O>(run: (inputs: I[]) => Promise<O[]>, options: { maxBatch?: number } = {}): (input: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 500;
  interface Call { input: I; resolve: (o: O) => void; reject: (err: unknown) => void }
  let waiting: Call[] = [];
  let scheduled = false;
  let inFlight = false;

  const flush = (): void => {
    scheduled = false;
    if (inFlight || !waiting.length) return;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    inFlight = true;
    Promise.resolve()
      .then(() => run(batch.map((c) => c.input)))
      .then((outputs) => {
        if (outputs.length !== batch.length) throw new Error(`coalesceCalls: ${outputs.length} results for ${batch.length} inputs`);
        batch.forEach((c, i) => c.resolve(outputs[i] as O));
      })
      .catch((err: unknown) => batch.forEach((c) => c.reject(err)))
      .finally(() => {
        inFlight = false;
        if (waiting.length) flush();
      });
  };

  return (input: I) => new Promise<O>((resolve, reject) => {
    waiting.push({ input, resolve, reject });
    if (!scheduled && !inFlight) {
      scheduled = true;
      // Callers of the same turn (a fetched batch starting many attempts) join this batch.
      setImmediate(flush);
    }
  });
}
