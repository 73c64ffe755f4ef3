import { waitFor } from '@conveyor/testing';
import { startProcessSampler } from './processSampler';

describe('startProcessSampler', () => {
  it('samples a live process (this one) by segment, and gives no figures for a group whose pids cannot be listed', async () => {
    const sampler = startProcessSampler([
      { name: 'self', covers: 'the test process', pids: () => [process.pid] },
      { name: 'unlisted', covers: 'a group whose listing fails', pids: () => { throw new Error('cannot list'); } },
    ], 5);
    // A segment is cut once it holds two samples: the next one starts at its last sample.
    const segment = await waitFor(() => {
      const usage = sampler.cut();
      return (usage[0]?.samples ?? 0) >= 2 && usage;
    }, { intervalMs: 5, what: 'a segment of two samples' });
    const rest = await sampler.stop();
    expect(segment[0]).toMatchObject({ name: 'self', covers: 'the test process' });
    expect(segment[0]?.rssPeakMb).toBeGreaterThan(0);
    expect(segment[0]?.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(rest[0]?.samples).toBeGreaterThanOrEqual(2);
    expect(rest[1]).toMatchObject({ name: 'unlisted', rssPeakMb: null, rssMedianMb: null, cpuPercent: null, samples: 0 });
  });
});
