import { z } from 'zod';
import type { JsonSchema } from '@conveyor/domain/catalog';
import type { JobTypeDefinition } from '../defineJobType';

/** The queue of a job type that names none. */
export const defaultQueue = 'default';

/** What a worker announces about one job type it runs: the catalog's entry for one version (public). */
export interface JobTypeDescriptor {
  type: string;
  /** 1 or more; a new version must accept every payload the previous one accepted. */
  version: number;
  queue: string;
  description: string;
  sideEffects: boolean;
  defaults: NonNullable<JobTypeDefinition['defaults']>;
  /** JSON Schema (draft 2020-12) of the payload, input side: what a submission may send. */
  payloadSchema: JsonSchema;
}

/**
 * Describes a job type for the catalog (pure, public): its payload's zod schema becomes JSON Schema
 * (input side, so fields with defaults stay optional). Queue `default` and version 1 unless given.
 */
export function describeJobType(jobType: JobTypeDefinition<any, unknown>, options: { queue?: string; version?: number } = {}): JobTypeDescriptor { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    type: jobType.type,
    version: options.version ?? 1,
    queue: options.queue ?? defaultQueue,
    description: jobType.description,
    sideEffects: jobType.sideEffects,
    defaults: jobType.defaults ?? {},
    payloadSchema: z.toJSONSchema(jobType.payload, { io: 'input' }) as JsonSchema,
  };
}
