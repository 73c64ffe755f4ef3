import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseProcReading, summariseUsage, type GroupSample, type ProcessUsage, type ProcReading } from './procStat';

/** A group of processes to sample: its pids are asked for at every sample (Postgres backends come and go). */
export interface SampledGroup {
  name: string;
  /** What the figure covers, said in the report. */
  covers: string;
  pids: () => Promise<number[]> | number[];
  /** 'anon': count private memory only (Postgres backends share their buffers). Default: RSS. */
  memory?: 'rss' | 'anon';
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux unless `getconf` says otherwise). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

async function reading(pid: number): Promise<ProcReading | null> {
  const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''), readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')]);
  return parseProcReading(status, stat);
}

/**
 * Samples the memory and CPU time of each group every `intervalMs` (default 1 s) until `stop()`, which
 * takes a last sample and returns each group's usage over the sampled time (peak and median RSS, CPU in %
 * of one core); `cut()` ends a segment on the way (a ramp step). A group whose pids cannot be listed or
 * read has no figures, never an error.
 */
export function startProcessSampler(groups: readonly SampledGroup[], intervalMs = 1000): { cut(): ProcessUsage[]; stop(): Promise<ProcessUsage[]> } {
  const samples = groups.map((): GroupSample[] => []);
  // Where the current segment starts in each group's samples (`cut` ends a segment: a ramp step).
  const from = groups.map(() => 0);
  const summary = (i: number) => {
    const g = groups[i] as SampledGroup;
    return summariseUsage({ name: g.name, covers: g.covers, samples: (samples[i] ?? []).slice(from[i]), ticksPerSecond, ...(g.memory ? { memory: g.memory } : {}) });
  };
  const sampleAll = async () => {
    await Promise.all(groups.map(async (g, i) => {
      const pids = await Promise.resolve().then(() => g.pids()).catch(() => [] as number[]);
      const byPid = new Map<number, ProcReading>();
      for (const pid of pids) {
        const r = await reading(pid);
        if (r) byPid.set(pid, r);
      }
      samples[i]?.push({ at: performance.now(), byPid });
    }));
  };
  let running = sampleAll();
  const timer = setInterval(() => {
    running = running.then(sampleAll);
  }, intervalMs);
  return {
    /** The usage since the previous cut (or the start), from the samples taken so far; the next segment starts at the last of them. */
    cut() {
      const usage = groups.map((_, i) => summary(i));
      groups.forEach((_, i) => (from[i] = Math.max(0, (samples[i]?.length ?? 0) - 1)));
      return usage;
    },
    /** Stops sampling and returns the usage since the last cut (the whole run when never cut). */
    async stop() {
      clearInterval(timer);
      await running;
      await sampleAll();
      return groups.map((_, i) => summary(i));
    },
  };
}
