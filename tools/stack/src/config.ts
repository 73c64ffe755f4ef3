import os from 'node:os';
import path from 'node:path';
import { StackError } from './StackError';

/** Pinned versions and tunables of the local stack: one visible table. Internal. */
export const STACK_DEFAULTS = {
  kafkaVersion: '4.1.1',
  /** The log4j2 binding Kafka's slf4j logging needs at run time. */
  log4jSlf4jVersion: '2.24.3',
  apicurioVersion: '3.0.9',
  /** Pinned so a fresh machine resolves the same plugin as ours. */
  mavenDependencyPlugin: 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1',
  /**
   * For `copy` of the Apicurio archive: 2.8 does not read the artifact's pom, whose parent
   * (io.apicurio:apicurio-registry:3.0.9) is missing from Maven Central, so 3.x fails.
   */
  mavenCopyPlugin: 'org.apache.maven.plugins:maven-dependency-plugin:2.8',
  kafkaPort: 9092,
  kafkaControllerPort: 9093,
  registryPort: 8081,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/conveyor',
  registryDatabase: 'conveyor_registry',
  /** How long `up` waits for a component to answer its health check, in milliseconds. */
  startTimeoutMs: 120_000,
  /** How long `down` waits after SIGTERM before SIGKILL, in milliseconds. */
  stopTimeoutMs: 20_000,
  kafkaHeap: '768m',
  registryHeap: '512m',
  /** Kafka's offsets.topic.num.partitions: the health probe covers each one. */
  offsetsTopicPartitions: 10,
  minJavaMajor: 17,
} as const;

/** Everything the stack manager needs, read once from the environment. Public. */
export interface StackConfig {
  /** Logs, data and pid files (`.stack/` at the repo root unless CONVEYOR_STATE_DIR). */
  stateDir: string;
  /** Downloaded jars shared by every clone on the machine. */
  cacheDir: string;
  kafkaVersion: string;
  log4jSlf4jVersion: string;
  apicurioVersion: string;
  mavenDependencyPlugin: string;
  mavenCopyPlugin: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  registryPort: number;
  databaseUrl: string;
  registryDatabase: string;
  /** The java executable: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
  javaBin: string;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  kafkaHeap: string;
  registryHeap: string;
  offsetsTopicPartitions: number;
  minJavaMajor: number;
}

/** Thrown by {@link loadConfig}: its one-line message names every bad key. Public. */
export class StackConfigError extends StackError {
  override name = 'StackConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid stack configuration: ${problems.join('; ')}`);
  }
}

/** The repository root: tools/stack/src is three levels below it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Reads the stack configuration from `env`, converting and validating every key,
 * and throws one {@link StackConfigError} listing all problems at once. Public.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const problems: string[] = [];
  const port = (key: string, fallback: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 65535) {
      problems.push(`${key} must be a TCP port (1-65535), got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const milliseconds = (key: string, fallback: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1000) {
      problems.push(`${key} must be a whole number of milliseconds >= 1000, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };

  const kafkaPort = port('KAFKA_PORT', STACK_DEFAULTS.kafkaPort);
  const kafkaControllerPort = port('KAFKA_CONTROLLER_PORT', STACK_DEFAULTS.kafkaControllerPort);
  const registryPort = port('REGISTRY_PORT', STACK_DEFAULTS.registryPort);
  const ports: Array<[string, number]> = [
    ['KAFKA_PORT', kafkaPort],
    ['KAFKA_CONTROLLER_PORT', kafkaControllerPort],
    ['REGISTRY_PORT', registryPort],
  ];
  ports.forEach(([key, value], index) => {
    const clash = ports.slice(0, index).find(([, other]) => other === value);
    if (clash) problems.push(`${key} and ${clash[0]} must differ, both are ${value}`);
  });

  const databaseUrl = env.DATABASE_URL || STACK_DEFAULTS.databaseUrl;
  problems.push(...databaseUrlProblems(databaseUrl));

  const registryDatabase = env.REGISTRY_DATABASE || STACK_DEFAULTS.registryDatabase;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(registryDatabase)) {
    problems.push(`REGISTRY_DATABASE must be a lower-case SQL identifier, got "${registryDatabase}"`);
  }

  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const config: StackConfig = {
    ...STACK_DEFAULTS,
    stateDir: path.resolve(REPO_ROOT, env.CONVEYOR_STATE_DIR || '.stack'),
    cacheDir: path.resolve(env.CONVEYOR_CACHE_DIR || path.join(cacheHome, 'conveyor')),
    kafkaPort,
    kafkaControllerPort,
    registryPort,
    databaseUrl,
    registryDatabase,
    javaBin: env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java',
    startTimeoutMs: milliseconds('STACK_START_TIMEOUT_MS', STACK_DEFAULTS.startTimeoutMs),
  };
  if (problems.length > 0) throw new StackConfigError(problems);
  return config;
}

function databaseUrlProblems(databaseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return [`DATABASE_URL must be a postgres:// URL, got "${databaseUrl}"`];
  }
  const problems: string[] = [];
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(`DATABASE_URL must use postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (!url.hostname) problems.push('DATABASE_URL must name a host (the registry connects over TCP)');
  if (url.pathname.replace(/^\//, '') === '') problems.push('DATABASE_URL must name a database');
  return problems;
}
