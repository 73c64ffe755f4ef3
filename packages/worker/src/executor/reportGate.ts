/** How much a handler may report per attempt (one visible table). */
export const reportLimits = {
  /** At most one JobProgressed per this many milliseconds; the last report in between is the one sent. */
  progressIntervalMs: 1000,
  /** Log lines sent at once before the rate applies. */
  logBurst: 20,
  /** Log lines per second after the burst. */
  logsPerSecond: 5,
  /** Log lines sent per attempt at most; the others are counted in one last warning. */
  maxLogs: 200,
} as const;

export type ReportLimits = { [K in keyof typeof reportLimits]: number };

/** What the gate remembers of an attempt's reports. */
export interface ReportGateState {
  /** When the last JobProgressed went out (epoch ms), or null before the first. */
  lastProgressAt: number | null;
  /** Log tokens left, and when they were counted. */
  tokens: number;
  tokensAt: number;
  logsSent: number;
  logsDropped: number;
}

export function initialReportGate(now: number, limits: ReportLimits = reportLimits): ReportGateState {
  return { lastProgressAt: null, tokens: limits.logBurst, tokensAt: now, logsSent: 0, logsDropped: 0 };
}

/**
 * Whether a progress report goes out now, or waits `waitMs` to be coalesced with later ones (pure): the
 * first goes at once, then at most one per interval, so a chatty handler cannot flood the log.
 */
export function decideProgress(state: ReportGateState, now: number, limits: ReportLimits = reportLimits): { send: true; state: ReportGateState } | { send: false; waitMs: number } {
  const since = state.lastProgressAt === null ? Infinity : now - state.lastProgressAt;
  if (since >= limits.progressIntervalMs) return { send: true, state: { ...state, lastProgressAt: now } };
  return { send: false, waitMs: limits.progressIntervalMs - since };
}

/** Whether a log line goes out (pure): a token bucket (burst, then a rate) and a cap per attempt; refused lines are counted. */
export function admitLog(state: ReportGateState, now: number, limits: ReportLimits = reportLimits): { admitted: boolean; state: ReportGateState } {
  const tokens = Math.min(limits.logBurst, state.tokens + ((now - state.tokensAt) / 1000) * limits.logsPerSecond);
  if (tokens < 1 || state.logsSent >= limits.maxLogs) return { admitted: false, state: { ...state, tokens, tokensAt: now, logsDropped: state.logsDropped + 1 } };
  return { admitted: true, state: { ...state, tokens: tokens - 1, tokensAt: now, logsSent: state.logsSent + 1 } };
}
