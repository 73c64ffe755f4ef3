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
 * of one core). A group whose pids cannot be listed or read has no figures, never an error.
 */
export function startProcessSampler(groups: readonly SampledGroup[], intervalMs = 1000): { stop(): Promise<ProcessUsage[]> } {
  const samples = groups.map((): GroupSample[] => []);
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
    async stop() {
      clearInterval(timer);
      await running;
      await sampleAll();
      return groups.map((g, i) => summariseUsage({ name: g.name, covers: g.covers, samples: samples[i] ?? [], ticksPerSecond, ...(g.memory ? { memory: g.memory } : {}) }));
    },
  };
}
