/**
 * The `conveyor` command line (issue 12, item 5) run as a child process against the whole platform, as a
 * script would: settings from CONVEYOR_COMMAND_URL, CONVEYOR_QUERY_URL and CONVEYOR_API_KEY; `--json` on
 * stdout, problems on stderr with a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

const bin = join(__dirname, '..', '..', '..', 'packages', 'client', 'bin', 'conveyor.cjs');
let platform: InProcessPlatform;
let dir: string;

beforeAll(async () => {
  platform = await startInProcessPlatform({ endpoints: stackEndpoints(), logger: createLogger({ service: 'cli-test', level: 'silent' }), topicPrefix: `cl${randomBytes(3).toString('hex')}.` });
  dir = mkdtempSync(join(tmpdir(), 'conveyor-cli-int-'));
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `conveyor <args>` in a folder without a .stack/api-key; resolves with its exit status and output. */
function conveyor(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', CONVEYOR_COMMAND_URL: platform.commandApi, CONVEYOR_QUERY_URL: platform.queryApi, CONVEYOR_API_KEY: platform.apiKey, ...env },
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

describe('conveyor CLI', () => {
  it('submit --wait --json prints the finished job and exits 0', async () => {
    const run = await conveyor(['submit', 'noop', '--payload', '{"note":"cli"}', '--priority', 'high', '--wait', '--json']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'noop', status: 'succeeded', priority: 'high', payload: { note: 'cli' }, timeline: expect.any(Array) });
  });

  it('submit takes the payload from @file, and jobs get and jobs list --status --json read it back', async () => {
    const word = `climark${randomBytes(5).toString('hex')}`;
    writeFileSync(join(dir, 'payload.json'), JSON.stringify({ message: word, retriable: false }));
    const submitted = await conveyor(['submit', 'fail', '--payload', '@payload.json', '--wait', '--json']);
    const job = JSON.parse(submitted.stdout) as { jobId: string; status: string };
    expect(['failed', 'dead']).toContain(job.status);
    expect(submitted.code).toBe(1);

    const listed = await conveyor(['jobs', 'list', '--status', 'failed,dead', '--type', 'fail', '--q', word, '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as { items: Array<{ jobId: string; status: string }>; nextCursor: string | null };
    expect(page.items.map((j) => j.jobId)).toEqual([job.jobId]);

    const read = await conveyor(['jobs', 'get', job.jobId]);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(new RegExp(`job id: +${job.jobId}`));
    expect(read.stdout).toContain('timeline:');
  });

  it('jobs wait exits 1 with the reason on stderr when its --timeout runs out, jobs cancel cancels, and an unknown id is a 404 at once', async () => {
    const submitted = await conveyor(['submit', 'noop', '--run-at', new Date(Date.now() + 3_600_000).toISOString(), '--json']);
    const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };

    const waited = await conveyor(['jobs', 'wait', jobId, '--timeout', '1s']);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain(`job ${jobId} did not reach the awaited status within 1000 ms`);

    const cancelled = await conveyor(['jobs', 'cancel', jobId]);
    expect(cancelled).toMatchObject({ code: 0, stdout: `cancellation accepted for ${jobId}\n` });
    expect(JSON.parse((await conveyor(['jobs', 'wait', jobId, '--json'])).stdout)).toMatchObject({ status: 'cancelled' });

    const unknown = await conveyor(['jobs', 'wait', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('(404 NOT_FOUND)');
  });

  it('a payload the type refuses exits non-zero with the problem\'s detail and pointer on stderr', async () => {
    const run = await conveyor(['submit', 'sleep', '--payload', '{"ms":"soon"}']);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('(422 UNPROCESSABLE)');
    expect(run.stderr).toContain('the payload does not match job type "sleep"');
    expect(run.stderr).toContain('/payload/ms:');
  });

  it('a payload that is not JSON is a usage error (exit 2) and sends nothing', async () => {
    const run = await conveyor(['submit', 'noop', '--payload', '{oops']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--payload is not JSON');
  });

  it('without a key the API\'s 401 is printed with where the key comes from', async () => {
    const run = await conveyor(['jobs', 'list'], { CONVEYOR_API_KEY: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(401 UNAUTHENTICATED)');
    expect(run.stderr).toContain('CONVEYOR_API_KEY');
  });

  it('job-types prints a table, and dead-letters requeue refuses to run without a filter', async () => {
    const types = await conveyor(['job-types']);
    expect(types.code).toBe(0);
    expect(types.stdout.split('\n')[0]).toMatch(/^TYPE +SIDE EFFECTS +DESCRIPTION$/);
    expect(types.stdout).toMatch(/^sleep +no +/m);

    const requeue = await conveyor(['dead-letters', 'requeue']);
    expect(requeue.code).toBe(2);
    expect(requeue.stderr).toContain('needs --id, a filter');
  });

  // Last: it pauses the queue every other case of this file runs its jobs on.
  it('queues pause shows the queue paused in queues list, and who paused it; queues resume unpauses it', async () => {
    const paused = await conveyor(['queues', 'pause', 'default', '--reason', 'cli test', '--json']);
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    const state = JSON.parse(paused.stdout) as { queue: string; paused: boolean; position: string };
    expect(state).toMatchObject({ queue: 'default', paused: true, position: expect.any(String) });

    const listed = await conveyor(['queues', 'list', '--after', state.position]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^QUEUE +PAUSED +WAITING +WORKERS +FINISHED LAST HOUR +CHANGED +TYPES$/);
    expect(listed.stdout).toMatch(/^default +yes +\d+ +[1-9]\d* +\d+ +\S+ by \S+ +.*noop/m);

    // That the executor then holds the queue's jobs is worker.int.spec.ts's (it pauses before the worker starts, so
    // no timing decides it); here, what the CLI says and sends.
    const resumed = await conveyor(['queues', 'resume', 'default']);
    expect(resumed.code).toBe(0);
    const [said, positionLine] = resumed.stdout.trimEnd().split('\n');
    expect(said).toBe('queue default resumed');
    expect(positionLine).toMatch(/^position: \S+$/);
    const after = (positionLine as string).slice('position: '.length);
    const document = JSON.parse((await conveyor(['queues', 'list', '--after', after, '--json'])).stdout) as { items: Array<{ queue: string; paused: boolean; types: string[] }> };
    expect(document.items.find((q) => q.queue === 'default')).toMatchObject({ paused: false, types: expect.arrayContaining(['noop']) });

    const refused = await conveyor(['queues', 'pause', 'Not A Queue']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(400 VALIDATION_FAILED)');
    expect(refused.stderr).toContain('/path/queue: must match');
  }, 120_000);
});
