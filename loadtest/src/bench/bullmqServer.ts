/**
 * The peer for the bench (child process): an HTTP endpoint with the command API's contract that adds
 * the job to a BullMQ queue and answers 202 once `queue.add` resolved (`POST /v1/jobs/batch`: all its jobs
 * in one `queue.addBulk`), and a BullMQ Worker of the same concurrency as Conveyor's executor running the
 * same no-op. Prints `listening <port> <pid>` when ready;
 * SIGTERM closes everything and obliterates the queue.
 *
 * Arguments (passed by bullmqTarget.ts): <queue name> <worker concurrency> <redis URL>.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';

const [queueName = 'bench', concurrencyArg = '50', redisUrl = 'redis://127.0.0.1:6379'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);

async function readJson(req: Koa.Request['req']): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A job in the command API's body shape (what the bench sends). */
interface Submission { type: string; payload?: unknown; priority?: string; maxAttempts?: number }

async function main(): Promise<void> {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection });
  const worker = new Worker(queueName, async () => ({ ok: true }), { connection: new IORedis(redisUrl, { maxRetriesPerRequest: null }), concurrency });
  const app = new Koa();
  // BullMQ priorities: lower is more urgent; 0/undefined is the plain FIFO (normal).
  const optionsOf = (body: Submission) => {
    const priority = body.priority === 'high' ? 1 : body.priority === 'low' ? 10 : undefined;
    return { attempts: body.maxAttempts ?? 1, ...(priority ? { priority } : {}) };
  };
  const isSubmission = (body: unknown): body is Submission => !!body && typeof (body as Submission).type === 'string';
  app.use(async (ctx) => {
    const batch = ctx.path === '/v1/jobs/batch';
    if (ctx.method !== 'POST' || (ctx.path !== '/v1/jobs' && !batch)) {
      ctx.status = 404;
      return;
    }
    const body = await readJson(ctx.req);
    // The batch: one `addBulk` (one Redis MULTI) for all its jobs, as the command API sends a batch in one produce.
    const jobs = batch ? (body as { jobs?: unknown }).jobs : [body];
    if (!Array.isArray(jobs) || !jobs.length || !jobs.every(isSubmission)) {
      ctx.status = 400;
      ctx.body = { title: 'type is required', status: 400 };
      return;
    }
    ctx.status = 202;
    if (!batch) {
      const one = jobs[0] as Submission;
      const job = await queue.add(one.type, one.payload ?? {}, optionsOf(one));
      ctx.body = { jobId: job.id, status: 'accepted' };
      return;
    }
    const added = await queue.addBulk(jobs.map((j) => ({ name: j.type, data: j.payload ?? {}, opts: optionsOf(j) })));
    ctx.body = { jobIds: added.map((j) => j.id), status: 'accepted' };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  await worker.waitUntilReady();
  process.stdout.write(`listening ${(server.address() as AddressInfo).port} ${process.pid}\n`);
  const stop = async () => {
    server.close();
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
