import { randomBytes } from 'node:crypto';

/** A name no other test run uses: `<base>-<8 hex chars>` (topic prefixes, groups, subjects). */
export function uniqueName(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** A topic prefix unique to this test run, e.g. `t3f9a01bc.`. */
export function uniqueTopicPrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`;
}
