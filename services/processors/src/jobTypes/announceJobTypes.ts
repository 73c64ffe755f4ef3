import { hostname } from 'node:os';
import { catalogEventSchemas } from '@conveyor/events';
import type { JobTypeRegistry } from '@conveyor/job-types';
import { createJobTypeAnnouncer, describeJobType, type AnnouncedMessage } from '@conveyor/job-types/catalog';
import { createEventSerde } from '@conveyor/kafka';
import type { Logger, Pool } from '@conveyor/runtime';
import { createCatalogVersions } from './catalogVersions';

export interface AnnounceJobTypesDeps {
  registryUrl: string;
  adminTopic: string;
  publish: (messages: AnnouncedMessage[]) => Promise<void>;
  pool: Pick<Pool, 'query'>;
  /** The job types this process's executor runs. */
  registry: JobTypeRegistry;
  workerId: string;
  /** In milliseconds. */
  heartbeatIntervalMs: number;
  logger: Logger;
}

/**
 * Announces the job types the executor runs to the catalog (queue `default`, version 1) and heart-beats until
 * stopped (public). Throws JobTypeRefusedError when the catalog refuses one, so the processors fail to start
 * with the reason. A built-in type whose payload schema changes needs a new version (and a compatible change).
 */
export async function announceJobTypes(deps: AnnounceJobTypesDeps): Promise<{ stop(): void }> {
  const serde = createEventSerde({ registryUrl: deps.registryUrl, topic: deps.adminTopic, schemas: catalogEventSchemas });
  await serde.registerAll();
  const announcer = createJobTypeAnnouncer({
    publish: deps.publish, serde, topic: deps.adminTopic, workerId: deps.workerId, host: hostname(),
    catalog: createCatalogVersions({ pool: deps.pool, adminTopic: deps.adminTopic }), heartbeatIntervalMs: deps.heartbeatIntervalMs,
    onHeartbeatError: (err) => deps.logger.warn({ err }, 'worker heartbeat not published; the next one tries again'),
  });
  await announcer.announce(deps.registry.list().map((def) => describeJobType(def)));
  deps.logger.info({ types: deps.registry.types() }, 'job types announced');
  return announcer;
}
