import { listOption, parseCommandLine, parseDuration, parsePositiveInt, UsageError } from './parseCommandLine';

describe('parseCommandLine', () => {
  it('reads a two-word command with its argument and options in any order', () => {
    const parsed = parseCommandLine(['jobs', 'wait', '--timeout', '30s', 'abc', '--json']);
    expect(parsed).toMatchObject({ kind: 'run', spec: { name: 'jobs wait' }, args: ['abc'], values: { timeout: '30s', json: true } });
  });

  it('reads submit with its payload, priority, key and wait', () => {
    const parsed = parseCommandLine(['submit', 'noop', '--payload', '{"a":1}', '--priority', 'high', '--key', 'tenant-1', '--wait']);
    expect(parsed).toMatchObject({ kind: 'run', spec: { name: 'submit' }, args: ['noop'], values: { payload: '{"a":1}', priority: 'high', key: 'tenant-1', wait: true } });
  });

  it('reads the queue commands: list with --after, pause with its queue and --reason, resume with its queue', () => {
    expect(parseCommandLine(['queues', 'list', '--after', 't:0:5', '--json'])).toMatchObject({ kind: 'run', spec: { name: 'queues list' }, args: [], values: { after: 't:0:5', json: true } });
    expect(parseCommandLine(['queues', 'pause', '--reason', 'deploy', 'reports'])).toMatchObject({ kind: 'run', spec: { name: 'queues pause' }, args: ['reports'], values: { reason: 'deploy' } });
    expect(parseCommandLine(['queues', 'resume', 'reports'])).toMatchObject({ kind: 'run', spec: { name: 'queues resume' }, args: ['reports'] });
    expect(parseCommandLine(['queues'])).toMatchObject({ kind: 'help', text: expect.stringContaining('conveyor queues pause <queue>') });
  });

  it('refuses a queue command without its queue, with two, or with an option it does not take', () => {
    expect(() => parseCommandLine(['queues', 'pause'])).toThrow(/takes <queue>, got none[\s\S]*usage: conveyor queues pause <queue>/);
    expect(() => parseCommandLine(['queues', 'resume', 'a', 'b'])).toThrow(/takes <queue>, got a b/);
    expect(() => parseCommandLine(['queues', 'resume', 'a', '--reason', 'x'])).toThrow(UsageError);
    expect(() => parseCommandLine(['queues', 'stop', 'a'])).toThrow(/unknown command: queues stop/);
  });

  it('collects repeated options', () => {
    expect(parseCommandLine(['dead-letters', 'requeue', '--id', 'a', '--id', 'b'])).toMatchObject({ values: { id: ['a', 'b'] } });
  });

  it('answers help for no words, --help, a command\'s --help and a group alone', () => {
    expect(parseCommandLine([])).toMatchObject({ kind: 'help', text: expect.stringContaining('usage: conveyor <command>') });
    expect(parseCommandLine(['--help'])).toMatchObject({ kind: 'help' });
    expect(parseCommandLine(['submit', '--help'])).toMatchObject({ kind: 'help', text: expect.stringContaining('--payload <json|@file>') });
    expect(parseCommandLine(['jobs'])).toMatchObject({ kind: 'help', text: expect.stringContaining('conveyor jobs list') });
  });

  it('refuses an unknown command, an unknown option and a missing argument with the usage', () => {
    expect(() => parseCommandLine(['jobz'])).toThrow(UsageError);
    expect(() => parseCommandLine(['jobs', 'lst'])).toThrow(/unknown command: jobs lst/);
    expect(() => parseCommandLine(['jobs', 'list', '--colour'])).toThrow(/--colour[\s\S]*usage: conveyor jobs list/);
    expect(() => parseCommandLine(['jobs', 'get'])).toThrow(/takes <id>, got none/);
    expect(() => parseCommandLine(['job-types', 'extra'])).toThrow(/takes no arguments, got extra/);
  });
});

describe('option values', () => {
  it('reads durations in ms, s, m and h, and bare milliseconds', () => {
    expect(['1500ms', '30s', '5m', '2h', '250', '1.5s'].map((d) => parseDuration(d, 'timeout'))).toEqual([1500, 30_000, 300_000, 7_200_000, 250, 1500]);
    expect(() => parseDuration('soon', 'timeout')).toThrow('--timeout must be a duration');
  });

  it('reads positive integers only', () => {
    expect(parsePositiveInt('20', 'limit')).toBe(20);
    expect(() => parsePositiveInt('0', 'limit')).toThrow('--limit must be a positive integer');
    expect(() => parsePositiveInt('2.5', 'limit')).toThrow(UsageError);
  });

  it('flattens repeated and comma-separated values', () => {
    expect(listOption(['failed,dead', ' cancelled '])).toEqual(['failed', 'dead', 'cancelled']);
    expect(listOption('noop')).toEqual(['noop']);
    expect(listOption(undefined)).toBeUndefined();
    expect(listOption([','])).toBeUndefined();
  });
});
