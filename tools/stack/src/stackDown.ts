import type { ComponentName } from './Component';
import { loadConfig } from './config';
import { createComponents } from './createComponents';
import { withLock } from './lock';
import { stackPaths } from './paths';
import { stopProcess, type StopOutcome } from './processes';
import type { StackOptions } from './stackStatus';

/** Options of {@link stackDown}. Public. */
export interface StackDownOptions extends StackOptions {
  /** Components to stop; all when omitted. */
  components?: ComponentName[];
  /** Receives one line per component; defaults to console.log. */
  log?: (line: string) => void;
}

/** How one component went down. Public. */
export interface ComponentStop {
  name: ComponentName;
  outcome: StopOutcome;
}

/**
 * Stops what `up` started, found through the pid files: SIGTERM, then SIGKILL after 20 s. A pid
 * whose command line does not carry this state directory's marker is never signalled. Data and
 * logs stay in the state directory. Public.
 */
export async function stackDown(options: StackDownOptions = {}): Promise<ComponentStop[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const components = createComponents(config, paths, options.components);
  const lockOptions = {
    timeoutMs: config.startTimeoutMs + 5 * 60_000,
    onWait: (pid: number) => log(`stack: waiting for pid ${pid}, which is bringing the same stack up or down`),
  };
  return withLock(paths.lockFile, lockOptions, () =>
    // Stopped together: the registry does not need Kafka, and Kafka's shutdown takes seconds.
    Promise.all(
      components.map(async (component) => {
        const outcome = await stopProcess(component.paths, config.stopTimeoutMs);
        log(`${component.label}: ${outcome === 'not-running' ? 'was not running' : outcome}`);
        return { name: component.name, outcome };
      }),
    ),
  );
}
