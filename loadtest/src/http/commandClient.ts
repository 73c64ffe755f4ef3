import http from 'node:http';
import https from 'node:https';

/** How a request went wrong, for the error table. */
export type RequestErrorKind = `http_${number}` | 'network' | 'timeout' | 'bad_response';

/** One job to submit, in the command API's body shape. */
export interface JobRequest {
  type: string;
  payload: unknown;
  priority?: 'high' | 'normal' | 'low';
  maxAttempts?: number;
}

/** The outcome of one POST. */
export type SubmitResult =
  | { ok: true; jobIds: string[]; status: number }
  | { ok: false; kind: RequestErrorKind; detail: string };

/**
 * A keep-alive HTTP client for the command API's `POST /v1/jobs` and `/v1/jobs/batch` (and any
 * endpoint of the same contract, such as the BullMQ peer in the bench). Never throws: failures come
 * back classified by kind.
 */
export function createCommandClient(options: { baseUrl: string; maxSockets: number; timeoutMs: number; apiKey?: string }) {
  const base = new URL(options.baseUrl);
  const mod = base.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets });

  const post = (path: string, body: unknown): Promise<SubmitResult> => new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    let settled = false;
    const done = (r: SubmitResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = mod.request({
      agent, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || (base.protocol === 'https:' ? 443 : 80),
      path: `${base.pathname.replace(/\/$/, '')}${path}`, method: 'POST',
      headers: {
        'content-type': 'application/json', 'content-length': data.length, accept: 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => done({ ok: false, kind: 'network', detail: err.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status !== 202 && status !== 200 && status !== 201) {
          done({ ok: false, kind: `http_${status}`, detail: text.slice(0, 300) });
          return;
        }
        try {
          const json = JSON.parse(text) as { jobId?: string; jobIds?: string[] };
          const jobIds = json.jobIds ?? (json.jobId ? [json.jobId] : []);
          done(jobIds.length ? { ok: true, jobIds, status } : { ok: false, kind: 'bad_response', detail: text.slice(0, 300) });
        } catch {
          done({ ok: false, kind: 'bad_response', detail: text.slice(0, 300) });
        }
      });
    });
    req.setTimeout(options.timeoutMs, () => {
      done({ ok: false, kind: 'timeout', detail: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    });
    req.on('error', (err) => done({ ok: false, kind: 'network', detail: err.message }));
    req.end(data);
  });

  return {
    /** POST /v1/jobs with one job. */
    submit: (job: JobRequest) => post('/v1/jobs', job),
    /** POST /v1/jobs/batch; the answer's jobIds follow the order of `jobs`. */
    submitBatch: (jobs: JobRequest[]) => post('/v1/jobs/batch', { jobs }),
    close: () => agent.destroy(),
  };
}

export type CommandClient = ReturnType<typeof createCommandClient>;
