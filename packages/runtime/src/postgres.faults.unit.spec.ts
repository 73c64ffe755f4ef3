import type { PoolClient } from 'pg';
import { createPgPool } from './postgres';

describe('createPgPool under terminated connections (issue 14)', () => {
  it('given a checked-out client, when its connection errors between queries, then the process does not crash: the error is handled', async () => {
    const pool = createPgPool({ url: 'postgres://postgres@127.0.0.1:1/none', name: 'faults-test' });
    // The pool's 'connect' event is what our listener hangs on; a stand-in client shows the effect.
    const client = new (await import('node:events')).EventEmitter() as unknown as PoolClient;
    pool.emit('connect', client);
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    // An EventEmitter throws on an 'error' event nobody listens to: that is the crash the listener prevents.
    expect(() => client.emit('error', terminated)).not.toThrow();
    await pool.end();
  });
});
