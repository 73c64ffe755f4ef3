import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ajvFieldErrors } from './ajvFieldErrors';

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validate = ajv.compile({
  type: 'object',
  properties: {
    to: { type: 'string', format: 'email', pattern: '^[a-z]+@' },
    lines: { type: 'array', items: { type: 'object', properties: { 'sku/id': { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['qty'], additionalProperties: false } },
    kind: { enum: ['a', 'b'] },
  },
  required: ['to'],
});
const errorsOf = (payload: unknown) => {
  validate(payload);
  return ajvFieldErrors(validate.errors, '/payload');
};

describe('ajvFieldErrors', () => {
  it('given a missing required property, then the error is at its own pointer', () => {
    expect(errorsOf({})).toEqual([{ path: '/payload/to', message: 'Required' }]);
  });

  it('given nested failures, then each is at the pointer of the value, escaped per RFC 6901, one per field', () => {
    expect(errorsOf({ to: 'not-an-address', lines: [{ qty: 0, 'sku/id': 5 }, { extra: true }], kind: 'c' })).toEqual([
      { path: '/payload/to', message: 'must match format "email"' },
      { path: '/payload/lines/0/sku~1id', message: 'must be string' },
      { path: '/payload/lines/0/qty', message: 'must be >= 1' },
      { path: '/payload/lines/1/qty', message: 'Required' },
      { path: '/payload/lines/1/extra', message: 'unknown field' },
      { path: '/payload/kind', message: 'must be one of "a", "b"' },
    ]);
  });

  it('given no errors, then none', () => {
    expect(ajvFieldErrors(null)).toEqual([]);
  });
});
