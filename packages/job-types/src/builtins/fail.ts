import { z } from 'zod';
import { NonRetriableError } from '@conveyor/errors';
import { defineJobType } from '../defineJobType';

/** Fails on purpose: for trying retries, dead letters and alerts. */
export const fail = defineJobType({
  type: 'fail',
  description: 'Fails with the given message (retriable unless retriable is false), optionally only the first `times` attempts.',
  sideEffects: false,
  payload: z.object({
    message: z.string().min(1).max(2000).default('failed on purpose'),
    retriable: z.boolean().default(true),
    times: z.number().int().min(1).optional(),
  }).strict(),
  run: async (payload, ctx) => {
    if (payload.times !== undefined && ctx.attempt > payload.times) return { recoveredAtAttempt: ctx.attempt };
    if (!payload.retriable) throw new NonRetriableError(payload.message, 'FAIL_NON_RETRIABLE');
    throw Object.assign(new Error(payload.message), { code: 'FAIL' });
  },
});
