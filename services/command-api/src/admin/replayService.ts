import { createHash, randomUUID } from 'node:crypto';
import { ValidationError } from '@conveyor/errors';
import { asOfSchemaName } from '@conveyor/read-model';
import { parseReplayRequest, type ReplayRequest } from './parseReplayRequest';
import type { ReplayRunStore } from './replayRunStore';

export interface ReplayServiceDeps {
  runs: Pick<ReplayRunStore, 'insert'>;
  /** The job-events topic of this deployment (topicNames(TOPIC_PREFIX).jobEvents). */
  jobEventsTopic: string;
  newId?: () => string;
  /** The clock (future instants are refused), in epoch milliseconds; default Date.now. */
  now?: () => number;
}

/** JSON with object keys sorted: the same options give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What makes two requests the same run (pure): the kind and the options, without who asks and why. An
 * as-of run is its snapshot (instants within one second build the same schema).
 */
export function replayDedupKey(request: ReplayRequest): string {
  if (request.kind === 'as-of') return `as-of:${asOfSchemaName(Date.parse(request.asOf))}`;
  const { reason: _reason, ...options } = request;
  return `${request.kind}:${createHash('sha256').update(canonicalJson(options)).digest('hex')}`;
}

/**
 * The rules of a replay requested over HTTP (pure), issue 11: `force` (swap a read model that failed its
 * verification) is the replay CLI's alone; a rebuild `from` or an as-of instant in the future is refused.
 */
export function checkReplayRequest(request: ReplayRequest, now: number): void {
  if (request.kind === 'rebuild' && request.force) {
    throw new ValidationError('force is refused over the API: a forced swap replaces the live read model with one that failed its verification. Run it on a processors host: npm run replay -- rebuild <projection> --force', [
      { path: '/force', message: 'only the replay CLI may force (npm run replay -- rebuild <projection> --force)' },
    ]);
  }
  const future = request.kind === 'rebuild' && request.from !== 'earliest' ? { path: '/from', at: request.from }
    : request.kind === 'as-of' ? { path: '/asOf', at: request.asOf } : undefined;
  if (future && Date.parse(future.at) > now) {
    throw new ValidationError(`${future.path.slice(1)} is in the future`, [{ path: future.path, message: 'must not be in the future' }]);
  }
}

/**
 * Replay requests (public): parse, check, then record the run for the processors' replay runner, which
 * claims it, runs it and reports progress in the same row. A redrive records the actor as the
 * re-drive's actor. An identical run already requested or running, or an as-of snapshot beyond the
 * quota, is refused with 409 (replayRunStore).
 */
export function createReplayService(deps: ReplayServiceDeps) {
  const newId = deps.newId ?? randomUUID;
  const now = deps.now ?? Date.now;
  return {
    async request(body: unknown, actor: string): Promise<{ replayId: string }> {
      const request = parseReplayRequest(body ?? {});
      checkReplayRequest(request, now());
      const { kind, ...options } = request;
      const replayId = newId();
      await deps.runs.insert({
        replayId, kind, topic: deps.jobEventsTopic, requestedBy: actor, dedupKey: replayDedupKey(request),
        ...(request.kind === 'as-of' ? { asOfSchema: asOfSchemaName(Date.parse(request.asOf)) } : {}),
        options: kind === 'redrive' ? { ...options, actor } : options,
      });
      return { replayId };
    },
  };
}

export type ReplayService = ReturnType<typeof createReplayService>;
