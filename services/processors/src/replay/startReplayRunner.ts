import { hostname } from 'node:os';
import { withTimeout, type Logger, type Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { loadReplayConfig, type ReplayConfig } from './config';
import { createReplayContext } from './createReplayContext';
import { createProgressMeter } from './progressMeter';
import { dropExpiredSnapshots } from './dropExpiredSnapshots';
import { createReplayRuns } from './replayRuns';
import { runReplay } from './runReplay';

export interface ReplayRunnerDeps {
  logger: Logger;
  /** The processors' pool and Kafka client, shared; their own are created otherwise. */
  pool?: Pool;
  kafka?: Kafka;
  /** Default: loadReplayConfig() (the same environment as the processors). */
  config?: ReplayConfig;
  workerId?: string;
}

export interface ReplayRunner {
  /** Stops claiming; a run in progress is left `running` and is resumed by the next runner (its offsets are in Postgres). */
  stop(): Promise<void>;
}

/** How long a running run may go without a heartbeat before another runner takes it over, in milliseconds. */
const staleAfterMs = 60_000;
/** How often an idle runner drops expired as-of snapshots, in milliseconds. */
const retentionSweepMs = 60_000;

/**
 * Starts the replay runner of the processors (public): polls replay_runs for runs of this TOPIC_PREFIX
 * requested through POST /v1/admin/replays, runs them one at a time (runReplay), writes their progress
 * every second and their report or error at the end. startProcessors starts it for the `replay` role.
 */
export async function startReplayRunner(deps: ReplayRunnerDeps): Promise<ReplayRunner> {
  const config = deps.config ?? loadReplayConfig();
  const logger = deps.logger.child({ component: 'replay-runner' });
  const ctx = await createReplayContext(config, logger, { pool: deps.pool, kafka: deps.kafka });
  const runs = createReplayRuns(ctx.pool);
  const workerId = deps.workerId ?? `${hostname()}-${process.pid}`;
  let stopped = false;
  let wake: (() => void) | null = null;

  let sweptAt = 0;
  /** Drops the as-of snapshots past ASOF_RETENTION_HOURS, at most once per retentionSweepMs. */
  const sweep = async () => {
    if (Date.now() - sweptAt < retentionSweepMs) return;
    sweptAt = Date.now();
    const dropped = await dropExpiredSnapshots(ctx.pool, ctx.topics.jobEvents, config.ASOF_RETENTION_HOURS)
      .catch((err: unknown) => { logger.warn({ err }, 'dropping expired as-of snapshots failed'); return []; });
    if (dropped.length) logger.info({ dropped, retentionHours: config.ASOF_RETENTION_HOURS }, 'expired as-of snapshots dropped');
  };

  const loop = async () => {
    while (!stopped) {
      await sweep();
      const run = await runs.claim(ctx.topics.jobEvents, workerId, staleAfterMs).catch((err: unknown) => {
        logger.error({ err }, 'claiming a replay run failed');
        return null;
      });
      if (!run) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, config.REPLAY_POLL_MS);
        });
        continue;
      }
      const progress = createProgressMeter();
      const beat = setInterval(() => void runs.progress(run.id, progress.snapshot()).catch(() => undefined), 1000);
      logger.info({ runId: run.id, kind: run.kind }, 'replay run started');
      try {
        // `force` is the replay CLI's alone (issue 11): a run requested through the table never forces a swap.
        const report = await runReplay(ctx, { ...run, options: { ...run.options, force: false } }, progress);
        await runs.finish(run.id, { status: 'succeeded', report, progress: progress.snapshot() });
        logger.info({ runId: run.id }, 'replay run succeeded');
      } catch (err) {
        logger.error({ err, runId: run.id }, 'replay run failed');
        await runs.finish(run.id, { status: 'failed', error: (err as Error).message, progress: progress.snapshot() }).catch(() => undefined);
      } finally {
        clearInterval(beat);
      }
    }
  };
  const done = loop();
  logger.info({ topic: ctx.topics.jobEvents, workerId }, 'replay runner started');
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      // A long rebuild is not waited for: it stays `running` and the next runner resumes it after staleAfterMs.
      await withTimeout(done, 5000, () => new Error('replay run still in progress')).catch(() => undefined);
      await ctx.close();
    },
  };
}
