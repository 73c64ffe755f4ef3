import path from 'node:path';
import { loadConfig, REPO_ROOT, STACK_DEFAULTS, StackConfigError } from './config';

describe('loadConfig', () => {
  it('uses the defaults table when nothing is set', () => {
    const config = loadConfig({ XDG_CACHE_HOME: '/var/cache/me' });

    expect(config).toMatchObject({
      kafkaPort: 9092,
      kafkaControllerPort: 9093,
      registryPort: 8081,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/conveyor',
      registryDatabase: 'conveyor_registry',
      kafkaVersion: '4.1.1',
      apicurioVersion: '3.0.9',
      javaBin: 'java',
      stateDir: path.join(REPO_ROOT, '.stack'),
      cacheDir: '/var/cache/me/conveyor',
      startTimeoutMs: STACK_DEFAULTS.startTimeoutMs,
    });
  });

  it('reads overrides, resolving a relative state dir against the repo root', () => {
    const config = loadConfig({
      KAFKA_PORT: '19092',
      KAFKA_CONTROLLER_PORT: '19093',
      REGISTRY_PORT: '18081',
      DATABASE_URL: 'postgresql://app:secret@db.local:6543/jobs',
      CONVEYOR_STATE_DIR: 'tmp/stack',
      CONVEYOR_CACHE_DIR: '/opt/cache',
      JAVA_HOME: '/usr/lib/jvm/temurin-21',
    });

    expect(config).toMatchObject({
      kafkaPort: 19092,
      kafkaControllerPort: 19093,
      registryPort: 18081,
      databaseUrl: 'postgresql://app:secret@db.local:6543/jobs',
      stateDir: path.join(REPO_ROOT, 'tmp/stack'),
      cacheDir: '/opt/cache',
      javaBin: '/usr/lib/jvm/temurin-21/bin/java',
    });
  });

  it('reports every problem at once', () => {
    const load = () =>
      loadConfig({
        KAFKA_PORT: 'ninety',
        KAFKA_CONTROLLER_PORT: '70000',
        REGISTRY_PORT: '9092',
        DATABASE_URL: 'mysql://root@127.0.0.1/',
        REGISTRY_DATABASE: 'Registry-DB',
        STACK_START_TIMEOUT_MS: '5s',
      });

    expect(load).toThrow(StackConfigError);
    let problems: string[] = [];
    try {
      load();
    } catch (error) {
      problems = (error as StackConfigError).problems;
    }
    expect(problems).toEqual([
      'KAFKA_PORT must be a TCP port (1-65535), got "ninety"',
      'KAFKA_CONTROLLER_PORT must be a TCP port (1-65535), got "70000"',
      'REGISTRY_PORT and KAFKA_PORT must differ, both are 9092',
      'DATABASE_URL must use postgres:// or postgresql://, got "mysql://"',
      'DATABASE_URL must name a database',
      'REGISTRY_DATABASE must be a lower-case SQL identifier, got "Registry-DB"',
      'STACK_START_TIMEOUT_MS must be a whole number of milliseconds >= 1000, got "5s"',
    ]);
  });

  it('rejects a DATABASE_URL that is not a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'host=127.0.0.1 dbname=conveyor' })).toThrow(
      'DATABASE_URL must be a postgres:// URL, got "host=127.0.0.1 dbname=conveyor"',
    );
  });
});
