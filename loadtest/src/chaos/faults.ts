import type { ChaosStack } from './chaosStack';
import type { ServiceProcess } from './serviceProcess';

/** What a fault acts on: the chaos run's own stack and services. */
export interface FaultTargets {
  stack: ChaosStack;
  processors: ServiceProcess[];
  commandApis: ServiceProcess[];
  queryApi: ServiceProcess;
  log: (line: string) => void;
}

/** One fault: injected, then healed (both resolve when done); `restore` readies the next fault. */
export interface Fault {
  name: string;
  /** Heal → backlog drained, at most, in milliseconds. */
  recoveryBoundMs: number;
  inject(t: FaultTargets): Promise<void>;
  heal(t: FaultTargets): Promise<void>;
  /** After the segment: bring back what the fault left down (not part of the measured recovery). */
  restore?(t: FaultTargets): Promise<void>;
}

/** How long the broker and the registry stay away, in milliseconds. */
export const outageMs = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stack component taken away by `stop`, and brought back by the stack after {@link outageMs}. */
function outage(name: string, component: 'kafka' | 'registry', what: string, stop: (t: FaultTargets) => Promise<void>): Fault {
  return {
    name,
    recoveryBoundMs: 15_000,
    inject: async (t) => {
      t.log(`${what}, back after ${outageMs / 1000} s`);
      await stop(t);
      await sleep(outageMs);
    },
    heal: async (t) => void await t.stack.up([component]),
  };
}

/**
 * The faults, one visible table (internal). Recovery bounds: a killed processor's partitions move after
 * the 6 s session timeout, so its backlog drains within 15 s of the kill; after a broker or registry
 * restart, clients reconnect within their 2 s backoff cap.
 */
export const faults: Record<string, Fault> = {
  'kill -9 processors': {
    name: 'kill -9 processors',
    recoveryBoundMs: 15_000,
    inject: async (t) => {
      t.log('kill -9 of processors-a (processors-b takes its partitions over)');
      await t.processors[0]!.kill();
    },
    heal: async () => undefined,
    restore: async (t) => t.processors[0]!.start(),
  },
  'kill -9 broker': outage('kill -9 broker', 'kafka', 'kill -9 of the broker', (t) => t.stack.killBroker()),
  'registry stopped': outage('registry stopped', 'registry', 'registry stopped', (t) => t.stack.stopRegistry()),
  'pg_terminate_backend': {
    name: 'pg_terminate_backend',
    recoveryBoundMs: 15_000,
    inject: async (t) => {
      const n = await t.stack.terminateConnections();
      t.log(`pg_terminate_backend of ${n} connections to the chaos database`);
    },
    heal: async () => undefined,
  },
  'rolling SIGTERM restart': {
    name: 'rolling SIGTERM restart',
    recoveryBoundMs: 15_000,
    inject: async (t) => {
      for (const s of [...t.processors, ...t.commandApis, t.queryApi]) {
        const ms = await s.terminate();
        t.log(`SIGTERM ${s.spec.name}: exited in ${ms} ms; starting it again`);
        await s.start();
      }
    },
    heal: async () => undefined,
  },
};

/** The faults of a full run, in order, and of `--short` (CI). */
export const fullRun = ['kill -9 processors', 'kill -9 broker', 'registry stopped', 'pg_terminate_backend', 'rolling SIGTERM restart'];
export const shortRun = ['kill -9 processors', 'pg_terminate_backend', 'kill -9 broker'];
