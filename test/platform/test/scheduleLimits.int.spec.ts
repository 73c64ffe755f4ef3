import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { insertApiKey, stackEndpoints, uniqueName } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Issue 11, schedule caps through the whole platform: the command API counts a principal's schedules in
 * the `schedules` read model, where the processors' projection records who created each one.
 */
describe('schedule limits', () => {
  let platform: InProcessPlatform;
  let pool: Pool;

  beforeAll(async () => {
    pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'schedule-limits-test', max: 2 });
    platform = await startInProcessPlatform({
      endpoints: stackEndpoints(), logger: createLogger({ service: 'schedule-limits-test', level: 'silent' }),
      env: { MAX_SCHEDULES_PER_PRINCIPAL: '2', MIN_SCHEDULE_INTERVAL_SECONDS: '10' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await pool?.end();
  });

  /** An operator of its own: the Authorization header of a new key. */
  const operator = async () => `Bearer ${(await insertApiKey(pool, { roles: ['operator'] })).key}`;

  const call = async (method: string, path: string, authorization: string, body?: unknown) => {
    const res = await fetch(`${platform.commandApi}${path}`, {
      method, headers: { 'content-type': 'application/json', authorization }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const schedule = (cron = '0 3 * * *') => ({ name: uniqueName('capped'), cron, jobTemplate: { type: 'noop', payload: {} } });

  it('refuses a principal its schedule beyond the cap with 409 QUOTA_EXCEEDED, and accepts again after a delete', async () => {
    const me = await operator();
    const first = await call('POST', '/v1/schedules', me, schedule());
    const second = await call('POST', '/v1/schedules', me, schedule());
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await call('POST', '/v1/schedules', me, schedule());
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'QUOTA_EXCEEDED', title: 'A quota of this principal is used up' });
    expect(third.body.detail).toMatch(/maximum per principal is 2/);
    // Another principal has its own count.
    expect((await call('POST', '/v1/schedules', await operator(), schedule())).status).toBe(201);
    // A deleted schedule no longer counts (the delete waits for the creation to be projected).
    expect((await call('DELETE', `/v1/schedules/${first.body.scheduleId as string}`, me)).status).toBe(204);
    expect((await call('POST', '/v1/schedules', me, schedule())).status).toBe(201);
  });

  it('refuses a cron expression firing more often than the minimum interval with a 400 on /cron', async () => {
    const me = await operator();
    const res = await call('POST', '/v1/schedules', me, schedule('*/5 * * * * *'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '/cron', message: 'fires every 5 s at times; the minimum interval is 10 s' }]);
    expect((await call('POST', '/v1/schedules', me, schedule('*/10 * * * * *'))).status).toBe(201);
  });
});
