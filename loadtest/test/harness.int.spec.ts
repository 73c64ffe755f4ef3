/**
 * The harness against the real platform: a short open-model run of noop jobs plus a few non-retriable
 * `fail` jobs (maxAttempts 1), each followed to its end through the Kafka events. The counts must add
 * up: accepted = succeeded + failed + dead-lettered, nothing missing, nothing refused.
 * Uses the platform on :3001/:3002 when it is ready; otherwise starts processors, command API and query
 * API in this process with a fresh topic prefix and consumer groups.
 */
import { createLogger } from '@conveyor/runtime';
import { loadConfig } from '../src/config';
import { startInProcessPlatform, type InProcessPlatform } from '@conveyor/platform-harness';
import { endpointsOf } from '../src/config';
import { createConveyorTarget } from '../src/kafka/conveyorTarget';
import { parseArgs } from '../src/parseArgs';
import { isReady } from '../src/platform';
import { runLoadTest, type LoadTestResults } from '../src/runLoadTest';

jest.setTimeout(180_000);

describe('load-test harness against the platform', () => {
  const logger = createLogger({ service: 'loadtest-int', level: 'warn' });
  const config = loadConfig();
  let platform: InProcessPlatform | null = null;
  let results: LoadTestResults;

  beforeAll(async () => {
    let commandApi = 'http://127.0.0.1:3001';
    let queryApi = 'http://127.0.0.1:3002';
    let runConfig = config;
    if (!(await isReady(commandApi)) || !(await isReady(queryApi))) {
      platform = await startInProcessPlatform({ endpoints: endpointsOf(config), logger });
      ({ commandApi, queryApi } = platform);
      runConfig = { ...config, topicPrefix: platform.topicPrefix, lagGroups: platform.groups, apiKey: platform.apiKey };
    }
    const settings = parseArgs(['--rate', '20', '--duration', '3s', '--fail-ratio', '0.1', '--drain', '45s', '--visible-every', '5', '--no-record', '--quiet'
      , '--threshold', 'missing<=0', '--threshold', 'error_rate<=0']);
    if (!settings) throw new Error('unreachable');
    const target = await createConveyorTarget({ config: runConfig, logger, commandApi, queryApi, maxSockets: 64, timeoutMs: 10_000 });
    try {
      results = await runLoadTest({ ...settings, commandApi, queryApi }, target);
    } finally {
      await target.close();
    }
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('sends every scheduled arrival and has every one accepted', () => {
    expect(results.counts).toMatchObject({ scheduled: 60, sent: 60, dropped: 0, errorTotal: 0 });
    expect(results.tally.accepted).toBe(60);
  });

  it('follows every accepted job to its end: accepted = succeeded + failed + dead-lettered', () => {
    const t = results.tally;
    expect(t.missing).toBe(0);
    expect(t.succeeded + t.failed + t.deadLettered).toBe(t.accepted);
    expect(t.succeeded).toBe(54);
    expect(t.failed + t.deadLettered).toBe(6);
    expect(results.balanced).toBe(true);
    expect(results.thresholds.every((x) => x.passed)).toBe(true);
  });

  it('measures HTTP, end-to-end and query-API visibility latencies from the intended send times', () => {
    expect(results.latency.http.count).toBe(60);
    expect(results.latency.e2e.count).toBe(60);
    expect(results.latency.e2e.p50).toBeGreaterThan(0);
    expect(results.latency.e2e.p50 as number).toBeGreaterThanOrEqual(results.latency.http.p50 as number);
    expect(results.visibility.visible).toBeGreaterThan(0);
    expect(results.latency.visible.count).toBe(results.visibility.visible);
    expect(results.latency.http.hdr.length).toBeGreaterThan(10);
  });
});
