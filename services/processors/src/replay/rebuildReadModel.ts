import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { EventSerde } from '@conveyor/kafka';
import { createReadModelSchema, dropReadModelSchema } from '@conveyor/read-model';
import { sleep, withTimeout, type Logger, type Pool } from '@conveyor/runtime';
import { holdProjectorLockExclusive, projectionRegistry } from '../projections';
import { copyProjectInto } from './copyProjectInto';
import { createLogReader, type PartitionOffsets } from './createLogReader';
import { loadShadow } from './loadShadow';
import { distance, highWatermarks, offsetsAt, seedOffsets, storedOffsets, withDefaults } from './logOffsets';
import type { ProgressMeter } from './progressMeter';
import { projectInto } from './projectInto';
import { retiredSchemaName, shadowSchemaName } from './replayNames';
import { swapReadModel } from './swapReadModel';
import { verifyReadModel, type VerificationReport } from './verifyReadModel';

export interface RebuildOptions {
  /** The run; its shadow schema is `conveyor_shadow_<run>`, so the same id resumes an interrupted rebuild. */
  runId: string;
  /** The job-events topic. */
  topic: string;
  /**
   * The projection to rebuild (its tables and offsets are replaced; the projections it depends on are
   * projected into the shadow alongside, never swapped), or `all` (default). See the registry's rebuildTargets.
   */
  projection?: string;
  /** The schema of the live read model; default `public`. */
  liveSchema?: string;
  /** Where the rebuild starts: the log start, or an instant in epoch milliseconds. */
  from?: 'earliest' | number;
  /** Swap even when verification finds a difference (e.g. a rebuild `--from` a time). */
  force?: boolean;
  /** Verify, never swap. */
  dryRun?: boolean;
  /** Keep the replaced tables in `conveyor_retired_<run>` instead of dropping them. */
  keepRetired?: boolean;
  /** How long to wait for the live projector to reach the rebuilt position, in milliseconds; default 120 000. */
  liveWaitMs?: number;
  /** Upper bound on the projection rate, in messages per second. */
  maxRate?: number;
  /** The longest the final catch-up may pause the live projector, in milliseconds; default 60 000. */
  pauseTimeoutMs?: number;
  /**
   * From how many messages to read the bulk phase loads the shadow without its secondary indexes and
   * builds them after (faster than updating them row by row); default 100 000. A resumed rebuild always does.
   */
  deferIndexesFrom?: number;
}

export interface RebuildDeps {
  kafka: Kafka;
  pool: Pool;
  serde: EventSerde;
  logger: Logger;
  progress: ProgressMeter;
}

/** What a rebuild did (public). */
export interface RebuildReport {
  shadowSchema: string;
  resumed: boolean;
  /** Messages applied by this process. */
  applied: number;
  /** The offsets the rebuilt read model stands at (and the live projector continues from), by partition. */
  offsets: Record<string, string>;
  verification: VerificationReport;
  swapped: boolean;
  retiredSchema: string | null;
  /** How long the live projector was paused, in milliseconds. */
  pausedMs: number;
  elapsedMs: number;
}

const asRecord = (o: PartitionOffsets) => Object.fromEntries([...o].sort(([a], [b]) => a - b).map(([p, v]) => [String(p), v.toString()]));

/**
 * Rebuilds the job read models from the log into a shadow schema while the live projector keeps
 * serving and consuming, then verifies and swaps (public). Steps (the protocol: replay/README.md):
 * 1. shadow schema with empty copies of the live tables and its own offsets (seeded from `from`; kept
 *    on a resume); 2. read up to the high watermarks captured at start; 3. catch up to the live
 *    projector's offsets (waiting for it where the shadow is ahead); 4. pause every live projector
 *    (exclusive pause lock), catch up exactly to the now frozen live offsets, verify, swap, commit.
 */
