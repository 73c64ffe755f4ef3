import { HARD_CAPS, isLoopbackHost, parseArgs, UsageError } from './parseArgs';

const problemsOf = (argv: string[]): string[] => {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  throw new Error('expected a UsageError');
};

describe('parseArgs', () => {
  it('given the minimal flags, then fills every default', () => {
    const s = parseArgs(['--rate', '200', '--duration', '30s']);
    expect(s).toMatchObject({
      rate: 200, durationMs: 30_000, type: 'noop', payloadBytes: 0, batchSize: 1, ramp: null,
      commandApi: 'http://127.0.0.1:3001', queryApi: 'http://127.0.0.1:3002', record: true,
      priorityMix: { high: 0, normal: 1, low: 0 },
    });
  });

  it('given every flag, then reads each', () => {
    const s = parseArgs([
      '--rate', '50', '--duration', '2m', '--type', 'http.request', '--payload-bytes', '512',
      '--priority-mix', 'high=1,normal=8,low=1', '--threshold', 'p99<100ms', '--threshold', 'error_rate<1%',
      '--ramp', '--ramp-step', '5s', '--command-api', 'http://localhost:4001/', '--query-api', 'http://[::1]:4002',
      '--batch', '100', '--drain', '10s', '--no-record', '--label', 'x',
    ]);
    expect(s?.durationMs).toBe(120_000);
    expect(s?.priorityMix).toEqual({ high: 1, normal: 8, low: 1 });
    expect(s?.thresholds.map((t) => t.metric)).toEqual(['e2e.p99', 'error_rate']);
    expect(s?.ramp).toMatchObject({ factor: 1.5, stepMs: 5000 });
    expect(s?.commandApi).toBe('http://localhost:4001');
    expect(s?.record).toBe(false);
  });

  it('given --help, then returns null', () => {
    expect(parseArgs(['--help'])).toBeNull();
  });

  it('given nothing, then names both required flags', () => {
    expect(problemsOf([])).toEqual(['--rate is required (arrivals per second)', '--duration is required (e.g. 30s)']);
  });

  it('given values past the hard caps, then refuses them', () => {
    const problems = problemsOf(['--rate', String(HARD_CAPS.maxRate + 1), '--duration', '601s', '--drain', '61s']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/--rate/);
    expect(problems[1]).toMatch(/--duration/);
    expect(problems[2]).toMatch(/--drain/);
  });

  it('given a non-loopback URL, then refuses it unless --allow-remote', () => {
    expect(problemsOf(['--rate', '1', '--duration', '1s', '--command-api', 'http://10.0.0.5:3001'])[0]).toMatch(/not a loopback address/);
    expect(parseArgs(['--rate', '1', '--duration', '1s', '--command-api', 'http://10.0.0.5:3001', '--allow-remote'])?.commandApi).toBe('http://10.0.0.5:3001');
  });

  it('given bad values, then lists every problem at once', () => {
    const problems = problemsOf(['--rate', 'fast', '--duration', 'soon', '--type', 'x', '--threshold', 'p42<1ms', '--priority-mix', 'urgent=1']);
    expect(problems).toHaveLength(5);
  });

  it('given an unknown flag, then says so', () => {
    expect(problemsOf(['--rate', '1', '--duration', '1s', '--rat', '2'])[0]).toMatch(/--rat/);
  });

  it('given padding for sleep jobs, then refuses it', () => {
    expect(problemsOf(['--rate', '1', '--duration', '1s', '--type', 'sleep', '--payload-bytes', '10'])[0]).toMatch(/sleep/);
  });

  it('given ramp limits without --ramp, then refuses them', () => {
    expect(problemsOf(['--rate', '1', '--duration', '1s', '--ramp-step', '5s'])[0]).toMatch(/needs --ramp/);
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1'])('accepts %s', (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(['10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1', '127.0.0.256'])('refuses %s', (h) => expect(isLoopbackHost(h)).toBe(false));
});
