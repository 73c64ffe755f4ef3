import { createJobTypeRegistry } from '@conveyor/job-types';
import { UnprocessableError } from '@conveyor/errors';
import { parseSubmission } from './parseSubmission';
import { namedJobTypes, type CatalogJobType, type SubmissionJobTypes } from './submissionJobTypes';

describe('namedJobTypes', () => {
  it('finds the type of a submission, of each job of a batch, and of a schedule template; nothing in garbage', () => {
    expect(namedJobTypes({ type: 'a', payload: {} })).toEqual(['a']);
    expect(namedJobTypes({ jobs: [{ type: 'b' }, 7, { type: 3 }, { type: 'c' }] })).toEqual(['b', 'c']);
    expect(namedJobTypes({ name: 'n', jobTemplate: { type: 'd' } })).toEqual(['d']);
    expect(namedJobTypes('x')).toEqual([]);
    expect(namedJobTypes(null)).toEqual([]);
  });
});

describe('parseSubmission with a type known only to the catalog', () => {
  const compiled = createJobTypeRegistry();
  const invoice: CatalogJobType = {
    type: 'invoice.send', version: 2, queue: 'billing', description: 'Sends an invoice', sideEffects: true, defaults: { maxAttempts: 5, timeoutMs: 9000 },
    payloadSchema: {},
    checkPayload: (payload, base) => ((payload as { to?: unknown }).to
      ? { ok: true, value: { ...(payload as object), currency: 'EUR' } }
      : { ok: false, errors: [{ path: `${base}/to`, message: 'Required' }] }),
  };
  const jobTypes: SubmissionJobTypes = {
    get: (type) => compiled.get(type) ?? (type === invoice.type ? invoice : undefined),
    types: () => [...compiled.types(), invoice.type].sort(),
  };

  it('takes the payload its check returns and the catalog defaults', () => {
    expect(parseSubmission({ type: 'invoice.send', payload: { to: 'a@b.test' } }, jobTypes)).toMatchObject({
      jobType: 'invoice.send', payload: { to: 'a@b.test', currency: 'EUR' }, maxAttempts: 5, timeoutMs: 9000,
    });
  });

  it('refuses what its check refuses with 422 and the field errors under /payload', () => {
    let thrown: unknown;
    try {
      parseSubmission({ type: 'invoice.send', payload: {} }, jobTypes);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UnprocessableError);
    expect((thrown as UnprocessableError).errors).toEqual([{ path: '/payload/to', message: 'Required' }]);
  });

  it('names it with the compiled types when the type is unknown', () => {
    expect(() => parseSubmission({ type: 'nope', payload: {} }, jobTypes)).toThrow('unknown job type "nope"; known types: fail, http.request, invoice.send, noop, sleep, stats.report');
  });
});
