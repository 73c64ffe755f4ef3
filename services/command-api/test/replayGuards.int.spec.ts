import { startHarness, type Harness } from './commandApiHarness';

/**
 * Issue 11: replays can't be abused over HTTP. The command API alone (no replay runner on this topic
 * prefix, so requested runs stay requested): `force` and future instants are refused with 400, a second
 * identical request while the first is requested gets 409 naming it, and as-of snapshots beyond
 * ASOF_MAX_SNAPSHOTS get 409.
 */
describe('replay requests over the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASOF_MAX_SNAPSHOTS: '2' });
  });
  afterAll(async () => {
    await h.pool.query('delete from replay_runs where topic = $1', [h.topic]);
    await h.close();
  });
  const replay = (body: unknown) => h.request('POST', '/v1/admin/replays', { body });

  it('refuses force with a problem naming the CLI flag, and records nothing', async () => {
    const res = await replay({ kind: 'rebuild', projection: 'jobs', force: true });
    expect(res).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('npm run replay -- rebuild <projection> --force'), errors: [{ path: '/force' }] });
    const { rows } = await h.pool.query('select 1 from replay_runs where topic = $1', [h.topic]);
    expect(rows).toEqual([]);
  });

  it('refuses a rebuild from, or an as-of instant, in the future', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await replay({ kind: 'rebuild', from: future })).toMatchObject({ status: 400, body: { errors: [{ path: '/from', message: 'must not be in the future' }] } });
    expect(await replay({ kind: 'as-of', asOf: future })).toMatchObject({ status: 400, body: { errors: [{ path: '/asOf' }] } });
  });

  it('a second identical request while the first is requested gets 409 naming it; another request is accepted', async () => {
    const first = await replay({ kind: 'rebuild', projection: 'job_stats_minute', reason: 'first' });
    expect(first.status).toBe(202);
    const { replayId } = first.body as { replayId: string };
    // Same kind and options, another reason: the same run.
    const again = await replay({ kind: 'rebuild', projection: 'job_stats_minute', reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', detail: expect.stringContaining(replayId) } });
    expect((await replay({ kind: 'rebuild', projection: 'job_stats_minute', dryRun: true })).status).toBe(202);
    // Once the first is over, the same request is a new run.
    await h.pool.query(`update replay_runs set status = 'succeeded', finished_at = now() where id = $1`, [replayId]);
    expect((await replay({ kind: 'rebuild', projection: 'job_stats_minute', reason: 'later' })).status).toBe(202);
  });

  it(`as-of snapshots: two instants at most (ASOF_MAX_SNAPSHOTS=2), then 409; the same second again is the same run`, async () => {
    // One reference second for every instant: read per call, the clock could pass a second boundary between the
    // first request and "the same second again", which would then be another second.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const second = (s: number) => new Date(now - s * 1000).toISOString();
    expect((await replay({ kind: 'as-of', asOf: second(10) })).status).toBe(202);
    const same = await replay({ kind: 'as-of', asOf: second(10).replace('.000Z', '.500Z') });
    expect(same).toMatchObject({ status: 409, body: { detail: expect.stringContaining('an identical replay is already requested') } });
    expect((await replay({ kind: 'as-of', asOf: second(20) })).status).toBe(202);
    const third = await replay({ kind: 'as-of', asOf: second(30) });
    expect(third).toMatchObject({ status: 409, body: { detail: expect.stringContaining('quota is reached: 2 of 2 (ASOF_MAX_SNAPSHOTS)') } });
  });
});
