import { z } from 'zod';
import { ConfigError, commonConfigShape, env, parseConfig } from './config';

const schema = z.object({ ...commonConfigShape, PORT: env.port(3001), BATCH: env.int(10, 1, 100) });

describe('parseConfig', () => {
  it('applies defaults and converts types', () => {
    const c = parseConfig(schema, {});
    expect(c.PORT).toBe(3001);
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/conveyor');
  });

  it('reports every bad key at once', () => {
    let err: unknown;
    try {
      parseConfig(schema, { PORT: 'eighty', KAFKA_BROKERS: 'nope', DATABASE_URL: 'mysql://x', BATCH: '1000', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['BATCH', 'DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
    expect((err as Error).message).toContain('PORT');
    expect((err as Error).message).toContain('"eighty"');
  });

  it('never echoes the value of a secret key (SECRETS_KEYS, *_PASSWORD, *TOKEN)', () => {
    const secrets = z.object({ SECRETS_KEYS: z.string().min(100), KAFKA_SASL_PASSWORD: z.string().min(100), PORT: env.port(1) });
    expect(() => parseConfig(secrets, { SECRETS_KEYS: 'k:hunter2', KAFKA_SASL_PASSWORD: 'hunter3', PORT: 'x' })).toThrow(expect.objectContaining({
      message: expect.not.stringMatching(/hunter/),
      problems: [expect.stringMatching(/^SECRETS_KEYS: /), expect.stringMatching(/^KAFKA_SASL_PASSWORD: /), expect.stringContaining('(got "x")')],
    }));
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig(schema, { PORT: '' }).PORT).toBe(3001);
  });
});
