import type { Logger, Pool } from '@conveyor/runtime';
import type { LogReader, PartitionOffsets } from './createLogReader';
import { deferIndexes } from './deferIndexes';
import { distance } from './logOffsets';
import type { ProgressMeter } from './progressMeter';

/** What a bulk load took. */
export interface ShadowLoad {
  /** Messages between the start and the end positions. */
  messages: number;
  /** Reading and writing the rows, in milliseconds. */
  loadMs: number;
  /** Building the secondary indexes afterwards (0 when they were kept), in milliseconds. */
  indexMs: number;
}

/**
 * The bulk phase of a rebuild (public): reads every partition from `from` to `to` with `reader` (whose
 * `onMessages` writes `schema`), without the secondary indexes of `tables` when `withoutIndexes`, which
 * are then built from `source`'s definitions.
 */
export async function loadShadow(
  reader: LogReader,
  deps: { pool: Pool; logger: Logger; progress?: ProgressMeter },
  options: { schema: string; source: string; tables: readonly string[]; from: PartitionOffsets; to: PartitionOffsets; withoutIndexes: boolean },
): Promise<ShadowLoad> {
  const messages = distance(options.from, options.to);
  const deferred = options.withoutIndexes ? await deferIndexes(deps.pool, options) : null;
  deps.progress?.setPhase('rebuild', messages);
  const started = Date.now();
  await reader.readTo(options.from, options.to);
  const loadMs = Date.now() - started;
  let indexMs = 0;
  if (deferred) {
    deps.progress?.setPhase('indexes');
    indexMs = await deferred.build();
    deps.logger.info({ schema: options.schema, indexes: deferred.names, indexMs }, 'shadow indexes built');
  }
  return { messages, loadMs, indexMs };
}
