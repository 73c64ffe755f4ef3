import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { discardDeadLetter, requeueDeadLetter, type CommandMeta, type DeadLetterState } from '@conveyor/domain';
import type { DeadLetterDiscarded, JobEvent } from '@conveyor/events';
import { injectTraceContext } from '@conveyor/runtime';
import type { DeadLetterStore } from './deadLetterStore';

export interface DeadLetterServiceDeps {
  store: DeadLetterStore;
  /** Publishes job events (JobRequeued) on job-events; resolves once acknowledged. */
  publishJobEvents: (events: JobEvent[]) => Promise<void>;
  /** Publishes DeadLetterDiscarded records on the dead-letter topic; resolves once acknowledged. */
  publishDiscards: (records: DeadLetterDiscarded[]) => Promise<void>;
  now: () => number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const reasonBody = z.strictObject({ reason: z.string().max(2000).optional() }).optional();
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)).optional();
/** Body of POST /v1/dead-letters/requeue (public: the OpenAPI document shows it). */
export const requeueFilterSchema = z.strictObject({
  type: z.string().min(1).max(200).optional(),
  cause: z.enum(['attempts_exhausted', 'non_retriable', 'unknown_type']).optional(),
  since: instant,
  until: instant,
  limit: z.number().int().min(1).max(10_000).default(1000),
  reason: z.string().max(2000).optional(),
});

const parse = <S extends z.ZodType>(schema: S, body: unknown): z.infer<S> => {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new ValidationError('invalid request body', r.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })));
};

/** A UUID derived from a name (v5 layout): the same letter and action give the same event id. */
const derivedId = (name: string) => {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
};

/**
 * The dead-letter commands (public): requeue one, requeue by filter, discard. Each loads the letter and
 * its job from the read models, decides (pure), and publishes: JobRequeued on job-events (the dispatcher
 * turns it into the next attempt), DeadLetterDiscarded on the dead-letter topic.
 */
export function createDeadLetterService(deps: DeadLetterServiceDeps) {
  const meta = (actor: string, eventId: string): CommandMeta => {
    const carrier = injectTraceContext({});
    return { eventId, now: deps.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };
  const load = async (id: string): Promise<DeadLetterState> => {
    const letter = uuid.test(id) ? await deps.store.load(id.toLowerCase()) : null;
    if (!letter) throw new NotFoundError(`dead letter ${id} not found`);
    return letter;
  };
  const requeueEvent = (letter: DeadLetterState, reason: string | null, actor: string): JobEvent =>
    ({ type: 'JobRequeued', data: requeueDeadLetter({ type: 'RequeueDeadLetter', reason, meta: meta(actor, derivedId(`requeue:${letter.id}`)) }, letter) });

  return {
    async requeue(id: string, body: unknown, actor: string) {
      const { reason } = parse(reasonBody, body) ?? {};
      const event = requeueEvent(await load(id), reason ?? null, actor);
      await deps.publishJobEvents([event]);
      return { deadLetterId: event.type === 'JobRequeued' ? event.data.deadLetterId : id, jobId: event.data.meta.jobId, attempt: (event.data as { attempt: number }).attempt };
    },
    async requeueByFilter(body: unknown, actor: string) {
      const f = parse(requeueFilterSchema, body ?? {});
      if (f.since !== undefined && f.until !== undefined && f.until < f.since) throw new ValidationError('invalid request body', [{ path: '/until', message: 'must not be before since' }]);
      const letters = await deps.store.select({ type: f.type ?? null, cause: f.cause ?? null, since: f.since ?? null, until: f.until ?? null, limit: f.limit });
      // Letters whose job is no longer dead (requeued meanwhile by someone else) are skipped, not refused.
      const events = letters.flatMap((l) => {
        try {
          return [requeueEvent(l, f.reason ?? null, actor)];
        } catch {
          return [];
        }
      });
      for (let i = 0; i < events.length; i += 1000) await deps.publishJobEvents(events.slice(i, i + 1000));
      return { count: events.length, deadLetterIds: events.map((e) => (e.data as { deadLetterId: string }).deadLetterId) };
    },
    async discard(id: string, body: unknown, actor: string) {
      const { reason } = parse(reasonBody, body) ?? {};
      const letter = await load(id);
      const record = discardDeadLetter({ type: 'DiscardDeadLetter', reason: reason ?? null, meta: meta(actor, randomUUID()) }, letter);
      await deps.publishDiscards([record]);
      return { deadLetterId: letter.id, jobId: letter.jobId };
    },
  };
}

export type DeadLetterService = ReturnType<typeof createDeadLetterService>;
