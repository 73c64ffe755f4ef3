import { ConveyorProblemError } from '@conveyor/client';
import type { Problem } from './types';

/**
 * A failed API call, carrying the server's problem+json (or one made up for network failures): the
 * client's `ConveyorProblemError`. `status` 0 means the server could not be reached.
 */
export { ConveyorProblemError as ApiError };

/** Turns anything thrown into a problem to show. */
export function toProblem(err: unknown): Problem {
  if (err instanceof ConveyorProblemError) return err.problem;
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'about:blank', title: 'Unexpected error', status: 0, detail: message };
}
