import { ConfigError } from '@conveyor/runtime';
import { loadWorkerConfig } from './workerConfig';

describe('loadWorkerConfig: a worker\'s settings, checked at start', () => {
  it('given nothing, takes the processors\' local defaults and the worker\'s own', () => {
    const config = loadWorkerConfig({});
    expect(config).toMatchObject({ KAFKA_BROKERS: ['127.0.0.1:9092'], WORKER_CONCURRENCY: 10, CLAIM_LEASE_MS: 30_000, PG_POOL_MAX: 5, TOPIC_PREFIX: '' });
    expect(config.SECRETS_KEYS).toBeUndefined();
  });

  it('given bad keys, names every one of them in one ConfigError', () => {
    let err: unknown;
    try {
      loadWorkerConfig({ KAFKA_BROKERS: 'not a broker', CLAIM_LEASE_MS: '10', WORKER_CONCURRENCY: 'lots', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['CLAIM_LEASE_MS', 'DATABASE_URL', 'KAFKA_BROKERS', 'WORKER_CONCURRENCY']);
  });

  it('given a key ring that does not parse, refuses it without echoing it', () => {
    expect(() => loadWorkerConfig({ SECRETS_KEYS: 'k1:tooshort' })).toThrow(ConfigError);
    expect(() => loadWorkerConfig({ SECRETS_KEYS: 'k1:tooshort' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tooshort') }));
  });
});
