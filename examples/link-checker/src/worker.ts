import { startWorker } from '@conveyor/worker';
import { checkLinks } from './jobTypes';

/**
 * Step 2, start the worker: it reads KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL (and the
 * platform's other settings) from the environment, announces `links.check` to the catalog and runs the
 * `links` queue's jobs in this process until SIGINT or SIGTERM, when it drains and exits.
 */
async function main(): Promise<void> {
  const worker = await startWorker({ jobTypes: [checkLinks], concurrency: 4 });
  console.log('link-checker worker started: serving queue links, type links.check');
  const stop = () => {
    worker.stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
