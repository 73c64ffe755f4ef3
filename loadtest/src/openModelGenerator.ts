import type { Arrival, ArrivalSchedule } from './arrivalSchedule';

/** Options of {@link runOpenModel}. */
export interface OpenModelOptions {
  schedule: ArrivalSchedule;
  /** Requests in flight at most; an arrival finding none free is dropped (and counted), never delayed. */
  maxInFlight: number;
  /** Arrivals per request (1: one request each; more: batches of what is due, lingering up to `batchLingerMs`). */
  batchSize: number;
  /** In milliseconds. */
  batchLingerMs?: number;
  /** Epoch time of arrival 0, in milliseconds (default: now). Intended times are `startAt + atMs`. */
  startAt?: number;
  /** Sends one request for the arrivals; must not reject. */
  send: (arrivals: Arrival[], intendedAt: number[]) => Promise<void>;
  onDrop?: (arrival: Arrival, intendedAt: number) => void;
  /** Called when the schedule enters a new phase, with the phase that ended; return false to stop (ramp). */
  onPhaseEnd?: (phase: number) => boolean | Promise<boolean>;
  signal?: AbortSignal;
}

/** What the generator did. */
export interface OpenModelOutcome {
  sent: number;
  dropped: number;
  requests: number;
  /** Arrivals never sent because the run stopped early (ramp stop or abort). */
  skipped: number;
  /** The phase the run stopped in (the last one when it ran through). */
  lastPhase: number;
  stoppedEarly: boolean;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Drives an open-model workload: arrivals happen at their scheduled times whether or not earlier
 * requests have answered. The loop is bounded by the schedule's count and a hard deadline of the
 * schedule's duration plus 10 s (public).
 */
export async function runOpenModel(options: OpenModelOptions): Promise<OpenModelOutcome> {
  const { schedule } = options;
  const startAt = options.startAt ?? now();
  const linger = options.batchLingerMs ?? 10;
  const deadline = startAt + schedule.durationMs + 10_000;
  let next = 0;
  let inFlight = 0;
  let sent = 0;
  let dropped = 0;
  let requests = 0;
  let phase = 0;
  let stoppedEarly = false;
  const pending: Arrival[] = [];
  const inFlightDone = new Set<Promise<void>>();

  const dispatch = (arrivals: Arrival[]) => {
    if (inFlight >= options.maxInFlight) {
      for (const a of arrivals) {
        dropped += 1;
        options.onDrop?.(a, startAt + a.atMs);
      }
      return;
    }
    inFlight += 1;
    requests += 1;
    sent += arrivals.length;
    const p = options.send(arrivals, arrivals.map((a) => startAt + a.atMs)).finally(() => {
      inFlight -= 1;
      inFlightDone.delete(p);
    });
    inFlightDone.add(p);
  };

  while (next < schedule.total) {
    if (options.signal?.aborted || now() > deadline) {
      stoppedEarly = true;
      break;
    }
    const due = schedule.dueBy(now() - startAt);
    let stop = false;
    while (next < due) {
      const arrival = schedule.at(next);
      if (arrival.phase !== phase) {
        if (pending.length) dispatch(pending.splice(0));
        const goOn = options.onPhaseEnd ? await options.onPhaseEnd(phase) : true;
        phase = arrival.phase;
        if (!goOn) {
          stop = true;
          break;
        }
      }
      next += 1;
      if (options.batchSize <= 1) dispatch([arrival]);
      else {
        pending.push(arrival);
        if (pending.length >= options.batchSize) dispatch(pending.splice(0));
      }
    }
    if (stop) {
      stoppedEarly = true;
      break;
    }
    if (pending.length && (next >= schedule.total || now() >= startAt + (pending[0] as Arrival).atMs + linger)) dispatch(pending.splice(0));
    if (next < schedule.total) {
      const wait = startAt + schedule.at(next).atMs - now();
      await sleep(Math.min(wait, pending.length ? linger : wait));
    }
  }
  if (pending.length && !stoppedEarly) dispatch(pending.splice(0));
  if (!stoppedEarly && options.onPhaseEnd) await options.onPhaseEnd(phase);
  await Promise.all([...inFlightDone]);
  return { sent, dropped, requests, skipped: schedule.total - next, lastPhase: phase, stoppedEarly };
}
