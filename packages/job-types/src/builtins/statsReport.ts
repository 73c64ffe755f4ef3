import { z } from 'zod';
import { defineJobType } from '../defineJobType';

const windows = { '15m': 15, '1h': 60, '6h': 360, '24h': 1440, '7d': 10080 } as const;

/**
 * A data job on the read model: aggregates per-type outcomes of a time window into a report
 * (counts, success rate, mean run time) stored as the job's result.
 */
export const statsReport = defineJobType({
  type: 'stats.report',
  description: 'Aggregates job statistics of a time window (per type: counts, success rate, run time) into the job result.',
  sideEffects: false,
  payload: z.object({
    window: z.enum(Object.keys(windows) as [keyof typeof windows, ...(keyof typeof windows)[]]).default('1h'),
    types: z.array(z.string().min(1)).max(100).optional(),
  }).strict(),
  run: async (payload, ctx) => {
    const minutes = windows[payload.window];
    const rows = await ctx.ports.queryReadModel<{ type: string; submitted: string; succeeded: string; failed: string; retried: string; cancelled: string; mean_ms: string | null }>(
      `select type,
              sum(submitted) as submitted, sum(succeeded) as succeeded, sum(failed) as failed,
              sum(retried) as retried, sum(cancelled) as cancelled,
              (select avg(duration_ms) from jobs j where j.type = s.type and j.finished_at >= now() - make_interval(mins => $1)) as mean_ms
         from job_stats_minute s
        where minute >= date_trunc('minute', now()) - make_interval(mins => $1)
          and ($2::text[] is null or type = any($2))
        group by type order by type`,
      [minutes, payload.types ?? null],
    );
    const byType = rows.map((r) => {
      const succeeded = Number(r.succeeded);
      const failed = Number(r.failed);
      return {
        type: r.type, submitted: Number(r.submitted), succeeded, failed, retried: Number(r.retried), cancelled: Number(r.cancelled),
        successRate: succeeded + failed ? succeeded / (succeeded + failed) : null,
        meanRunMs: r.mean_ms === null ? null : Math.round(Number(r.mean_ms)),
      };
    });
    return { window: payload.window, generatedAt: new Date().toISOString(), byType };
  },
});
