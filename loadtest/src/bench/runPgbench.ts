import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summariseRun, type ReadRun } from './readLatency';

const run = promisify(execFile);

/** One pgbench script: its text (pgbench's own syntax, `\set` lines and one SQL statement) and weight. */
export interface PgbenchScript {
  text: string;
  weight?: number;
}

/**
 * Runs pgbench (public) with `clients` connections on 2 threads for `seconds`, the scripts weighted,
 * and reads its per-transaction log (`--log`, latencies in microseconds) for the percentiles. `protocol`
 * is pgbench's `-M`: `prepared` matches pg's named statements; `simple` is planned each time, as pg's unnamed ones. The CPU of
 * pgbench comes from bash's `times` (its children's user + system time).
 */
export async function runPgbench(options: {
  databaseUrl: string; scripts: PgbenchScript[]; clients: number; seconds: number; protocol: 'prepared' | 'simple'; pgbench?: string;
}): Promise<ReadRun> {
  const dir = await mkdtemp(join(tmpdir(), 'conveyor-pgbench-'));
  try {
    const files = await Promise.all(options.scripts.map(async (s, i) => {
      const file = join(dir, `script${i}.sql`);
      await writeFile(file, `${s.text.trim()}\n`);
      return `${file}@${s.weight ?? 1}`;
    }));
    const args = ['-n', '-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-M', options.protocol,
      '--log', `--log-prefix=${join(dir, 'log')}`, ...files.flatMap((f) => ['-f', f]), options.databaseUrl];
    const quoted = [options.pgbench ?? '/usr/bin/pgbench', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const { stdout } = await run('bash', ['-c', `${quoted} && times`], { maxBuffer: 16 * 2 ** 20 });
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const f of (await readdir(dir)).filter((n) => n.startsWith('log'))) {
      for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    // `times` prints the shell's own line, then its children's: "0m1.234s 0m0.567s".
    const children = stdout.trim().split('\n').at(-1) ?? '';
    const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((s, m) => s + Number(m[1]) * 60 + Number(m[2]), 0);
    return summariseRun(latencies, options.seconds, failed, (cpuSeconds / options.seconds) * 100);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
