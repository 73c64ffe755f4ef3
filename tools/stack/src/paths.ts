import path from 'node:path';
import type { StackConfig } from './config';

/** Where one managed process keeps its files inside the state directory. Internal. */
export interface ProcessPaths {
  /** The component's own folder; its absolute path also marks the java command line as ours. */
  dir: string;
  log: string;
  pidFile: string;
}

/** Every path the stack reads or writes, derived from the config. Internal. */
export interface StackPaths {
  stateDir: string;
  /** Serialises `up` and `down` of one state directory. */
  lockFile: string;
  kafka: ProcessPaths & {
    serverProperties: string;
    log4jProperties: string;
    dataDir: string;
    /** Written by `kafka-storage format`: its absence means the storage is not formatted yet. */
    metaProperties: string;
  };
  registry: ProcessPaths;
  cache: {
    kafkaDir: string;
    kafkaLibs: string;
    apicurioDir: string;
  };
}

/** Lays out the state directory (per clone) and the download cache (per machine). Internal. */
export function stackPaths(config: StackConfig): StackPaths {
  const processPaths = (name: string): ProcessPaths => {
    const dir = path.join(config.stateDir, name);
    return { dir, log: path.join(dir, `${name}.log`), pidFile: path.join(dir, `${name}.pid`) };
  };
  const kafka = processPaths('kafka');
  const kafkaDir = path.join(config.cacheDir, `kafka-${config.kafkaVersion}`);
  return {
    stateDir: config.stateDir,
    lockFile: path.join(config.stateDir, 'stack.lock'),
    kafka: {
      ...kafka,
      serverProperties: path.join(kafka.dir, 'server.properties'),
      log4jProperties: path.join(kafka.dir, 'log4j2.properties'),
      dataDir: path.join(kafka.dir, 'data'),
      metaProperties: path.join(kafka.dir, 'data', 'meta.properties'),
    },
    registry: processPaths('registry'),
    cache: {
      kafkaDir,
      kafkaLibs: path.join(kafkaDir, 'libs'),
      apicurioDir: path.join(config.cacheDir, `apicurio-registry-${config.apicurioVersion}`),
    },
  };
}
