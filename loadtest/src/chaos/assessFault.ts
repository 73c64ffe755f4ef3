/** What the chaos run saw of one request: when it was sent and answered, and how. */
export interface RequestRecord {
  /** Epoch milliseconds. */
  sentAt: number;
  answeredAt: number;
  /** `accepted`, an HTTP status class, `hung` (no answer within the bound) or `refused` (no connection). */
  outcome: 'accepted' | '4xx' | '5xx' | 'hung' | 'refused' | 'other';
  jobId?: string;
}

/** What the log says of one job (events deduplicated by event id). */
export interface JobRecord {
  /** Distinct JobStarted event ids per attempt number: more than one is an attempt that ran twice. */
  startedByAttempt: Map<number, Set<string>>;
  /** Distinct event ids of outcome events (JobSucceeded, JobFailed, JobCancelled): more than one is a job settled twice. */
  terminal: Set<string>;
  /** When the first terminal event was observed, epoch milliseconds. */
  settledAt: number | null;
  /** The JobSubmitted event's own time (meta.occurredAt), epoch milliseconds; null if not seen. */
  submittedAt: number | null;
}

/** The window of one fault: injected at `injectedAt`, healed at `healedAt` (the same for instant faults). */
export interface FaultWindow {
  name: string;
  /** Epoch milliseconds of the load segment's start and end. */
  loadStartedAt: number;
  injectedAt: number;
  healedAt: number;
  /** The largest recovery (heal → backlog drained) that passes, in milliseconds. */
  recoveryBoundMs: number;
}

/** The verdict on one fault (the report's row). */
export interface FaultAssessment {
  name: string;
  requests: number;
  accepted: number;
  /** Accepted (202) but no terminal event in the log after the final drain. */
  lost: number;
  /** Accepted jobs whose attempt started twice, or that settled twice, under different event ids. */
  runTwice: number;
  serverErrors: number;
  hung: number;
  refused: number;
  /** Jobs in the log whose request was not answered 202 (a 503 or a hang whose events landed after all). */
  publishedUnanswered: number;
  /** Fault injected → healed, in milliseconds. */
  outageMs: number;
  /** Healed → every job accepted before the heal (plus 1 s) settled, in milliseconds; null if never. */
  recoveryMs: number | null;
  problems: string[];
}

/**
 * Judges one fault from the requests of its load segment and the log (pure): lost and doubled jobs, 5xx,
 * hung and refused requests, and the recovery time, from the heal to the moment the backlog of jobs
 * accepted up to the heal (plus 1 s) had all settled. Problems fail the run.
 */
export function assessFault(window: FaultWindow, requests: readonly RequestRecord[], jobs: ReadonlyMap<string, JobRecord>, submittedIds: ReadonlySet<string>): FaultAssessment {
  const accepted = requests.filter((r) => r.outcome === 'accepted' && r.jobId);
  const acceptedIds = new Set(accepted.map((r) => r.jobId as string));
  let lost = 0;
  let runTwice = 0;
  let backlogDrainedAt = window.healedAt;
  let backlogOpen = false;
  for (const r of accepted) {
    const job = jobs.get(r.jobId as string);
    if (!job || job.settledAt === null) {
      lost++;
      if (r.sentAt <= window.healedAt + 1_000) backlogOpen = true;
      continue;
    }
    if ([...job.startedByAttempt.values()].some((ids) => ids.size > 1) || job.terminal.size > 1) runTwice++;
    if (r.sentAt <= window.healedAt + 1_000) backlogDrainedAt = Math.max(backlogDrainedAt, job.settledAt);
  }
  // `submittedIds`: the JobSubmitted of this segment's time in the log; those no 202 named were answered otherwise.
  const publishedUnanswered = [...submittedIds].filter((id) => !acceptedIds.has(id)).length;
  const count = (o: RequestRecord['outcome']) => requests.filter((r) => r.outcome === o).length;
  const recoveryMs = backlogOpen ? null : Math.max(0, backlogDrainedAt - window.healedAt);
  const problems: string[] = [];
  if (lost) problems.push(`${lost} accepted jobs lost`);
  if (runTwice) problems.push(`${runTwice} jobs ran twice`);
  if (count('hung')) problems.push(`${count('hung')} requests hung past the bound`);
  if (recoveryMs === null) problems.push('never recovered');
  else if (recoveryMs > window.recoveryBoundMs) problems.push(`recovery ${(recoveryMs / 1000).toFixed(1)} s > ${window.recoveryBoundMs / 1000} s`);
  return {
    name: window.name,
    requests: requests.length,
    accepted: accepted.length,
    lost,
    runTwice,
    serverErrors: count('5xx'),
    hung: count('hung'),
    refused: count('refused'),
    publishedUnanswered,
    outageMs: window.healedAt - window.injectedAt,
    recoveryMs,
    problems,
  };
}
