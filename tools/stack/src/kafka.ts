import fs from 'node:fs';
import path from 'node:path';
import type { Component } from './Component';
import type { StackConfig } from './config';
import { ensureCached } from './ensureCached';
import { kafkaHealth } from './health';
import { checkMaven, copyDependencies } from './maven';
import type { StackPaths } from './paths';
import { ownerMarker } from './processes';
import { probeGroupIds } from './probeGroupIds';
import { lastLine, runCommand } from './runCommand';
import { LOG4J2_PROPERTIES, renderServerProperties } from './serverProperties';
import { StackError } from './StackError';

/** Kafka in KRaft mode, one combined broker+controller, run from Maven Central jars. Internal. */
export function createKafkaComponent(options: { config: StackConfig; paths: StackPaths }): Component {
  const { config, paths } = options;
  const classpath = `${paths.cache.kafkaLibs}/*`;
  const probeGroups = probeGroupIds(config.offsetsTopicPartitions);
  const java = (args: string[]) => runCommand(config.javaBin, args, { cwd: paths.kafka.dir });

  return {
    name: 'kafka',
    label: `kafka ${config.kafkaVersion}`,
    paths: paths.kafka,
    port: config.kafkaPort,
    ports: [config.kafkaPort, config.kafkaControllerPort],

    install: (log) =>
      ensureCached(paths.cache.kafkaDir, { log, label: 'kafka' }, async () => {
        await checkMaven();
        log(`kafka: downloading Kafka ${config.kafkaVersion} jars with Maven into ${paths.cache.kafkaLibs}`);
        const pom = path.join(paths.cache.kafkaDir, 'pom.xml');
        fs.writeFileSync(pom, renderKafkaPom(config));
        await copyDependencies({ pom, outputDir: paths.cache.kafkaLibs, plugin: config.mavenDependencyPlugin });
        log(`kafka: ${fs.readdirSync(paths.cache.kafkaLibs).length} jars downloaded`);
      }),

    async prepare(log) {
      fs.mkdirSync(paths.kafka.dataDir, { recursive: true });
      fs.writeFileSync(paths.kafka.log4jProperties, LOG4J2_PROPERTIES);
      fs.writeFileSync(
        paths.kafka.serverProperties,
        renderServerProperties({
          port: config.kafkaPort,
          controllerPort: config.kafkaControllerPort,
          dataDir: paths.kafka.dataDir,
          offsetsTopicPartitions: config.offsetsTopicPartitions,
        }),
      );
      if (fs.existsSync(paths.kafka.metaProperties)) return { fresh: false };
      log(`kafka: formatting storage in ${paths.kafka.dataDir}`);
      const storageTool = ['-cp', classpath, 'kafka.tools.StorageTool'];
      const uuid = await java([...storageTool, 'random-uuid']);
      const clusterId = uuid.stdout.trim().split('\n').pop() ?? '';
      if (uuid.code !== 0 || !clusterId) throw new StackError(`kafka: random-uuid failed: ${lastLine(uuid)}`);
      // No --standalone: controller.quorum.voters already names the single voter.
      const format = await java([...storageTool, 'format', '-t', clusterId, '-c', paths.kafka.serverProperties]);
      if (format.code !== 0) throw new StackError(`kafka: storage format failed: ${lastLine(format)}`);
      return { fresh: true };
    },

    processSpec: () => ({
      command: config.javaBin,
      args: [
        `-Xmx${config.kafkaHeap}`,
        ownerMarker(paths.kafka),
        `-Dlog4j2.configurationFile=${paths.kafka.log4jProperties}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        paths.kafka.serverProperties,
      ],
      env: process.env,
      cwd: paths.kafka.dir,
    }),

    health: () => kafkaHealth('127.0.0.1', config.kafkaPort, probeGroups),
  };
}

/** A pom whose only purpose is to let Maven resolve the broker's runtime classpath. */
function renderKafkaPom(config: StackConfig): string {
  const dependency = (groupId: string, artifactId: string, version: string) =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.conveyor.stack</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${config.kafkaVersion}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('org.apache.kafka', 'kafka_2.13', config.kafkaVersion)}
${dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', config.log4jSlf4jVersion)}
  </dependencies>
</project>
`;
}
