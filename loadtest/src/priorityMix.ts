/** Job priorities as the command API names them. */
export type Priority = 'high' | 'normal' | 'low';

/** Relative weights of each priority, e.g. `{ high: 1, normal: 8, low: 1 }`. */
export type PriorityMix = Record<Priority, number>;

export const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];

/**
 * Parses `high=1,normal=8,low=1` (missing priorities weigh 0). Throws an Error naming the problem.
 */
export function parsePriorityMix(text: string): PriorityMix {
  const mix: PriorityMix = { high: 0, normal: 0, low: 0 };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(high|normal|low)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not priority=weight with priority high, normal or low`);
    mix[m[1] as Priority] = Number(m[2]);
  }
  if (PRIORITIES.every((p) => mix[p] === 0)) throw new Error('at least one priority needs a weight above 0');
  return mix;
}

/**
 * The priority of the i-th job: deterministic and evenly spread (a golden-ratio low-discrepancy sequence
 * mapped onto the cumulative weights), so any window of jobs follows the mix closely without randomness.
 */
export function priorityAt(mix: PriorityMix, index: number): Priority {
  const total = PRIORITIES.reduce((s, p) => s + mix[p], 0);
  const u = ((index * 0.6180339887498949) % 1) * total;
  let cumulative = 0;
  for (const p of PRIORITIES) {
    cumulative += mix[p];
    if (u < cumulative) return p;
  }
  return PRIORITIES.filter((p) => mix[p] > 0).at(-1) ?? 'normal';
}