export async function rebuildReadModel(deps: RebuildDeps, options: RebuildOptions): Promise<RebuildReport> {
  const started = Date.now();
  const { pool, topic, progress } = { ...deps, ...options };
  const live = options.liveSchema ?? 'public';
  const shadow = shadowSchemaName(options.runId);
  const selection = projectionRegistry.selectRebuild(options.projection ?? 'all');
  // The shadow stores the offsets of everything it projects; the live side is compared and moved for the targets only.
  const projections = selection.project.map((p) => p.name);
  const targets = selection.replace.map((p) => p.name);
  const tables = selection.replace.flatMap((p) => p.tables);
  const logger = deps.logger.child({ component: 'rebuild', shadow, live, topic, projections: targets });

  // 1. The shadow schema and where it starts.
  const client = await pool.connect();
  try {
    await createReadModelSchema(client, shadow, { source: live });
  } finally {
    client.release();
  }
  const admin = deps.kafka.admin();
  await admin.connect();
  const high = await highWatermarks(admin, topic);
  let position = await storedOffsets(pool, shadow, topic, projections);
  const resumed = position.size > 0;
  if (!resumed) {
    position = await offsetsAt(admin, topic, options.from ?? 'earliest');
    await seedOffsets(pool, shadow, topic, projections, position);
  }
  await admin.disconnect();
  position = withDefaults(position, new Map([...high].map(([p]) => [p, 0n])));

  let applied = 0;
  const into = {
    pool, serde: deps.serde, topic, schema: shadow, logger, maxRate: options.maxRate, projections: selection.project,
    onApplied: (n: number) => { applied += n; progress.add(n); },
  };
  // The bulk phase COPYs into the shadow; the catch-ups, a few batches at the end, use the projector's statements.
  let apply = copyProjectInto(into);
  const reader = await createLogReader({
    kafka: deps.kafka, topic, groupId: `conveyor-replay-${options.runId}-${randomBytes(3).toString('hex')}`,
    onMessages: (partition, messages) => apply(partition, messages),
  });
  let pausedMs = 0;
  try {
    // 2. Up to the high watermarks captured at start: a large load without the secondary indexes, built after;
    // so is a resumed one (the interrupted run may have dropped them already).
    await loadShadow(reader, { pool, logger, progress }, {
      schema: shadow, source: live, tables: selection.project.flatMap((p) => p.tables.map((t) => t.table)), from: position, to: high,
      withoutIndexes: resumed || distance(position, high) >= (options.deferIndexesFrom ?? 100_000),
    });
    apply = projectInto(into);

    // 3. Catch up with the live projector, which kept consuming meanwhile.
    const deadline = Date.now() + (options.liveWaitMs ?? 120_000);
    for (let round = 0; ; round++) {
      const shadowAt = await storedOffsets(pool, shadow, topic, projections);
      const liveAt = await storedOffsets(pool, live, topic, targets);
      const behind = [...shadowAt].filter(([p, o]) => (liveAt.get(p) ?? 0n) < o);
      if (behind.length) {
        if (Date.now() > deadline) throw new Error(`the live projector of ${live} is behind the rebuild on partitions ${behind.map(([p]) => p).join(', ')}: is it running?`);
        progress.setPhase('waiting for the live projector');
        await sleep(250);
        continue;
      }
      const gap = distance(shadowAt, liveAt);
      if (gap < 2000 || round > 20) break;
      progress.setPhase('catch-up');
      progress.addTotal(gap);
      await reader.readTo(shadowAt, liveAt);
    }

    // 4. Pause the live projectors, catch up exactly, verify, swap, in one transaction.
    const swap = await pool.connect();
    let verification: VerificationReport;
    let swapped = false;
    let at: PartitionOffsets;
    try {
      await swap.query('begin');
      progress.setPhase('pausing the live projector');
      await holdProjectorLockExclusive(swap, live);
      const pausedAt = Date.now();
      const liveAt = await storedOffsets(pool, live, topic, targets);
      const shadowAt = await storedOffsets(pool, shadow, topic, projections);
      progress.setPhase('final catch-up');
      progress.addTotal(distance(shadowAt, liveAt));
      // Bounded: the live projectors wait on this lock; failing releases it (rollback) and they go on.
      const pauseTimeoutMs = options.pauseTimeoutMs ?? 60_000;
      await withTimeout(reader.readTo(shadowAt, liveAt), pauseTimeoutMs, () => new Error(`the final catch-up under the pause lock took longer than ${pauseTimeoutMs} ms`));
      at = await storedOffsets(pool, shadow, topic, projections);
      const mismatch = [...liveAt].filter(([p, o]) => (at.get(p) ?? 0n) !== o);
      if (mismatch.length) throw new Error(`rebuilt offsets differ from the live ones on partitions ${mismatch.map(([p]) => p).join(', ')}`);
      progress.setPhase('verify');
      verification = await verifyReadModel(pool, { live, rebuilt: shadow, tables });
      if (!options.dryRun && (verification.equal || options.force)) {
        progress.setPhase('swap');
        await swapReadModel(swap, { live, rebuilt: shadow, retired: retiredSchemaName(options.runId), topic, projections: targets, tables });
        swapped = true;
      }
      await swap.query(swapped ? 'commit' : 'rollback');
      pausedMs = Date.now() - pausedAt;
    } catch (err) {
      await swap.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      swap.release();
    }
    logger.info({ equal: verification.equal, swapped, pausedMs }, 'rebuild verified');

    // 5. Clean up: the shadow now holds only its offsets; the retired tables go unless kept.
    const retired = retiredSchemaName(options.runId);
    if (swapped) {
      const c = await pool.connect();
      try {
        await dropReadModelSchema(c, shadow);
        if (!options.keepRetired) await dropReadModelSchema(c, retired);
      } finally {
        c.release();
      }
    }
    progress.setPhase(swapped ? 'swapped' : 'verified');
    return {
      shadowSchema: shadow, resumed, applied, offsets: asRecord(at), verification, swapped,
      retiredSchema: swapped && options.keepRetired ? retired : null, pausedMs, elapsedMs: Date.now() - started,
    };
  } finally {
    await reader.stop();
  }
}
