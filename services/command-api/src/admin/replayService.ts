import { randomUUID } from 'node:crypto';
import { parseReplayRequest } from './parseReplayRequest';
import type { ReplayRunStore } from './replayRunStore';

export interface ReplayServiceDeps {
  runs: Pick<ReplayRunStore, 'insert'>;
  /** The job-events topic of this deployment (topicNames(TOPIC_PREFIX).jobEvents). */
  jobEventsTopic: string;
  newId?: () => string;
}

/**
 * Replay requests (public): parse, then record the run for the processors' replay runner, which claims
 * it, runs it and reports progress in the same row. A redrive records the actor as the re-drive's actor.
 */
export function createReplayService(deps: ReplayServiceDeps) {
  const newId = deps.newId ?? randomUUID;
  return {
    async request(body: unknown, actor: string): Promise<{ replayId: string }> {
      const { kind, ...options } = parseReplayRequest(body ?? {});
      const replayId = newId();
      await deps.runs.insert({
        replayId, kind, topic: deps.jobEventsTopic, requestedBy: actor,
        options: kind === 'redrive' ? { ...options, actor } : options,
      });
      return { replayId };
    },
  };
}

export type ReplayService = ReturnType<typeof createReplayService>;
