/**
 * `npm run replay -- rebuild|redrive|as-of …` (usage in parseCliArgs.ts; the protocol in README.md).
 * The run is recorded in replay_runs like one requested through the admin API, so the dashboard sees it.
 */
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { createLogger } from '@conveyor/runtime';
import { loadReplayConfig } from './config';
import { createReplayContext } from './createReplayContext';
import { parseCliArgs } from './parseCliArgs';
import { createProgressMeter } from './progressMeter';
import { createReplayRuns } from './replayRuns';
import { runReplay } from './runReplay';
import { formatReport, type VerificationReport } from './verifyReadModel';

async function main(): Promise<number> {
  // 1. Arguments and configuration.
  const command = parseCliArgs(process.argv.slice(2));
  const config = loadReplayConfig();
  const logger = createLogger({ service: 'replay', level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const ctx = await createReplayContext(config, logger);
  const runs = createReplayRuns(ctx.pool);
  // 2. The run: a new one, or the one to resume.
  const runId = command.runId ?? (command.resume ? await runs.lastUnfinishedRebuild(ctx.topics.jobEvents) : null) ?? randomUUID();
  await runs.create({ id: runId, kind: command.kind, topic: ctx.topics.jobEvents, options: command.options, requestedBy: command.actor, running: true, workerId: `cli-${process.pid}` });
  process.stderr.write(`replay ${command.kind} run ${runId} on ${ctx.topics.jobEvents}\n`);
  // 3. Progress: a bar on the terminal and the run's row.
  const progress = createProgressMeter();
  const bar = new SingleBar({
    format: '{phase} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | lag {lag} | ETA {eta_formatted}',
    etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000,
  }, Presets.shades_classic);
  bar.start(1, 0, { phase: 'starting', rate: 0, lag: 0 });
  const tick = setInterval(() => {
    const p = progress.snapshot();
    bar.setTotal(Math.max(1, p.total));
    bar.update(p.done, { phase: p.phase.padEnd(14).slice(0, 14), rate: p.rate, lag: p.lag });
    void runs.progress(runId, p).catch(() => undefined);
  }, 500);
  const interrupt = async () => {
    clearInterval(tick);
    bar.stop();
    await runs.finish(runId, { status: 'interrupted', progress: progress.snapshot() }).catch(() => undefined);
    process.stderr.write(`\ninterrupted: resume with npm run replay -- ${command.kind} … --run ${runId}\n`);
    process.exit(130);
  };
  process.once('SIGINT', () => void interrupt());
  process.once('SIGTERM', () => void interrupt());
  // 4. Run, report.
  try {
    const report = await runReplay(ctx, { id: runId, kind: command.kind, options: command.options, requestedBy: command.actor }, progress);
    clearInterval(tick);
    const p = progress.snapshot();
    bar.update(p.done);
    bar.stop();
    await runs.finish(runId, { status: 'succeeded', report, progress: p });
    if ('verification' in report) process.stdout.write(`${formatReport(report.verification as VerificationReport)}\n`);
    const { verification: _v, ...rest } = report as unknown as Record<string, unknown>;
    process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
    return 'verification' in report && !report.verification.equal && !report.swapped ? 2 : 0;
  } catch (err) {
    clearInterval(tick);
    bar.stop();
    await runs.finish(runId, { status: 'failed', error: (err as Error).message, progress: progress.snapshot() }).catch(() => undefined);
    throw err;
  } finally {
    await ctx.close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  // Nothing listens at an address of the configuration: locally, the stack is down (README, Operate).
  const hint = /ECONNREFUSED/.test(message) ? '; nothing answers there: start the stack first with `npm run stack -- up`' : '';
  process.stderr.write(`${message}${hint}\n`);
  process.exit(1);
});
