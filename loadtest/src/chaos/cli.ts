import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fullRun, shortRun } from './faults';
import { renderChaosReport, type ChaosReport } from './renderChaosReport';
import { runChaos } from './runChaos';

/**
 * `npm run chaos [-- --short] [--rate 40] [--bound <seconds>] [--out <file.md>]`: the chaos suite (issue 14). Loopback only, on
 * its own Kafka (port 39092), registry (38081), database (`conveyor_chaos_run`) and service ports (23101–23105, the APIs'
 * /metrics on 23106–23108), its own admin key and secrets key ring, rate limits off; bounded (5 min, 3 min
 * with --short); exits 1 when an accepted job is lost, an attempt runs twice, a request hangs past the
 * bound or a recovery exceeds its bound, 2 when the run itself failed or ran out of time.
 * 1. arguments; 2. the overall bound; 3. the run; 4. the report (JSON and Markdown in loadtest/reports/).
 */
async function main(): Promise<number> {
  // 1. Arguments.
  const { values } = parseArgs({
    options: { short: { type: 'boolean', default: false }, rate: { type: 'string', default: '40' }, out: { type: 'string' }, bound: { type: 'string' } },
  });
  const short = values.short === true;
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 1000)) throw new Error('--rate must be between 1 and 1000 jobs per second');
  const log = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

  // 2. The overall bound: the run is aborted (and cleaned up) past it.
  // Setup included. On a loaded machine the stack and five services alone may take two minutes: `--bound <s>`.
  const boundMs = values.bound ? Number(values.bound) * 1000 : short ? 180_000 : 300_000;
  if (!(boundMs >= 60_000)) throw new Error('--bound must be at least 60 seconds');
  const controller = new AbortController();
  const timer = setTimeout(() => {
    log(`the run exceeded its ${boundMs / 1000} s bound: aborting`);
    controller.abort();
  }, boundMs);
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  // 3. The run.
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const faults = await runChaos({
    faults: short ? shortRun : fullRun, ratePerSec: rate, warmupMs: 3_000, tailMs: 4_000, hangBoundMs: 8_000,
    kafkaPort: 39092, registryPort: 38081, servicePortBase: 23101, database: 'conveyor_chaos_run', log,
  }, controller.signal).finally(() => clearTimeout(timer));

  // 4. The report.
  const aborted = controller.signal.aborted;
  const report: ChaosReport = {
    startedAt, mode: short ? 'short' : 'full', ratePerSec: rate, durationMs: Date.now() - started, faults,
    passed: !aborted && faults.length === (short ? shortRun : fullRun).length && faults.every((f) => f.problems.length === 0),
    command: `npm run chaos${short ? ' -- --short' : ''}`,
  };
  const markdown = renderChaosReport(report);
  const dir = join(__dirname, '..', '..', 'reports');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `chaos-${startedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
  writeFileSync(`${base}.md`, markdown);
  if (values.out) writeFileSync(values.out, markdown);
  console.log(`\n${markdown}\nreport: ${base}.md`);
  if (aborted) return 2;
  return report.passed ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(2);
});
