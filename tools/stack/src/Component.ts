import type { CacheOutcome } from './ensureCached';
import type { Health } from './health';
import type { ProcessPaths } from './paths';
import type { ProcessSpec } from './processes';

/** The processes the stack starts; PostgreSQL is a machine service it only checks. Public. */
export const COMPONENT_NAMES = ['kafka', 'registry'] as const;
/** Public. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** One JVM process the stack downloads, configures, starts, health-checks and stops. Internal. */
export interface Component {
  name: ComponentName;
  /** Name and version for messages, e.g. "kafka 4.1.1". */
  label: string;
  paths: ProcessPaths;
  /** The port clients use. */
  port: number;
  /** Every port the process binds: all must be free before it starts. */
  ports: number[];
  /** Downloads the binaries into the shared cache unless a complete copy is there. */
  install(log: (line: string) => void): Promise<CacheOutcome>;
  /** Writes configuration and first-start state; `fresh` when this is the first start on new data. */
  prepare(log: (line: string) => void): Promise<{ fresh: boolean }>;
  processSpec(): ProcessSpec;
  health(): Promise<Health>;
}
