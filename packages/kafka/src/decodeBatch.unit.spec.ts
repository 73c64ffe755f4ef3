import { decodeBatch, type ConsumerSource } from './decodeBatch';
import { PoisonMessageError } from './eventSerde';

type Ev = { type: 'A'; data: { n: number } } | { type: 'B'; data: { s: string } };

/** A serde whose bytes are JSON `{type, data}`; `poison` is not decodable, `down` is a registry outage. */
const serde = {
  async decode<T>(value: Buffer | null) {
    const text = value?.toString() ?? '';
    if (text === 'poison') throw new PoisonMessageError('not in the wire format');
    if (text === 'down') throw new Error('registry unreachable');
    const parsed = JSON.parse(text) as { type: string; data: T };
    return { type: parsed.type, data: parsed.data, schemaId: 1 };
  },
};
const source = (eventTypes: ReadonlyArray<Ev['type']>): ConsumerSource<Ev> => ({ topic: 't', serde, eventTypes });
const msg = (offset: string, body: string, type?: string) => ({
  offset, value: Buffer.from(body), headers: type === undefined ? undefined : { 'event-type': type },
});

describe('decodeBatch', () => {
  it('given valid messages, when decoded, then each becomes a typed event at its offset', async () => {
    const batch = await decodeBatch(source(['A', 'B']), 2, [msg('5', '{"type":"A","data":{"n":1}}'), msg('6', '{"type":"B","data":{"s":"x"}}')]);
    expect(batch.events.map((e) => [e.offset, e.event])).toEqual([['5', { type: 'A', data: { n: 1 } }], ['6', { type: 'B', data: { s: 'x' } }]]);
    expect(batch.poison).toEqual([]);
    expect(batch.records.map((r) => r.offset)).toEqual(['5', '6']);
  });

  it('given a poison message, when decoded, then it is set apart with its origin and bytes and the rest decodes', async () => {
    const batch = await decodeBatch(source(['A']), 3, [msg('7', 'poison'), msg('8', '{"type":"A","data":{"n":2}}')]);
    expect(batch.poison).toEqual([expect.objectContaining({ topic: 't', partition: 3, offset: '7', value: Buffer.from('poison') })]);
    expect(batch.poison[0]?.error).toBeInstanceOf(PoisonMessageError);
    expect(batch.records).toEqual([{ offset: '7', event: null }, { offset: '8', event: { type: 'A', data: { n: 2 } } }]);
  });

  it('given an event-type header of a type not kept, when decoded, then it is skipped without decoding', async () => {
    const batch = await decodeBatch(source(['A']), 0, [msg('1', 'poison', 'B'), msg('2', '{"type":"B","data":{"s":"y"}}')]);
    expect(batch.poison).toEqual([]);
    expect(batch.events).toEqual([]);
    expect(batch.records.map((r) => [r.offset, r.event])).toEqual([['1', null], ['2', null]]);
  });

  it('given the registry is down, when decoded, then the error is thrown (the batch is retried, not dead-lettered)', async () => {
    await expect(decodeBatch(source(['A']), 0, [msg('1', 'down')])).rejects.toThrow('registry unreachable');
  });
});
