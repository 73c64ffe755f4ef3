import { createClient, type JobDetail } from '@conveyor/client';

/**
 * Step 3, submit: `links.check` for the page given as the first argument, then wait for the job to
 * finish (the client follows the job's live stream) and print its progress and the broken links.
 * The platform's URLs and API key come from CONVEYOR_COMMAND_URL, CONVEYOR_QUERY_URL and
 * CONVEYOR_API_KEY (the same settings as the `conveyor` command line).
 */
async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: npm run submit -- <page URL>');
  const client = createClient({
    commandUrl: process.env.CONVEYOR_COMMAND_URL ?? 'http://127.0.0.1:3001',
    queryUrl: process.env.CONVEYOR_QUERY_URL ?? 'http://127.0.0.1:3002',
    apiKey: process.env.CONVEYOR_API_KEY,
  });

  const accepted = await client.submit({ type: 'links.check', payload: { url } });
  console.log(`submitted job ${accepted.jobId}`);

  // Progress while it runs: the job's last reported progress, read once a second (the handler's reports
  // are coalesced to one a second anyway); the wait itself follows the stream.
  let shown: number | null | undefined;
  const watch = setInterval(() => {
    client.get(accepted.jobId).then((job) => {
      if (job.progress == null || job.progress === shown) return;
      shown = job.progress;
      console.log(`progress ${Math.round(job.progress * 100)}%  ${job.progressMessage ?? ''}`);
    }, () => undefined);
  }, 1000);
  let job: JobDetail;
  try {
    job = await client.waitFor(accepted.jobId, { after: accepted.position, timeoutMs: 5 * 60_000 });
  } finally {
    clearInterval(watch);
  }

  for (const entry of job.timeline.filter((e) => e.eventType === 'JobProgressed' || e.eventType === 'JobLogged')) {
    console.log(`  ${entry.occurredAt}  ${entry.eventType}  ${JSON.stringify(entry.data)}`);
  }
  console.log(`job ${job.jobId}: ${job.status}`);
  console.log(JSON.stringify(job.status === 'succeeded' ? job.result : job.error, null, 2));
  if (job.status !== 'succeeded') process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
