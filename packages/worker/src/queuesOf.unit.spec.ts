import { ConfigError } from '@conveyor/runtime';
import { queuesOf } from './queuesOf';

describe('queuesOf: the queues a worker serves', () => {
  it('given no queues named, serves every queue its job types belong to (default for a type naming none)', () => {
    expect(queuesOf([{ type: 'a' }, { type: 'b', queue: 'images' }, { type: 'c', queue: 'images' }])).toEqual(['default', 'images']);
  });

  it('given queues named, serves those only', () => {
    expect(queuesOf([{ type: 'a', queue: 'images' }], ['video', 'video'])).toEqual(['video']);
  });

  it('refuses a bad queue name, naming every problem at once', () => {
    expect(() => queuesOf([{ type: 'a', queue: 'Bad.Name' }], ['ok', 'no.dots'])).toThrow(ConfigError);
    try {
      queuesOf([{ type: 'a', queue: 'Bad.Name' }], ['ok', 'no.dots']);
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^queues: "no.dots"/), expect.stringMatching(/^jobTypes: a names the queue "Bad.Name"/)]);
    }
  });
});
