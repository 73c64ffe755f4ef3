import type { WorkPriority } from '@conveyor/events';

/** Share of the executor's slots each priority gets while all have work: high 6 : normal 3 : low 1. */
export const defaultPriorityWeights: Readonly<Record<WorkPriority, number>> = { high: 6, normal: 3, low: 1 };

/**
 * Smooth weighted round-robin over the priorities that have work (pure, stateful). Each pick adds
 * every eligible priority's weight to its credit and takes the one with the most credit, which then
 * pays the total back: over any window picks follow the weights, evenly spread (high, normal, high,
 * high, low, …), so high work never waits behind a low backlog and low work is never starved.
 */
export function createWeightedPicker(weights: Readonly<Record<WorkPriority, number>> = defaultPriorityWeights) {
  const priorities = Object.keys(weights) as WorkPriority[];
  if (priorities.some((p) => !(weights[p] > 0))) throw new RangeError('every priority weight must be positive');
  const credit: Record<string, number> = Object.fromEntries(priorities.map((p) => [p, 0]));
  return {
    /** The priority to take from next among those `hasWork` accepts, or undefined when none has work. */
    next(hasWork: (priority: WorkPriority) => boolean): WorkPriority | undefined {
      let best: WorkPriority | undefined;
      let total = 0;
      for (const p of priorities) {
        if (!hasWork(p)) continue;
        credit[p] = (credit[p] as number) + weights[p];
        total += weights[p];
        if (best === undefined || (credit[p] as number) > (credit[best] as number)) best = p;
      }
      if (best !== undefined) credit[best] = (credit[best] as number) - total;
      return best;
    },
  };
}

export type WeightedPicker = ReturnType<typeof createWeightedPicker>;
