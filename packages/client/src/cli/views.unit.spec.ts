import type { Queue } from '../types';
import { queueState, queuesTable } from './views';

const queue = (q: Partial<Queue> & { queue: string }): Queue => ({
  paused: false, changedAt: null, changedBy: null, workers: [], types: [], waiting: 0, finishedLastHour: 0, ...q,
});

describe('queuesTable', () => {
  it('shows each queue paused or not, its waiting jobs, workers, throughput, last change and types', () => {
    const worker = { workerId: 'w1', host: 'h1', queues: ['default'], lastSeenAt: '2026-12-05T08:00:00.000Z' };
    const text = queuesTable([
      queue({ queue: 'default', workers: [worker, { ...worker, workerId: 'w2' }], types: ['noop', 'sleep'], waiting: 12, finishedLastHour: 340 }),
      queue({ queue: 'reports', paused: true, changedAt: '2026-12-05T08:01:00.000Z', changedBy: 'key:ops' }),
    ]);
    expect(text.split('\n')).toEqual([
      'QUEUE    PAUSED  WAITING  WORKERS  FINISHED LAST HOUR  CHANGED                              TYPES',
      'default  no      12       2        340                                                      noop, sleep',
      'reports  yes     0        0        0                   2026-12-05T08:01:00.000Z by key:ops',
    ]);
  });

  it('says (none) when there is no queue', () => {
    expect(queuesTable([])).toBe('(none)');
  });
});

describe('queueState', () => {
  it('says whether the queue is paused or resumed, with the position queues list --after takes', () => {
    expect(queueState({ queue: 'default', paused: true, position: 'conveyor.admin-events:0:41' })).toBe('queue default paused\nposition: conveyor.admin-events:0:41');
    expect(queueState({ queue: 'default', paused: false, position: null })).toBe('queue default resumed');
  });
});
