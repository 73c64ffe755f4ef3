import type { JobTypeVersion, JsonSchema } from '@conveyor/domain/catalog';

interface ListedType { type: string; versions: Array<{ version: number; queue: string; payloadSchema: JsonSchema }> }

/**
 * The announcer's `catalog` read through the query API's GET /v1/job-types (public): for a worker that reaches
 * Conveyor over HTTP with an API key (viewer role at least) rather than through its database.
 * @param options.queryApiUrl base URL of the query API, e.g. `http://127.0.0.1:3002`
 * @param options.apiKey sent as `Authorization: Bearer <apiKey>`
 */
export function catalogOverHttp(options: { queryApiUrl: string; apiKey: string; fetch?: typeof fetch }) {
  const fetchFn = options.fetch ?? fetch;
  return {
    async versionsOf(types: readonly string[]): Promise<JobTypeVersion[]> {
      const res = await fetchFn(`${options.queryApiUrl.replace(/\/$/, '')}/v1/job-types`, { headers: { authorization: `Bearer ${options.apiKey}` } });
      if (!res.ok) throw new Error(`the job-type catalog answered ${res.status}: ${await res.text()}`);
      const { items } = (await res.json()) as { items: ListedType[] };
      return items.filter((t) => types.includes(t.type)).flatMap((t) => t.versions.map((v) => ({ type: t.type, version: v.version, queue: v.queue, payloadSchema: v.payloadSchema })));
    },
  };
}
