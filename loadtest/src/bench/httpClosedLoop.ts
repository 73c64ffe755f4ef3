import { Agent, request } from 'node:http';
import { summariseRun, type ReadRun } from './readLatency';

/**
 * Drives an HTTP API with `clients` concurrent closed-loop clients for `seconds` (public): each sends
 * `GET path()` on its own keep-alive connection, reads the whole body, and sends the next. Latency is
 * from send to the body's end; a non-200 answer counts as an error. `headers` go on every request
 * (credentials). The CPU is this process's over the run (the load generator's cost).
 */
export async function httpClosedLoop(options: {
  baseUrl: string; path: () => string; clients: number; seconds: number; headers?: Record<string, string>;
}): Promise<ReadRun> {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  let errors = 0;
  const one = (path: string) => new Promise<number>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent, headers: options.headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const endsAt = began + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < endsAt) {
      const t = performance.now();
      const status = await one(options.path()).catch(() => 0);
      if (status === 200) latencies.push(performance.now() - t);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return summariseRun(latencies, seconds, errors, ((cpu.user + cpu.system) / 1e6 / seconds) * 100);
}
