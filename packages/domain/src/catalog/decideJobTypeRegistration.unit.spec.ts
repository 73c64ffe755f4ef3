import { z } from 'zod';
import { breakingChanges, decideJobTypeRegistration, type JobTypeVersion, type JsonSchema } from './index';

const schemaOf = (payload: z.ZodType) => z.toJSONSchema(payload, { io: 'input' }) as JsonSchema;
const v1: JobTypeVersion = { type: 'invoice.send', version: 1, queue: 'billing', payloadSchema: schemaOf(z.object({ to: z.email(), amount: z.number().int(), note: z.string().optional() })) };
const versionOf = (version: number, payload: z.ZodType, queue = 'billing'): JobTypeVersion => ({ type: 'invoice.send', version, queue, payloadSchema: schemaOf(payload) });

describe('decideJobTypeRegistration', () => {
  it('given no version of the type, registers the first', () => {
    expect(decideJobTypeRegistration(v1, [])).toEqual({ outcome: 'registered', firstVersion: true });
  });

  it('given the same version with the same schema (a restart), changes nothing', () => {
    expect(decideJobTypeRegistration({ ...v1 }, [v1])).toEqual({ outcome: 'unchanged' });
  });

  it('given a new version that adds an optional property and widens a type, registers it beside the first', () => {
    const v2 = versionOf(2, z.object({ to: z.email(), amount: z.number(), note: z.string().optional(), currency: z.string().optional() }));
    expect(decideJobTypeRegistration(v2, [v1])).toEqual({ outcome: 'registered', firstVersion: false });
  });

  it('given a new version where a property became required, refuses it naming the property', () => {
    const v2 = versionOf(2, z.object({ to: z.email(), amount: z.number().int(), note: z.string() }));
    const decision = decideJobTypeRegistration(v2, [v1]);
    expect(decision).toEqual({ outcome: 'refused', reason: expect.stringContaining('invoice.send version 2 is not backward compatible with version 1: /note: became required') });
  });

  it('given a new version where a type changed, refuses it', () => {
    const v2 = versionOf(2, z.object({ to: z.email(), amount: z.string(), note: z.string().optional() }));
    expect(decideJobTypeRegistration(v2, [v1])).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('/amount: type changed from integer to string') });
  });

  it('given a strict new version without a property of the last one, refuses it', () => {
    const v2 = versionOf(2, z.object({ to: z.email(), amount: z.number().int() }).strict());
    const decision = decideJobTypeRegistration(v2, [v1]);
    expect(decision).toMatchObject({ outcome: 'refused' });
    expect(decision.outcome === 'refused' && decision.reason).toContain('/note: removed, and additional properties are refused');
  });

  it('given a registered version announced with another schema or queue, refuses it and names the next version', () => {
    expect(decideJobTypeRegistration(versionOf(1, z.object({ to: z.email() })), [v1])).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('announce the change as version 2') });
    expect(decideJobTypeRegistration({ ...v1, queue: 'other' }, [v1])).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('registered on queue billing, not other') });
  });

  it('given a version below the latest that was never registered, refuses it', () => {
    const v3 = versionOf(3, z.object({ to: z.email(), amount: z.number().int(), note: z.string().optional() }));
    expect(decideJobTypeRegistration(versionOf(2, z.object({})), [v1, v3])).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('older than the latest, version 3') });
  });

  it('given a version that is not a whole number of 1 or more, refuses it', () => {
    expect(decideJobTypeRegistration({ ...v1, version: 0 }, [])).toMatchObject({ outcome: 'refused' });
  });
});

describe('breakingChanges', () => {
  it('finds dropped enum values, tightened bounds and new patterns, each with its pointer', () => {
    const before = schemaOf(z.object({ kind: z.enum(['a', 'b']), name: z.string().max(50), tags: z.array(z.string()) }));
    const after = schemaOf(z.object({ kind: z.enum(['a']), name: z.string().max(20).regex(/^[a-z]+$/), tags: z.array(z.number()) }));
    expect(breakingChanges(before, after)).toEqual([
      '/kind: "b" is no longer allowed',
      '/name: maxLength lowered to 20',
      '/name: pattern added ("^[a-z]+$")',
      '/tags/*: type changed from string to number',
    ]);
  });

  it('accepts looser bounds, new enum values, and a property no longer required', () => {
    const before = schemaOf(z.object({ kind: z.enum(['a']), n: z.number().min(5), must: z.string() }));
    const after = schemaOf(z.object({ kind: z.enum(['a', 'b']), n: z.number().min(1), must: z.string().optional() }));
    expect(breakingChanges(before, after)).toEqual([]);
  });

  it('refuses additional properties refused where they were allowed', () => {
    expect(breakingChanges(schemaOf(z.object({ a: z.string() })), schemaOf(z.object({ a: z.string() }).strict()))).toEqual(['(the payload): additional properties are now refused']);
  });

  it('compares alternatives: a previous form must match one of the new ones', () => {
    const before = schemaOf(z.union([z.string(), z.number()]));
    expect(breakingChanges(before, schemaOf(z.union([z.string(), z.number(), z.boolean()])))).toEqual([]);
    expect(breakingChanges(before, schemaOf(z.union([z.string(), z.boolean()])))).toHaveLength(1);
  });
});
