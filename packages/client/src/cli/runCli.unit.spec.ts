import { runCli } from './runCli';

/** Runs a command line against a fake API that answers `answer` and records each request. */
async function run(argv: string[], answer: (request: Request) => Response) {
  const requests: Array<{ method: string; url: string; body: string; authorization: string | null }> = [];
  const out = { stdout: '', stderr: '' };
  const fakeFetch = async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, body: await request.clone().text(), authorization: request.headers.get('authorization') });
    return answer(request);
  };
  const code = await runCli(argv, {
    stdout: (t) => { out.stdout += t; },
    stderr: (t) => { out.stderr += t; },
    env: { CONVEYOR_COMMAND_URL: 'http://command.test', CONVEYOR_QUERY_URL: 'http://query.test', CONVEYOR_API_KEY: 'cvk_test' },
    cwd: '/',
    fetch: fakeFetch as typeof fetch,
  });
  return { code, requests, ...out };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json', ...headers } });

describe('runCli queues', () => {
  it('pauses a queue with its reason and prints the state and the position', async () => {
    const r = await run(['queues', 'pause', 'reports', '--reason', 'deploy'], () => json({ queue: 'reports', paused: true }, 200, { 'Conveyor-Position': 'admin:0:7' }));

    expect(r.requests).toEqual([{ method: 'POST', url: 'http://command.test/v1/queues/reports/pause', body: '{"reason":"deploy"}', authorization: 'Bearer cvk_test' }]);
    expect(r).toMatchObject({ code: 0, stdout: 'queue reports paused\nposition: admin:0:7\n', stderr: '' });
  });

  it('resumes a queue with no body; --json prints the answer with its position', async () => {
    const r = await run(['queues', 'resume', 'reports', '--json'], () => json({ queue: 'reports', paused: false }, 200, { 'Conveyor-Position': 'admin:0:8' }));

    expect(r.requests).toMatchObject([{ method: 'POST', url: 'http://command.test/v1/queues/reports/resume', body: '' }]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ queue: 'reports', paused: false, position: 'admin:0:8' });
  });

  it('lists the queues after a position, as the document with --json', async () => {
    const items = [{ queue: 'default', paused: false, changedAt: null, changedBy: null, workers: [], types: ['noop'], waiting: 3, finishedLastHour: 9 }];
    const r = await run(['queues', 'list', '--after', 'admin:0:8', '--json'], () => json({ items }));

    expect(r.requests).toMatchObject([{ method: 'GET', url: 'http://query.test/v1/queues?after=admin%3A0%3A8' }]);
    expect(JSON.parse(r.stdout)).toEqual({ items });
  });

  it('prints the API\'s problem for a queue name it refuses, exit 1', async () => {
    const problem = {
      type: 'https://conveyor.dev/problems/validation-failed', title: 'The request is not valid', status: 400, code: 'VALIDATION_FAILED',
      detail: 'invalid queue name', errors: [{ path: '/path/queue', message: 'must match /^[a-z0-9][a-z0-9_-]{0,47}$/' }],
    };
    const r = await run(['queues', 'pause', 'Bad!'], () => json(problem, 400));

    expect(r.requests[0]?.url).toBe('http://command.test/v1/queues/Bad!/pause');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('error: The request is not valid (400 VALIDATION_FAILED)\n  invalid queue name\n  /path/queue: must match /^[a-z0-9][a-z0-9_-]{0,47}$/\n');
  });

  it('sends nothing for a pause without its queue, exit 2', async () => {
    const r = await run(['queues', 'pause'], () => json({}));
    expect(r.requests).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('conveyor queues pause takes <queue>, got none');
  });
});
