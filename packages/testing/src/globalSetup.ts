/**
 * Jest globalSetup of the `int` project: makes sure the local stack (Kafka, Apicurio Registry,
 * PostgreSQL databases) is up before any integration test runs, so `npm run test:int` works on
 * a fresh machine. It starts only what is not already running and healthy.
 *
 * It never tears the stack down, whether it found it running or started it: a warm stack makes
 * the next run seconds faster, and other people's test runs may be using it. CI stops it with
 * `npm run stack -- down` in .ci/run's exit trap; locally run that yourself when done.
 */
import { stackUp } from '@conveyor/stack';

export default async function globalSetup(): Promise<void> {
  // Jest prints nothing before the first test: a newline keeps our lines off its progress line.
  process.stdout.write('\n');
  await stackUp({ log: (line) => process.stdout.write(`[stack] ${line}\n`) });
}
