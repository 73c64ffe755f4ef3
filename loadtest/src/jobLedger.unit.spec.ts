import { balanceProblems, createJobLedger } from './jobLedger';

describe('createJobLedger', () => {
  it('given accepted jobs and their terminal events, then the tally balances', () => {
    const ledger = createJobLedger();
    ledger.accept('a', 1000, 1005);
    ledger.accept('b', 1010, 1012);
    ledger.accept('c', 1020, 1030);
    ledger.accept('d', 1030, 1031);
    expect(ledger.observe('a', 'succeeded', 1100)).toMatchObject({ outcome: 'succeeded', latencyMs: 100 });
    ledger.observe('b', 'failed', 1200);
    ledger.observe('c', 'failed', 1200);
    ledger.observe('c', 'dead-lettered', 1210);
    const t = ledger.tally();
    expect(t).toEqual({ accepted: 4, succeeded: 1, failed: 1, deadLettered: 1, cancelled: 0, missing: 1 });
    expect(balanceProblems(t)).toEqual([]);
    expect(ledger.openIds()).toEqual(['d']);
  });

  it('given the terminal event before the 202, then settles at acceptance', () => {
    const ledger = createJobLedger();
    expect(ledger.observe('a', 'succeeded', 1050)).toBeUndefined();
    expect(ledger.accept('a', 1000, 1060)).toMatchObject({ outcome: 'succeeded', latencyMs: 60 });
    expect(ledger.tally()).toMatchObject({ accepted: 1, succeeded: 1, missing: 0 });
  });

  it('given a redelivered terminal event, then counts the job once', () => {
    const ledger = createJobLedger();
    ledger.accept('a', 0, 1);
    ledger.observe('a', 'succeeded', 5);
    expect(ledger.observe('a', 'succeeded', 6)).toBeUndefined();
    expect(ledger.tally()).toMatchObject({ accepted: 1, succeeded: 1, missing: 0 });
  });

  it('given the same job id accepted twice (idempotency replay), then counts it once', () => {
    const ledger = createJobLedger();
    ledger.accept('a', 0, 1);
    ledger.accept('a', 0, 2);
    expect(ledger.tally().accepted).toBe(1);
  });

  it('bounds the buffer of events for unknown jobs', () => {
    const ledger = createJobLedger({ maxEarly: 2 });
    ledger.observe('x', 'succeeded', 1);
    ledger.observe('y', 'succeeded', 1);
    ledger.observe('z', 'succeeded', 1);
    expect(ledger.accept('x', 0, 2)).toBeUndefined();
    expect(ledger.accept('z', 0, 2)).toMatchObject({ outcome: 'succeeded' });
  });
});

describe('balanceProblems', () => {
  it('names an unbalanced tally', () => {
    expect(balanceProblems({ accepted: 3, succeeded: 1, failed: 0, deadLettered: 0, cancelled: 0, missing: 1 })[0]).toMatch(/accepted 3 ≠/);
  });
});
