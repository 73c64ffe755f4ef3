import fs from 'node:fs';
import path from 'node:path';
import type { Component } from './Component';
import type { StackConfig } from './config';
import { ensureCached } from './ensureCached';
import { type Health, httpHealth } from './health';
import { checkMaven, copyArtifact } from './maven';
import type { StackPaths } from './paths';
import { ensureDatabase } from './postgres';
import { ownerMarker } from './processes';
import { registryDatasource } from './registryDatasource';
import { lastLine, runCommand } from './runCommand';
import { StackError } from './StackError';

/**
 * Apicurio Registry (Confluent-compatible API under /apis/ccompat/v7) with SQL storage in
 * our PostgreSQL, so schema ids survive restarts. Internal.
 */
export function createRegistryComponent(options: { config: StackConfig; paths: StackPaths }): Component {
  const { config, paths } = options;
  const dir = paths.cache.apicurioDir;
  const baseUrl = `http://127.0.0.1:${config.registryPort}`;

  return {
    name: 'registry',
    label: `apicurio-registry ${config.apicurioVersion}`,
    paths: paths.registry,
    port: config.registryPort,
    ports: [config.registryPort],

    install: (log) =>
      ensureCached(dir, { log, label: 'registry' }, async () => {
        await checkMaven();
        const artifact = `io.apicurio:apicurio-registry-app:${config.apicurioVersion}:tar.gz:all`;
        log(`registry: downloading ${artifact} with Maven into ${dir}`);
        await copyArtifact({ artifact, outputDir: dir, plugin: config.mavenCopyPlugin });
        const archive = fs.readdirSync(dir).find((file) => file.endsWith('.tar.gz'));
        if (!archive) throw new StackError(`registry: Maven copied no .tar.gz into ${dir}`);
        log(`registry: extracting ${archive}`);
        const tar = await runCommand('tar', ['xzf', archive], { cwd: dir });
        if (tar.code !== 0) throw new StackError(`registry: tar xzf ${archive} failed: ${lastLine(tar)}`);
        fs.rmSync(path.join(dir, archive));
        findRunnerJar(dir);
      }),

    async prepare(log) {
      fs.mkdirSync(paths.registry.dir, { recursive: true });
      const created = await ensureDatabase(config.databaseUrl, config.registryDatabase);
      if (created) log(`registry: created database ${config.registryDatabase} for its storage`);
      return { fresh: created };
    },

    processSpec() {
      const datasource = registryDatasource(config.databaseUrl, config.registryDatabase);
      return {
        command: config.javaBin,
        args: [`-Xmx${config.registryHeap}`, ownerMarker(paths.registry), '-jar', findRunnerJar(dir)],
        env: {
          ...process.env,
          QUARKUS_HTTP_HOST: '127.0.0.1',
          QUARKUS_HTTP_PORT: String(config.registryPort),
          // Apicurio's default pattern prints dates like "2026-11+00-29" here; use a plain one.
          QUARKUS_LOG_CONSOLE_FORMAT: '%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n',
          APICURIO_STORAGE_KIND: 'sql',
          APICURIO_STORAGE_SQL_KIND: 'postgresql',
          APICURIO_DATASOURCE_URL: datasource.url,
          APICURIO_DATASOURCE_USERNAME: datasource.username,
          // Trust authentication ignores the password, but the datasource wants one.
          APICURIO_DATASOURCE_PASSWORD: datasource.password ?? 'unused',
          // Apicurio holds 20 connections from the start by default: a fifth of a stock Postgres's
          // max_connections for a local registry that answers a handful of lookups.
          APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
          APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
          APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
        },
        cwd: paths.registry.dir,
      };
    },

    async health(): Promise<Health> {
      const ready = await httpHealth(`${baseUrl}/health/ready`);
      return ready.ok ? httpHealth(`${baseUrl}/apis/ccompat/v7/subjects`) : ready;
    },
  };
}

/**
 * The jar to run: `*-runner.jar` (3.0.x uber layout) or `quarkus-run.jar` (fast-jar layout),
 * in the extracted folder or one level below it.
 */
function findRunnerJar(dir: string): string {
  const folders = [dir, ...subfolders(dir), ...subfolders(dir).flatMap(subfolders)];
  for (const folder of folders) {
    const jar = fs.readdirSync(folder).find((file) => file.endsWith('-runner.jar') || file === 'quarkus-run.jar');
    if (jar) return path.join(folder, jar);
  }
  throw new StackError(`registry: no *-runner.jar or quarkus-run.jar under ${dir}; delete that folder to download again`);
}

function subfolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'lib')
    .map((entry) => path.join(dir, entry.name));
}
