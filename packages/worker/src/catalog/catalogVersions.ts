// The row mapping only (not the package's index, which carries the migrations a bundle cannot take along).
import { toJobTypeVersion, type JobTypesTableRow } from '@conveyor/read-model/job-types';
import type { JobTypeVersion } from '@conveyor/domain/catalog';
import type { Pool } from '@conveyor/runtime';

/** Reads the registered versions of some job types from the catalog read model of one admin topic (public). */
export function createCatalogVersions(deps: { pool: Pick<Pool, 'query'>; adminTopic: string }) {
  return {
    async versionsOf(types: readonly string[]): Promise<JobTypeVersion[]> {
      const { rows } = await deps.pool.query<Pick<JobTypesTableRow, 'type' | 'version' | 'queue' | 'payload_schema'>>(
        'select type, version, queue, payload_schema from job_types where admin_topic = $1 and type = any($2)', [deps.adminTopic, types],
      );
      return rows.map(toJobTypeVersion);
    },
  };
}
