import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { createCommandClient } from '../http/commandClient';
import type { LoadTarget } from '../loadTarget';

/**
 * BullMQ as a load-test target: starts bullmqServer.ts as a child process (HTTP → queue.add → 202, and
 * a Worker running the no-op), and follows completions through QueueEvents, the way Conveyor's jobs
 * are followed through their Kafka events. `close()` stops the child, which obliterates the queue.
 */
export async function createBullmqTarget(options: { redisUrl: string; queueName: string; concurrency: number; maxSockets: number; timeoutMs: number }): Promise<LoadTarget & { serverPid: number }> {
  const child = spawn(join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, 'bullmqServer.ts'), options.queueName, String(options.concurrency), options.redisUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [port, serverPid] = await new Promise<[number, number]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the BullMQ peer did not start within 30 s')), 30_000);
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening (\d+) (\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve([Number(m[1]), Number(m[2])]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the BullMQ peer exited with code ${code}`)));
  });
  const client = createCommandClient({ baseUrl: `http://127.0.0.1:${port}`, maxSockets: options.maxSockets, timeoutMs: options.timeoutMs });
  return {
    name: 'bullmq',
    client,
    /** The peer's own process (HTTP endpoint and Worker; the tsx wrapper that started it is its parent). */
    serverPid,
    async follow(hooks) {
      const events = new QueueEvents(options.queueName, { connection: new IORedis(options.redisUrl, { maxRetriesPerRequest: null }), autorun: true });
      events.on('completed', ({ jobId }) => hooks.terminal(jobId, 'succeeded', performance.timeOrigin + performance.now()));
      events.on('failed', ({ jobId }) => hooks.terminal(jobId, 'failed', performance.timeOrigin + performance.now()));
      await events.waitUntilReady();
      return { stop: () => events.close() };
    },
    async close() {
      client.close();
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
