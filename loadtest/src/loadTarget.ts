import type { CommandClient } from './http/commandClient';
import type { Outcome } from './jobLedger';
import type { LagSample } from './kafka/lagSampler';

/** What a target reports as jobs progress. */
export interface FollowHooks {
  /** A job reached a terminal state; `occurredAt` is the system's own timestamp when it has one. */
  terminal(jobId: string, outcome: Outcome, observedAt: number, occurredAt?: number): void;
  /** Stage markers (Conveyor only): JobSubmitted and JobStarted times, epoch ms. */
  stage?(jobId: string, stage: 'submitted' | 'started', occurredAt: number): void;
}

/**
 * A system under test as the harness sees it: an HTTP endpoint with the command API's contract, a way
 * to follow jobs to their end, and optionally a lag gauge and a query API to probe.
 */
export interface LoadTarget {
  name: string;
  client: CommandClient;
  /** Starts following; resolves when following is live (nothing submitted after it can be missed). */
  follow(hooks: FollowHooks): Promise<{ stop(): Promise<void> }>;
  /** Starts sampling consumer lag once a second. */
  sampleLag?(startedAt: number, onSample: (s: LagSample) => void): { stop(): Promise<LagSample[]> };
  /** Query API base URL for submit→visible probes. */
  queryApi?: string;
  /** The API key the probes send (Authorization: Bearer). */
  apiKey?: string;
  /** Frees what the target opened. */
  close(): Promise<void>;
}
