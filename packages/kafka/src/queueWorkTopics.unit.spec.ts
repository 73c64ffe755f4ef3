import { defaultQueue, isQueueName, queueCatalog, queueWorkTopics, topicNames } from './topicCatalog';

describe('queue routing: a queue\'s work topics', () => {
  it('keeps the default queue on the catalog\'s conveyor.job-work.<priority> topics', () => {
    expect(queueWorkTopics('t1.', defaultQueue)).toEqual(topicNames('t1.').work);
    expect(queueWorkTopics('', 'default')).toEqual({ high: 'conveyor.job-work.high', normal: 'conveyor.job-work.normal', low: 'conveyor.job-work.low' });
  });

  it('gives any other queue three topics of its own, one per priority', () => {
    expect(queueWorkTopics('t1.', 'images')).toEqual({
      high: 't1.conveyor.job-work.images.high', normal: 't1.conveyor.job-work.images.normal', low: 't1.conveyor.job-work.images.low',
    });
  });

  it('never gives two queues a topic in common, even a queue named like a priority', () => {
    const names = ['default', 'high', 'normal', 'low', 'images'].flatMap((q) => Object.values(queueWorkTopics('', q)));
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses names that are not queue names (dots, upper case, empty, too long)', () => {
    for (const bad of ['', 'a.b', 'Images', '-x', 'x'.repeat(49), 'a b']) {
      expect(isQueueName(bad)).toBe(false);
      expect(() => queueWorkTopics('', bad)).toThrow(RangeError);
    }
    expect(isQueueName('video-encode_2')).toBe(true);
  });

  it('plans a queue\'s topics with the default work topics\' partitions and retention', () => {
    const [high, normal, low] = queueCatalog({ prefix: 'p.', queue: 'images', replicationFactor: 3 });
    expect(high).toMatchObject({ name: 'p.conveyor.job-work.images.high', partitions: 6, replicationFactor: 3, retentionMs: 7 * 24 * 3600 * 1000, cleanupPolicy: 'delete' });
    expect(normal?.name).toBe('p.conveyor.job-work.images.normal');
    expect(low?.name).toBe('p.conveyor.job-work.images.low');
  });
});
