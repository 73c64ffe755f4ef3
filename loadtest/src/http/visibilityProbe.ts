import http from 'node:http';

const SETTLED = new Set(['succeeded', 'failed', 'dead', 'cancelled']);

/**
 * Polls `GET /v1/jobs/:id` on the query API for a sample of jobs until each is visible in a settled
 * status, and reports submit→visible latency. Polls back off from 20 ms to 250 ms (the measurement
 * error stays under ~25% of the latency while the load added to the query API stays small); at most
 * `maxProbes` jobs are probed at once, others are skipped and counted.
 */
export function createVisibilityProbe(options: { baseUrl: string; maxProbes?: number; apiKey?: string; onVisible: (latencyMs: number) => void }) {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const maxProbes = options.maxProbes ?? 100;
  let active = 0;
  let skipped = 0;
  let visible = 0;
  let gaveUp = 0;
  let deadline = Number.POSITIVE_INFINITY;
  const running = new Set<Promise<void>>();

  const status = (jobId: string): Promise<string | null> => new Promise((resolve) => {
    const req = http.get({ agent, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || 80, path: `/v1/jobs/${jobId}`, timeout: 2000,
      ...(options.apiKey ? { headers: { authorization: `Bearer ${options.apiKey}` } } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(null);
        try {
          resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string }).status ?? null);
        } catch {
          resolve(null);
        }
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });

  const probe = async (jobId: string, intendedAt: number) => {
    let wait = 20;
    while (Date.now() < deadline) {
      const s = await status(jobId);
      if (s && SETTLED.has(s)) {
        visible += 1;
        options.onVisible(Date.now() - intendedAt);
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(250, wait * 1.25);
    }
    gaveUp += 1;
  };

  return {
    /** Starts probing one job (skipped when `maxProbes` are already running). */
    track(jobId: string, intendedAt: number): void {
      if (active >= maxProbes) {
        skipped += 1;
        return;
      }
      active += 1;
      const p = probe(jobId, intendedAt).finally(() => {
        active -= 1;
        running.delete(p);
      });
      running.add(p);
    },
    /** Waits for the running probes, giving up at `until` (epoch ms). */
    async finish(until: number) {
      deadline = until;
      await Promise.all([...running]);
      agent.destroy();
      return { visible, skipped, gaveUp };
    },
    counts: () => ({ visible, skipped, gaveUp, active }),
  };
}

export type VisibilityProbe = ReturnType<typeof createVisibilityProbe>;
