/**
 * The released HTTP contract (public): each service's OpenAPI document as its code builds it, and the
 * snapshots of it taken when a release is cut, `docs/api/released/<service>.v<major>.json`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument as commandApiDocument } from '../../services/command-api/src/openapi';
import { openApiDocument as queryApiDocument } from '../../services/query-api/src/openapi';
import type { OpenApi } from './findBreakingChanges';

/** Where the released snapshots live. */
export const releasedDir = join(__dirname, '..', '..', 'docs', 'api', 'released');

/** Each service's current document, as `/openapi.json` serves it (a JSON round trip). */
export function currentDocuments(): Record<string, OpenApi> {
  const built = { 'command-api': commandApiDocument(), 'query-api': queryApiDocument() };
  return Object.fromEntries(Object.entries(built).map(([name, doc]) => [name, JSON.parse(JSON.stringify(doc)) as OpenApi]));
}

/** The major version of a document's `info.version` (`1.4.0` → 1). */
export function majorVersion(doc: OpenApi): number {
  const info = doc.info as { version?: unknown } | undefined;
  const major = Number(String(info?.version ?? '').split('.')[0]);
  if (!Number.isInteger(major) || major < 1) throw new Error(`info.version ${String(info?.version)} has no major version`);
  return major;
}

/** The snapshot file of a service's contract at a major version. */
export const releasedFile = (service: string, major: number) => join(releasedDir, `${service}.v${major}.json`);

/** The snapshot text written for a document (stable: two-space JSON and a final newline). */
export const snapshotText = (doc: OpenApi) => `${JSON.stringify(doc, null, 2)}\n`;

/** The last released document of a service (its highest major version), or undefined before the first release. */
export function lastReleased(service: string): { file: string; document: OpenApi } | undefined {
  if (!existsSync(releasedDir)) return undefined;
  const majors = readdirSync(releasedDir)
    .map((f) => new RegExp(`^${service}\\.v(\\d+)\\.json$`).exec(f)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
  if (majors[0] === undefined) return undefined;
  const file = releasedFile(service, majors[0]);
  return { file, document: JSON.parse(readFileSync(file, 'utf8')) as OpenApi };
}
