import { deterministicUuid, isUuid, uuidv5 } from './ids';

describe('uuidv5', () => {
  it('matches the RFC 9562 example (www.example.com in the DNS namespace)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('differs by namespace and by name', () => {
    expect(uuidv5('a')).not.toBe(uuidv5('b'));
    expect(uuidv5('a')).not.toBe(uuidv5('a', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'));
  });
});

describe('deterministicUuid', () => {
  it('keeps the ids already stored in the log (version 5 layout over SHA-1 of the name)', () => {
    // Computed by the derivation that wrote attempt event ids before this module existed.
    expect(deterministicUuid('conveyor:00000000-0000-4000-8000-000000000001:1:started')).toBe('c15eadf9-7222-5d2c-bb1b-933d7abbd28d');
  });
  it('is a version 5, RFC variant UUID and stable', () => {
    const id = deterministicUuid('x');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('x')).toBe(id);
    expect(deterministicUuid('y')).not.toBe(id);
  });
});

describe('isUuid', () => {
  it.each([
    ['2ED6657D-E927-568B-95E1-2665A8AEA6A2', true],
    ['2ed6657d-e927-568b-95e1-2665a8aea6a2', true],
    ['2ed6657de927568b95e12665a8aea6a2', false],
    ['2ed6657d-e927-568b-95e1-2665a8aea6a2 ', false],
    [42, false],
  ])('%p → %p', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});
