import type { WorkPriority } from '@conveyor/events';
import type { ConsumerRunner } from '@conveyor/kafka';
import { createLogger, createMetrics } from '@conveyor/runtime';
import { createQueueSwitch } from './createQueueSwitch';

const topics = (q: string) => ({ high: `${q}.high`, normal: `${q}.normal`, low: `${q}.low` });

describe('createQueueSwitch: QueuePaused / QueueResumed on a worker', () => {
  const calls: string[] = [];
  const consumerOf = (q: string) => ({
    pause: (t: string[]) => void calls.push(`${q} pause ${t.join(',')}`),
    resume: (t: string[]) => void calls.push(`${q} resume ${t.join(',')}`),
  }) as unknown as ConsumerRunner;
  const full = new Set<WorkPriority>();
  const make = () => createQueueSwitch({
    served: [{ queue: 'a', topics: topics('a') }], consumers: new Map([['a', consumerOf('a')]]), full, isStopping: () => false,
    metrics: createMetrics('test'), logger: createLogger({ service: 'test', level: 'silent' }),
  });
  beforeEach(() => {
    calls.length = 0;
    full.clear();
  });

  it('pauses every topic of a served queue once, and ignores queues it does not serve', () => {
    const s = make();
    s.pause('a');
    s.pause('a');
    s.pause('other');
    expect(calls).toEqual(['a pause a.high,a.normal,a.low']);
    expect(s.isPaused('a')).toBe(true);
  });

  it('resumes a paused queue except the priorities full in memory; resuming a queue not paused does nothing', () => {
    const s = make();
    s.resume('a');
    s.pause('a');
    full.add('low');
    s.resume('a');
    expect(calls).toEqual(['a pause a.high,a.normal,a.low', 'a resume a.high,a.normal']);
    expect(s.isPaused('a')).toBe(false);
  });
});
