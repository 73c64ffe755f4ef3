import { buildAsOf, type AsOfReport } from './buildAsOf';
import type { ReplayContext } from './createReplayContext';
import type { ProgressMeter } from './progressMeter';
import { rebuildReadModel, type RebuildReport } from './rebuildReadModel';
import { redriveDeadLetters, type RedriveReport } from './redriveDeadLetters';
import { parseRunOptions } from './replayOptions';
import type { ReplayKind } from './replayRuns';

/** The report of a finished run, by kind (public). */
export type ReplayReport = RebuildReport | RedriveReport | AsOfReport;

/**
 * Runs one replay (public): the kind's options are parsed, then `rebuild` projects into a shadow schema,
 * verifies and swaps; `redrive` re-publishes dead letters; `as-of` builds a snapshot schema. The caller
 * (CLI or runner) owns the run's row and its progress.
 */
export async function runReplay(ctx: ReplayContext, run: { id: string; kind: ReplayKind; options: unknown; requestedBy: string }, progress: ProgressMeter): Promise<ReplayReport> {
  const parsed = parseRunOptions(run.kind, run.options);
  const deps = { kafka: ctx.kafka, pool: ctx.pool, serde: ctx.serde, logger: ctx.logger, progress };
  const topic = ctx.topics.jobEvents;
  switch (parsed.kind) {
    case 'rebuild': {
      const o = parsed.options;
      return rebuildReadModel(deps, {
        runId: run.id, topic, projection: o.projection, liveSchema: o.liveSchema ?? ctx.config.REPLAY_LIVE_SCHEMA, from: o.from, force: o.force,
        dryRun: o.dryRun, keepRetired: o.keepRetired, maxRate: o.maxRate, liveWaitMs: o.liveWaitMs,
      });
    }
    case 'redrive': {
      const o = parsed.options;
      const publisher = await ctx.publisher();
      progress.setPhase('redrive');
      return redriveDeadLetters({ pool: ctx.pool, publisher, logger: ctx.logger, workTopic: publisher.workTopic }, {
        topic, schema: ctx.config.REPLAY_LIVE_SCHEMA, type: o.type ?? o.types?.[0], cause: o.cause, since: o.since,
        dryRun: o.dryRun, maxRedrives: o.maxRedrives ?? ctx.config.REPLAY_MAX_REDRIVES, actor: o.actor ?? run.requestedBy, reason: o.reason,
      });
    }
    case 'as-of':
      return buildAsOf(deps, { runId: run.id, topic, asOf: parsed.options.asOf, source: ctx.config.REPLAY_LIVE_SCHEMA });
    default: {
      const _exhaustive: never = parsed;
      return _exhaustive;
    }
  }
}
