import { Client } from 'pg';
import type { Logger } from '@conveyor/runtime';
import { timerBatchSize, type DispatchStore } from './createDispatchStore';
import type { JobWorkItem } from '@conveyor/events';
import { advisoryLocks } from '@conveyor/read-model';

/** Advisory lock class of the timer loop; the object id is hashtext(topic prefix), one leader per prefix. */
const TIMER_LOCK_CLASS = advisoryLocks.timerLoop;

export interface TimerLoopOptions {
  store: DispatchStore;
  publish: (items: JobWorkItem[]) => Promise<void>;
  databaseUrl: string;
  /** Scopes leadership: processors with another TOPIC_PREFIX have their own leader. */
  topicPrefix: string;
  logger: Logger;
  /** Pause between looks for due timers, in milliseconds. */
  intervalMs: number;
  /** Pause between a standby's attempts to become leader, in milliseconds. */
  standbyRetryMs?: number;
  onFired?: (count: number) => void;
}

/**
 * The timer loop: only one replica at a time fires timers, the one holding a session advisory lock on
 * a dedicated connection (the lock goes when that connection does, so a crashed leader is replaced
 * within `standbyRetryMs`). The leader fires due timers every `intervalMs`, at once again while full
 * batches keep coming.
 */
export function createTimerLoop(options: TimerLoopOptions) {
  const log = options.logger.child({ component: 'timer-loop' });
  let client: Client | undefined;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const dropConnection = () => {
    leader = false;
    const c = client;
    client = undefined;
    c?.end().catch(() => undefined);
  };

  const tryLead = async (): Promise<void> => {
    if (!client) {
      const c = new Client({ connectionString: options.databaseUrl, application_name: 'conveyor-timer-loop' });
      c.on('error', (err) => {
        log.warn({ err }, 'timer lock connection lost');
        if (client === c) dropConnection();
      });
      await c.connect();
      client = c;
    }
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [TIMER_LOCK_CLASS, options.topicPrefix]);
    leader = rows[0]?.ok === true;
    if (leader) log.info('leading the timer loop');
  };

  const tick = async (): Promise<number> => {
    if (!leader) {
      await tryLead();
      if (!leader) return (options.standbyRetryMs ?? 2000);
    }
    let fired = 0;
    do {
      fired = await options.store.fireDue(options.publish);
      if (fired) options.onFired?.(fired);
    } while (fired === timerBatchSize && !stopped);
    return options.intervalMs;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(schedule, (err: unknown) => {
        log.error({ err }, 'timer loop failed; retrying');
        if (client && !leader) dropConnection();
        schedule(options.standbyRetryMs ?? 2000);
      });
    }, ms);
  };

  return {
    start(): void {
      schedule(0);
    },
    get isLeader() {
      return leader;
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      const c = client;
      client = undefined;
      leader = false;
      if (c) await c.end().catch(() => undefined); // ends the session: the lock is released
    },
  };
}
