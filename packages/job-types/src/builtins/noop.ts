import { z } from 'zod';
import { defineJobType } from '../defineJobType';

/** Does nothing and succeeds: measures the platform itself (load tests). */
export const noop = defineJobType({
  type: 'noop',
  description: 'Does nothing and succeeds at once; for load tests and smoke checks.',
  sideEffects: false,
  payload: z.object({}).catchall(z.unknown()),
  run: async () => ({ ok: true }),
});
