import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainFailure, lastReason } from './explainFailure';

const line = (entry: object) => JSON.stringify(entry);

describe('lastReason', () => {
  it('takes the last fatal line of a pino log, with its error message', () => {
    const log = [
      line({ level: 'error', msg: 'old' }),
      line({ level: 'info', msg: 'starting' }),
      line({ level: 'fatal', msg: 'processors failed to start', err: { message: 'boom' } }),
      line({ level: 'info', msg: 'shutdown' }),
    ].join('\n');
    expect(lastReason(log)).toBe('processors failed to start: boom');
  });

  it('keeps every problem of a configuration error written to stderr', () => {
    expect(lastReason('invalid configuration:\n  - PORT: bad\n  - KAFKA_BROKERS: missing\n  - LOG_LEVEL: bad\n')).toBe(
      'invalid configuration:\n- PORT: bad\n- KAFKA_BROKERS: missing\n- LOG_LEVEL: bad',
    );
  });

  it('says nothing for an empty log', () => {
    expect(lastReason('\n')).toBeUndefined();
  });
});

describe('explainFailure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'explain-'));

  it('names the reset for a read model of another Kafka log, reading only what this run wrote', () => {
    const file = join(dir, 'processors.log');
    const before = `${line({ level: 'fatal', msg: 'processors failed to start', err: { message: 'listen EADDRINUSE: address already in use 127.0.0.1:3003' } })}\n`;
    const now = line({ level: 'fatal', msg: 'processors failed to start', err: { message: 'the read model in schema public was projected from another Kafka log: …' } });
    writeFileSync(file, before + now);
    expect(explainFailure(file, Buffer.byteLength(before))?.fix).toMatch(/npm run stack -- reset/);
    expect(explainFailure(file)?.fix).toMatch(/npm run stack -- reset/);
  });

  it('names the port in use', () => {
    const file = join(dir, 'command-api.log');
    writeFileSync(file, line({ level: 'fatal', msg: 'command-api failed to start', err: { message: 'listen EADDRINUSE: address already in use 127.0.0.1:3001' } }));
    expect(explainFailure(file)?.fix).toMatch(/port 3001 is taken/);
  });

  it('is undefined when the log is missing', () => {
    expect(explainFailure(join(dir, 'none.log'))).toBeUndefined();
  });
});
