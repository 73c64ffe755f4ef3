/**
 * Job types registered at run time (issue 12): a worker announces the types it runs on the admin log, and
 * keeps telling that it is alive, so the catalog (the processors' job_types projection) knows every type, its versions
 * and payload schemas, and which workers serve it. Public; the processors and the worker SDK use it alike:
 *
 * ```ts
 * const announcer = createJobTypeAnnouncer({ publish, serde, topic, workerId, host, catalog });
 * await announcer.announce([describeJobType(myType, { queue: 'billing', version: 2 })]); // throws JobTypeRefusedError
 * // … a WorkerSeen every heartbeatIntervalMs until:
 * await announcer.stop();
 * ```
 *
 * - `publish` resolves once Kafka acknowledged the messages (a batching publisher's `publish`);
 * - `serde` encodes `catalogEventSchemas` for the admin-events topic (`registerAll()` called);
 * - `catalog` reads the versions the catalog holds of some types (`catalogOverHttp` through the query API, or the read model): `announce` decides each registration with
 *   `decideJobTypeRegistration` first and publishes nothing when one is refused, so the worker fails to start
 *   with the reason. The projection decides again when it applies the event (another worker may have
 *   registered in between) and records a late refusal in `job_type_refusals`.
 */
import { randomUUID } from 'node:crypto';
import { decideJobTypeRegistration, type JobTypeVersion } from '@conveyor/domain/catalog';
import { eventMessage, type CatalogEvent, type CatalogMetadata } from '@conveyor/events';
import type { JobTypeDescriptor } from './describeJobType';

/** A message as the announcer hands it to `publish`. */
export interface AnnouncedMessage {
  topic: string;
  message: { key: string; value: Buffer; headers: Record<string, string>; timestamp: string };
}

export interface JobTypeAnnouncerOptions {
  /** Resolves once Kafka acknowledged every message (acks=all). */
  publish: (messages: AnnouncedMessage[]) => Promise<void>;
  serde: { encode(name: string, value: unknown): Promise<Buffer> };
  /** The admin-events topic, prefix included. */
  topic: string;
  workerId: string;
  host: string;
  /** The versions the catalog holds of these types; none given: nothing is checked before publishing. */
  catalog?: { versionsOf(types: readonly string[]): Promise<JobTypeVersion[]> };
  /** Time between two WorkerSeen, in milliseconds; default 15,000. */
  heartbeatIntervalMs?: number;
  /** Called when a periodic heartbeat fails (the next one tries again). */
  onHeartbeatError?: (err: unknown) => void;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/** An announcement the catalog refuses; `reasons` holds one line per refused type (public). */
export class JobTypeRefusedError extends Error {
  constructor(readonly reasons: string[]) {
    super(`the job-type catalog refuses ${reasons.length === 1 ? 'a registration' : `${reasons.length} registrations`}: ${reasons.join(' | ')}`);
    this.name = 'JobTypeRefusedError';
  }
}

/** Creates a worker's announcer (public; see the module's header). */
export function createJobTypeAnnouncer(options: JobTypeAnnouncerOptions) {
  const now = options.now ?? Date.now;
  let announced: JobTypeDescriptor[] = [];
  let timer: NodeJS.Timeout | undefined;
  // The heartbeat being published, if any: a slow one is not doubled, and stop() waits for it.
  let beating: Promise<void> | undefined;

  const meta = (subjectId: string): CatalogMetadata => ({ eventId: randomUUID(), subjectId, occurredAt: now(), traceparent: null, tracestate: null });
  const toMessage = async (event: CatalogEvent): Promise<AnnouncedMessage> => {
    const value = await options.serde.encode(event.type, event.data);
    return { topic: options.topic, message: eventMessage({ type: event.type, key: event.data.meta.subjectId, occurredAt: event.data.meta.occurredAt }, value) };
  };
  const workerSeen = (): CatalogEvent => ({
    type: 'WorkerSeen',
    data: {
      meta: meta(options.workerId), workerId: options.workerId, host: options.host,
      queues: [...new Set(announced.map((d) => d.queue))].sort(), types: announced.map((d) => d.type).sort(),
    },
  });

  const heartbeat = async (): Promise<void> => {
    await options.publish([await toMessage(workerSeen())]);
  };

  return {
    /**
     * Checks the registrations against the catalog, then publishes a JobTypeRegistered per descriptor and a
     * WorkerSeen, and starts the heartbeats. Throws {@link JobTypeRefusedError} (publishing nothing) when the
     * catalog refuses one.
     */
    async announce(descriptors: readonly JobTypeDescriptor[]): Promise<void> {
      const types = descriptors.map((d) => d.type);
      const twice = types.filter((t, i) => types.indexOf(t) !== i);
      if (twice.length) throw new JobTypeRefusedError([`job type ${twice[0]} is announced twice by one worker`]);
      const known = options.catalog ? await options.catalog.versionsOf(types) : [];
      const reasons = descriptors.flatMap((d) => {
        const decision = decideJobTypeRegistration(d, known.filter((k) => k.type === d.type));
        return decision.outcome === 'refused' ? [decision.reason] : [];
      });
      if (reasons.length) throw new JobTypeRefusedError(reasons);
      announced = [...descriptors];
      const registrations = descriptors.map((d): CatalogEvent => ({
        type: 'JobTypeRegistered',
        data: {
          meta: meta(d.type), type: d.type, version: d.version, queue: d.queue, description: d.description, sideEffects: d.sideEffects,
          defaultsJson: JSON.stringify(d.defaults), payloadSchemaJson: JSON.stringify(d.payloadSchema), workerId: options.workerId, host: options.host,
        },
      }));
      await options.publish(await Promise.all([...registrations, workerSeen()].map(toMessage)));
      if (!timer) {
        timer = setInterval(() => {
          beating ??= heartbeat().catch((err: unknown) => options.onHeartbeatError?.(err)).finally(() => (beating = undefined));
        }, options.heartbeatIntervalMs ?? 15_000);
        timer.unref();
      }
    },
    /** Publishes a WorkerSeen now (the announcer also sends one every `heartbeatIntervalMs`). */
    heartbeat,
    /**
     * Stops the heartbeats; resolves once a heartbeat being published has been answered, so the caller may close
     * the producer (and a test file may end) with nothing left to send.
     */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await beating;
    },
  };
}

export type JobTypeAnnouncer = ReturnType<typeof createJobTypeAnnouncer>;
