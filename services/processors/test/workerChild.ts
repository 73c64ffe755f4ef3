import { z } from 'zod';
import { defineJobType, startWorker } from '@conveyor/worker';

/**
 * A user's worker, as a separate process of the tests (test helper): `node --import tsx workerChild.ts
 * <queue,…> [run|hang|noop] [other queues…]`. It knows the job types `echo-<q>` of its queues and of the other
 * queues, serves only its queues, and writes one JSON line per event on stdout: `{"ready": workerId}`
 * once started, `{"ran": jobId, "attempt": n}` when a handler starts. Handlers report progress and log a line.
 * With `hang`, handlers wait until their signal aborts (a worker to kill mid-attempt); with `noop`, they return at
 * once and say nothing (the bench).
 */
const [served = 'default', mode = 'run', ...otherQueues] = process.argv.slice(2);
const queues = served.split(',');
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const echoOf = (q: string) => defineJobType({
  type: `echo-${q}`,
  queue: q,
  description: 'Echoes its text back, from the test worker of a queue.',
  sideEffects: false,
  payload: z.object({ text: z.string() }),
  run: async (payload, ctx) => {
    if (mode === 'noop') return { echoed: payload.text, queue: q };
    say({ ran: ctx.jobId, attempt: ctx.attempt });
    ctx.progress(0.5, 'halfway');
    ctx.log('warn', `echoing ${payload.text}`, { length: payload.text.length });
    if (mode === 'hang') await ctx.ports.sleep(3_600_000, ctx.signal);
    ctx.progress(1);
    return { echoed: payload.text, queue: q };
  },
});

async function main() {
  const worker = await startWorker({ jobTypes: [...queues, ...otherQueues].map(echoOf), queues });
  say({ ready: worker.workerId, queues: worker.queues });
  process.once('SIGTERM', () => void worker.stop().then(() => process.exit(0), () => process.exit(1)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
