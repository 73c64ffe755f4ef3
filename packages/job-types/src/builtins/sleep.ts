import { z } from 'zod';
import { defineJobType } from '../defineJobType';

/** Waits, honouring cancellation and timeouts: a stand-in for I/O-bound work. */
export const sleep = defineJobType({
  type: 'sleep',
  description: 'Waits for ms milliseconds (aborted by cancellation or timeout); for load and timeout tests.',
  sideEffects: false,
  payload: z.object({ ms: z.number().int().min(0).max(3_600_000) }).strict(),
  run: async (payload, ctx) => {
    await ctx.ports.sleep(payload.ms, ctx.signal);
    return { sleptMs: payload.ms };
  },
});
