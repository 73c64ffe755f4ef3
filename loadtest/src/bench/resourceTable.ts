import type { ProcessUsage } from './procStat';

/** One system's sampled processes over its fixed-rate runs: one `ProcessUsage[]` per run. */
export interface SystemUsage {
  system: string;
  runs: ProcessUsage[][];
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
}

const median = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number) : null);
const present = (xs: Array<number | null>) => xs.filter((x): x is number => x !== null);

/** Each process group of each system over its runs (pure), in the order the groups were first sampled. */
export function usageOverRuns(systems: readonly SystemUsage[]): UsageOverRuns[] {
  return systems.flatMap(({ system, runs }) => {
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
      };
    });
  });
}

const num = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/**
 * The processes' memory and CPU during the runs (`during`, for the heading) as markdown (pure): per system
 * and process group, peak and median RSS in MB and CPU in % of one core, median (min–max) over the runs.
 */
export function renderResourceTable(systems: readonly SystemUsage[], during = 'the fixed-rate runs'): string {
  const rows = usageOverRuns(systems);
  if (!rows.length) return '';
  return [
    `### Processes during ${during} (sampled every second from /proc)`, '',
    '| system | process | RSS peak (MB) | RSS median (MB) | CPU (% of a core): median (min–max) | covers |',
    '|---|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.system} | ${r.name} | ${num(r.rssPeakMb)} | ${num(r.rssMedianMb)} | ${num(r.cpuMedian)} (${num(r.cpuMin)}–${num(r.cpuMax)}) | ${r.covers} |`),
    '',
  ].join('\n');
}
