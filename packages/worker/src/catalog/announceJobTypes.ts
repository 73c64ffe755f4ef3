import { hostname } from 'node:os';
import { catalogEventSchemas } from '@conveyor/events';
import type { JobTypeDefinition } from '@conveyor/job-types';
import { createJobTypeAnnouncer, describeJobType, type AnnouncedMessage } from '@conveyor/job-types/catalog';
import { createEventSerde } from '@conveyor/kafka';
import type { Logger, Pool } from '@conveyor/runtime';
import { createCatalogVersions } from './catalogVersions';

export interface AnnounceJobTypesDeps {
  registryUrl: string;
  adminTopic: string;
  publish: (messages: AnnouncedMessage[]) => Promise<void>;
  pool: Pick<Pool, 'query'>;
  /** The job types this worker runs. */
  jobTypes: ReadonlyArray<JobTypeDefinition<any, unknown>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  workerId: string;
  /** In milliseconds; default 15,000. */
  heartbeatIntervalMs?: number;
  logger: Logger;
}

/**
 * Announces the job types a worker runs to the catalog (each on its queue, version 1) and heart-beats until
 * stopped (public): the processors' built-in executor and every `startWorker` do this before they fetch work.
 * Throws JobTypeRefusedError when the catalog refuses one (checked against the catalog read model first), so
 * the worker fails to start with the reason. A type whose payload schema changes needs a new version (and a
 * compatible change).
 */
export async function announceJobTypes(deps: AnnounceJobTypesDeps): Promise<{ stop(): Promise<void> }> {
  const serde = createEventSerde({ registryUrl: deps.registryUrl, topic: deps.adminTopic, schemas: catalogEventSchemas });
  await serde.registerAll();
  const announcer = createJobTypeAnnouncer({
    publish: deps.publish, serde, topic: deps.adminTopic, workerId: deps.workerId, host: hostname(),
    catalog: createCatalogVersions({ pool: deps.pool, adminTopic: deps.adminTopic }), heartbeatIntervalMs: deps.heartbeatIntervalMs,
    onHeartbeatError: (err) => deps.logger.warn({ err }, 'worker heartbeat not published; the next one tries again'),
  });
  await announcer.announce(deps.jobTypes.map((def) => describeJobType(def)));
  deps.logger.info({ types: deps.jobTypes.map((def) => def.type) }, 'job types announced');
  return announcer;
}
