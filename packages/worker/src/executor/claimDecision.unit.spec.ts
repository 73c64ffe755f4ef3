import { decideHeldClaim, heartbeatIntervalMs, leaseMarginMs } from './claimDecision';

describe('decideHeldClaim: an attempt another claim holds', () => {
  it('given no row (the job was cancelled), skips it', () => {
    expect(decideHeldClaim(undefined, 'w1')).toEqual({ kind: 'skip' });
  });

  it('given this worker\'s own claim (a duplicate work item), skips it', () => {
    expect(decideHeldClaim({ workerId: 'w1', decided: false, leaseLeftMs: 5000 }, 'w1')).toEqual({ kind: 'skip' });
  });

  it('given an outcome decided by another worker, skips it: that worker (or a takeover) publishes it', () => {
    expect(decideHeldClaim({ workerId: 'w2', decided: true, leaseLeftMs: 5000 }, 'w1')).toEqual({ kind: 'skip' });
  });

  it('given a live worker running it under a lease, waits until the lease could have lapsed', () => {
    expect(decideHeldClaim({ workerId: 'w2', decided: false, leaseLeftMs: 4000 }, 'w1')).toEqual({ kind: 'held', retryInMs: 4000 + leaseMarginMs });
  });

  it('given a claim from before leases existed, skips it as before', () => {
    expect(decideHeldClaim({ workerId: 'w2', decided: false, leaseLeftMs: null }, 'w1')).toEqual({ kind: 'skip' });
  });
});

describe('heartbeatIntervalMs', () => {
  it('heartbeats three times per lease', () => {
    expect(heartbeatIntervalMs(30_000)).toBe(10_000);
  });
});
