import { z } from 'zod';
import { builtinJobTypes, createJobTypeRegistry, defineJobType, type JobTypeRegistry } from '@conveyor/job-types';

/** What the probe saw of one attempt, in this (the test's) process; times in epoch milliseconds. */
export interface ProbeRun {
  jobId: string;
  attempt: number;
  startedAt: number;
  /** When the attempt's AbortSignal aborted; undefined while it has not. */
  abortedAt?: number;
}

/** The probe's job type name. */
export const untilAbortedType = 'test.until-aborted';

/**
 * A job type for tests that runs until its AbortSignal aborts (it never ends by itself), recording
 * each start and each abort, so a test sees cancellation in the handler itself (test helper).
 */
export function createAbortProbe(): { runs: Map<string, ProbeRun>; registry: JobTypeRegistry; release: () => void } {
  const runs = new Map<string, ProbeRun>();
  const pending = new Set<(err: Error) => void>();
  const untilAborted = defineJobType({
    type: untilAbortedType,
    description: 'Test only: runs until its AbortSignal aborts.',
    sideEffects: false,
    payload: z.object({}).strict(),
    run: (_payload, ctx) => new Promise<never>((_resolve, reject) => {
      const run: ProbeRun = { jobId: ctx.jobId, attempt: ctx.attempt, startedAt: Date.now() };
      runs.set(ctx.jobId, run);
      const onAbort = () => {
        run.abortedAt = Date.now();
        pending.delete(reject);
        reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted'));
      };
      pending.add(reject);
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    }),
  });
  return {
    runs,
    registry: createJobTypeRegistry([...builtinJobTypes, untilAborted]),
    /** Ends every run still waiting (before stopping the processors, which wait for running handlers). */
    release: () => {
      for (const reject of pending) reject(new Error('released by the test'));
      pending.clear();
    },
  };
}
