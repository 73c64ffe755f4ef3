/** Progress of a replay: what the CLI bar and the replay_runs row show (public). */
export interface ReplayProgress {
  phase: string;
  /** Messages applied so far. */
  done: number;
  /** Messages to apply in this phase's range (grows when a catch-up extends it). */
  total: number;
  /** Messages per second over the last seconds. */
  rate: number;
  /** Seconds left at the current rate; null while unknown. */
  etaSeconds: number | null;
  /** Messages between the replay's position and its target. */
  lag: number;
}

/** Counts applied messages and derives the rate (a 5-second window) and ETA (pure apart from the clock). */
export function createProgressMeter(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const window: Array<{ at: number; done: number }> = [];
  const state = { phase: 'starting', done: 0, total: 0 };
  return {
    setPhase(phase: string, total?: number) {
      state.phase = phase;
      if (total !== undefined) state.total = total;
    },
    addTotal(n: number) {
      state.total += n;
    },
    add(n: number) {
      state.done += n;
    },
    snapshot(): ReplayProgress {
      const at = now();
      window.push({ at, done: state.done });
      while (window.length > 1 && (window[0]?.at ?? at) < at - 5000) window.shift();
      const first = window[0] ?? { at, done: state.done };
      const seconds = (at - first.at) / 1000;
      const rate = seconds > 0 ? (state.done - first.done) / seconds : 0;
      const lag = Math.max(0, state.total - state.done);
      return { phase: state.phase, done: state.done, total: state.total, rate: Math.round(rate), etaSeconds: rate > 0 ? Math.round(lag / rate) : null, lag };
    },
  };
}

export type ProgressMeter = ReturnType<typeof createProgressMeter>;
