import type { ProcessUsage } from './procStat';

/** One system's sampled processes over its fixed-rate runs: one `ProcessUsage[]` per run. */
export interface SystemUsage {
  system: string;
  runs: ProcessUsage[][];
  /** The jobs per second the runs carried: CPU then also reads as milliseconds of CPU per job. */
  jobsPerSecond?: number;
}

/** A process group's figures over a system's runs: the peak of the peaks, the median of the medians and of the CPU shares. */
export interface UsageOverRuns {
  system: string;
  name: string;
  covers: string;
  rssPeakMb: number | null;
  rssMedianMb: number | null;
  cpuMedian: number | null;
  cpuMin: number | null;
  cpuMax: number | null;
  /** The median CPU share as milliseconds of CPU per job (null without a rate). */
  cpuMsPerJob: number | null;
}

const median = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number) : null);
const present = (xs: Array<number | null>) => xs.filter((x): x is number => x !== null);

/** A CPU share (% of one core, i.e. 10 ms of CPU per second per %) as milliseconds of CPU per job (pure). */
const msPerJob = (cpuPercent: number | null, jobsPerSecond: number | undefined) =>
  (cpuPercent === null || !jobsPerSecond ? null : (cpuPercent * 10) / jobsPerSecond);

/** Each process group of each system over its runs (pure), in the order the groups were first sampled. */
export function usageOverRuns(systems: readonly SystemUsage[]): UsageOverRuns[] {
  return systems.flatMap(({ system, runs, jobsPerSecond }) => {
    const names = [...new Set(runs.flatMap((r) => r.map((u) => u.name)))];
    return names.map((name) => {
      const of = runs.flatMap((r) => r.filter((u) => u.name === name));
      const cpu = present(of.map((u) => u.cpuPercent));
      const peaks = present(of.map((u) => u.rssPeakMb));
      return {
        system, name, covers: of[0]?.covers ?? '',
        rssPeakMb: peaks.length ? Math.max(...peaks) : null,
        rssMedianMb: median(present(of.map((u) => u.rssMedianMb))),
        cpuMedian: median(cpu), cpuMin: cpu.length ? Math.min(...cpu) : null, cpuMax: cpu.length ? Math.max(...cpu) : null,
        cpuMsPerJob: msPerJob(median(cpu), jobsPerSecond),
      };
    });
  });
}

const num = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/**
 * The processes' memory and CPU during the runs (`during`, for the heading) as markdown (pure): per system
 * and process group, peak and median RSS in MB, CPU in % of one core, median (min–max) over the runs, and,
 * for a system whose rate is known, that median as milliseconds of CPU per job with a total row: the
 * figure that says which process a job costs most in, and what the whole platform spends on one job.
 */
export function renderResourceTable(systems: readonly SystemUsage[], during = 'the fixed-rate runs'): string {
  const rows = usageOverRuns(systems);
  if (!rows.length) return '';
  const totals = systems.flatMap(({ system, jobsPerSecond }) => {
    const of = rows.filter((r) => r.system === system && r.cpuMsPerJob !== null);
    if (!jobsPerSecond || !of.length) return [];
    const cpu = of.reduce((sum, r) => sum + (r.cpuMedian ?? 0), 0);
    return [`| ${system} | **all sampled processes** | | | ${num(cpu)} | ${num(msPerJob(cpu, jobsPerSecond), 2)} | at ${num(jobsPerSecond)} jobs/s |`];
  });
  return [
    `### Processes during ${during} (sampled every second from /proc)`, '',
    '| system | process | RSS peak (MB) | RSS median (MB) | CPU (% of a core): median (min–max) | CPU per job (ms) | covers |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.system} | ${r.name} | ${num(r.rssPeakMb)} | ${num(r.rssMedianMb)} | ${num(r.cpuMedian)} (${num(r.cpuMin)}–${num(r.cpuMax)}) | ${num(r.cpuMsPerJob, 2)} | ${r.covers} |`),
    ...totals,
    '',
  ].join('\n');
}
