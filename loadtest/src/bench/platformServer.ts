/**
 * The bench's own Conveyor (child process): processors, command API and query API started through the
 * services' start functions with a fresh topic prefix and consumer groups, so nothing else on the
 * machine shares its topics or groups. Prints one JSON line `{commandApi, queryApi, topicPrefix, apiKey, groups}`
 * when ready; SIGTERM stops it.
 */
import { createLogger } from '@conveyor/runtime';
import { loadConfig } from '../config';
import { startInProcessPlatform } from '@conveyor/platform-harness';
import { endpointsOf } from '../config';

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench-platform', level: 'warn' });
  // The bench measures Conveyor's throughput, not a client's quota: its one anonymous client is not rate limited.
  const platform = await startInProcessPlatform({ endpoints: endpointsOf(loadConfig()), logger, env: { RATE_LIMIT_ENABLED: 'false' } });
  process.stdout.write(`${JSON.stringify({ commandApi: platform.commandApi, queryApi: platform.queryApi, topicPrefix: platform.topicPrefix, apiKey: platform.apiKey, groups: platform.groups })}\n`);
  const stop = () => void platform.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
