/** One reading of a process's memory and CPU time, from `/proc/<pid>/status` and `/proc/<pid>/stat`. */
export interface ProcReading {
  /** Resident set size (VmRSS), in bytes. */
  rssBytes: number;
  /** Its private share (RssAnon: heap, stacks), in bytes; shared memory (RssShmem, Postgres' buffers) is not in it. */
  anonBytes: number;
  /** User + system CPU time since the process started, in clock ticks (USER_HZ). */
  cpuTicks: number;
}

/** A kB line of `/proc/<pid>/status` (`VmRSS:   123456 kB`) in bytes; null when absent. */
function statusKb(status: string, key: string): number | null {
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * utime + stime of a `/proc/<pid>/stat` line, in clock ticks (pure); null when the line is not one. The
 * command name (field 2) is in parentheses and may hold spaces and parentheses itself, so the fields
 * are counted from the last `)`: state is field 3, utime 14, stime 15.
 */
export function parseStatCpuTicks(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat.slice(close + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) && fields.length > 12 ? utime + stime : null;
}

/** A process's reading from the text of its status and stat files (pure); null when either is not readable as such. */
export function parseProcReading(status: string, stat: string): ProcReading | null {
  const rssBytes = statusKb(status, 'VmRSS');
  const cpuTicks = parseStatCpuTicks(stat);
  if (rssBytes === null || cpuTicks === null) return null;
  return { rssBytes, anonBytes: statusKb(status, 'RssAnon') ?? rssBytes, cpuTicks };
}

/** What one sampled group of processes (a service, or all Postgres backends of a database) used over a run. */
export interface ProcessUsage {
  name: string;
  /** What the figure covers, for the report. */
  covers: string;
  /** Peak and median over the samples of the group's summed memory, in MB (RSS, or RssAnon for `memory: 'anon'`). */
  rssPeakMb: number | null;
  rssMedianMb: number | null;
  /** CPU time used between the first and the last sample, in % of one core. */
  cpuPercent: number | null;
  samples: number;
}

/** The readings of one group at one instant: by pid, and when (milliseconds, monotonic). */
export interface GroupSample {
  at: number;
  byPid: Map<number, ProcReading>;
}

const MB = 1024 * 1024;

/**
 * Summarises a group's samples (pure): memory is summed over the group's pids at each sample (RSS, or
 * the private RssAnon when `memory` is 'anon', so Postgres' shared buffers are not counted once per
 * backend); CPU is the ticks a pid used between the first and the last sample it appears in, summed
 * over pids, over the whole sampled time (a backend that came and went counts for what it used while seen).
 */
export function summariseUsage(options: { name: string; covers: string; samples: readonly GroupSample[]; ticksPerSecond: number; memory?: 'rss' | 'anon' }): ProcessUsage {
  const { samples } = options;
  const sums = samples.filter((s) => s.byPid.size > 0)
    .map((s) => [...s.byPid.values()].reduce((a, r) => a + (options.memory === 'anon' ? r.anonBytes : r.rssBytes), 0) / MB)
    .sort((a, b) => a - b);
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const s of samples) {
    for (const [pid, r] of s.byPid) {
      if (!first.has(pid)) first.set(pid, r.cpuTicks);
      last.set(pid, r.cpuTicks);
    }
  }
  const ticks = [...last].reduce((a, [pid, t]) => a + Math.max(0, t - (first.get(pid) as number)), 0);
  const span = samples.length > 1 ? ((samples.at(-1) as GroupSample).at - (samples[0] as GroupSample).at) / 1000 : 0;
  return {
    name: options.name,
    covers: options.covers,
    rssPeakMb: sums.length ? (sums.at(-1) as number) : null,
    rssMedianMb: sums.length ? (sums[Math.floor((sums.length - 1) / 2)] as number) : null,
    cpuPercent: span > 0 && first.size > 0 ? (ticks / options.ticksPerSecond / span) * 100 : null,
    samples: sums.length,
  };
}
