import { canonicalJson, requestHash } from './idempotency';

describe('requestHash', () => {
  it('ignores key order and whitespace at every depth', () => {
    const a = JSON.parse('{"type":"noop","payload":{"b":1,"a":[{"y":2,"x":1}]}}') as unknown;
    const b = JSON.parse('{ "payload" : { "a" : [ { "x" : 1 , "y" : 2 } ] , "b" : 1 } , "type" : "noop" }') as unknown;
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when any value, array order or type differs', () => {
    const base = requestHash({ type: 'noop', payload: { n: 1, list: [1, 2] } });
    expect(requestHash({ type: 'noop', payload: { n: 2, list: [1, 2] } })).not.toBe(base);
    expect(requestHash({ type: 'noop', payload: { n: 1, list: [2, 1] } })).not.toBe(base);
    expect(requestHash({ type: 'noop', payload: { n: '1', list: [1, 2] } })).not.toBe(base);
    expect(requestHash({ type: 'noop', payload: { n: 1, list: [1, 2] }, priority: 'high' })).not.toBe(base);
  });
});

describe('canonicalJson', () => {
  it('sorts keys and keeps scalars as JSON', () => {
    expect(canonicalJson({ b: [true, null, 'x'], a: 1.5 })).toBe('{"a":1.5,"b":[true,null,"x"]}');
    expect(canonicalJson('é"')).toBe(JSON.stringify('é"'));
  });
});
