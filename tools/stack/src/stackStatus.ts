import { type ComponentName } from './Component';
import { loadConfig, type StackConfig } from './config';
import { createComponents } from './createComponents';
import { stackPaths } from './paths';
import { postgresHealth } from './postgres';
import { isPortOpen, portOwner } from './ports';
import { runningPid } from './processes';

/** One row of `stack status`. Public. */
export interface ComponentStatus {
  name: ComponentName | 'postgres';
  label: string;
  /** `external`: a machine service the stack checks but does not start (PostgreSQL). */
  state: 'running' | 'stopped' | 'external';
  pid?: number;
  port: number;
  /** `ok`, or why the health check failed, or `-` when stopped. */
  health: string;
}

/** Where clients reach the stack. Public. */
export interface StackEndpoints {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrl: string;
}

/** What {@link stackStatus} reports. Public. */
export interface StackStatus {
  components: ComponentStatus[];
  endpoints: StackEndpoints;
  /** True when every component runs and answers its health check. */
  healthy: boolean;
}

/** Options shared by the programmatic API. Public. */
export interface StackOptions {
  /** Environment to read the configuration from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Reports each component's process and health, without changing anything. Public. */
export async function stackStatus(options: StackOptions = {}): Promise<StackStatus> {
  return statusOf(loadConfig(options.env));
}

/** {@link stackStatus} for an already loaded config. Internal. */
export async function statusOf(config: StackConfig): Promise<StackStatus> {
  const paths = stackPaths(config);
  const database = new URL(config.databaseUrl);
  const postgres = postgresHealth(config.databaseUrl).then(
    (health): ComponentStatus => ({
      name: 'postgres',
      label: 'postgresql',
      state: 'external',
      port: Number(database.port || 5432),
      health: health.ok ? 'ok' : health.reason,
    }),
  );
  const processes = createComponents(config, paths).map(async (component): Promise<ComponentStatus> => {
    const pid = runningPid(component.paths);
    const row = { name: component.name, label: component.label, port: component.port };
    if (pid !== undefined) {
      const health = await component.health();
      return { ...row, state: 'running', pid, health: health.ok ? 'ok' : health.reason };
    }
    const taken = await isPortOpen('127.0.0.1', component.port);
    const owner = taken ? portOwner(component.port) : undefined;
    return { ...row, state: 'stopped', health: taken ? `port taken by ${owner ?? 'another process'}` : '-' };
  });
  const components = await Promise.all([postgres, ...processes]);
  return {
    components,
    endpoints: endpointsOf(config),
    healthy: components.every((component) => component.health === 'ok'),
  };
}

/** Client addresses for a config. Internal. */
export function endpointsOf(config: StackConfig): StackEndpoints {
  return {
    kafkaBrokers: [`127.0.0.1:${config.kafkaPort}`],
    registryUrl: `http://127.0.0.1:${config.registryPort}/apis/ccompat/v7`,
    databaseUrl: config.databaseUrl,
  };
}
