/**
 * The rebuild benchmark's CLI: `npx tsx services/processors/bench/benchRebuild.ts [--events 1000000] [--timeout 900] [--repeats 3]`
 * (the stack running). Runs `runRebuildBench` (rebuildBench.ts: what is measured) and writes
 * bench/results/rebuild-<date>.md and .json with the machine's facts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createPgPool } from '@conveyor/runtime';
import { loadReplayConfig } from '../src/replay/config';
import { renderRebuildBench, runRebuildBench } from './rebuildBench';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

async function machineFacts(): Promise<Record<string, unknown>> {
  const pool = createPgPool({ url: loadReplayConfig().DATABASE_URL, name: 'bench-rebuild-facts', max: 1 });
  const pg = await pool.query<{ v: string }>('select version() v').then((r) => r.rows[0]?.v ?? 'unknown').finally(() => pool.end());
  const cpus = os.cpus();
  let kafkaVersion = 'unknown';
  try {
    kafkaVersion = execFileSync('sh', ['-c', 'ls tools/stack/.cache 2>/dev/null | grep -o "kafka_[0-9.\\-]*" | head -1'], { encoding: 'utf8' }).trim() || '4.1.1 (tools/stack)';
  } catch { /* unknown */ }
  return {
    cores: cpus.length, cpuModel: cpus[0]?.model.trim(), memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`, node: process.version, postgres: pg.split(' on ')[0], kafka: kafkaVersion,
    note: 'Kafka, the registry, Postgres and the benchmark share the machine (and other engineers\' tests ran meanwhile).',
  };
}

async function main(): Promise<void> {
  const events = arg('events', 1_000_000);
  const result = await runRebuildBench({ events, timeoutSeconds: arg('timeout', 900), repeats: arg('repeats', 3), log: (line) => process.stderr.write(`${line}\n`) });
  const machine = await machineFacts();
  const stamp = result.date.slice(0, 10);
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `rebuild-${stamp}.json`), `${JSON.stringify({ ...result, machine }, null, 2)}\n`);
  writeFileSync(join(dir, `rebuild-${stamp}.md`), [
    `# Rebuild rate, ${result.date}`, '', renderRebuildBench(result),
    '## Machine', '', ...Object.entries(machine).map(([k, v]) => `- ${k}: ${String(v)}`), '',
    `Reproduce: \`npx tsx services/processors/bench/benchRebuild.ts --events ${events}\` (the stack running). The topics and schemas are deleted afterwards.`, '',
  ].join('\n'));
  process.stdout.write(`${JSON.stringify({ ...result, machine }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
