import { findBreakingChanges, type OpenApi } from './findBreakingChanges';

/** A small released contract: a job read with a $ref'd response and a submit with a request body. */
function released(): OpenApi {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1.0.0' },
    paths: {
      '/v1/jobs/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          parameters: [{ name: 'after', in: 'query', required: false, schema: { type: 'string' } }],
          responses: {
            200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } },
            404: { description: 'unknown' },
          },
        },
      },
      '/v1/jobs': {
        post: {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitJob' } } },
          },
          responses: { 202: { description: 'accepted' } },
        },
      },
    },
    components: {
      schemas: {
        Job: {
          type: 'object', required: ['jobId', 'status'],
          properties: {
            jobId: { type: 'string' },
            status: { enum: ['queued', 'running', 'succeeded'] },
            attempts: { type: 'integer' },
            error: { oneOf: [{ $ref: '#/components/schemas/JobError' }, { type: 'null' }] },
          },
        },
        JobError: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
        SubmitJob: {
          type: 'object', required: ['type'],
          properties: { type: { type: 'string' }, priority: { enum: ['high', 'normal', 'low'] }, maxAttempts: { type: 'integer' } },
        },
      },
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test edits the document's JSON in place, loosely
type Editable = any;

/** The released contract changed by `edit` (on a deep copy). */
function changed(edit: (doc: Editable) => void): OpenApi {
  const doc = structuredClone(released());
  edit(doc);
  return doc;
}

const messages = (current: OpenApi) => findBreakingChanges(released(), current).map((c) => `${c.operation} ${c.pointer}: ${c.message}`);

describe('findBreakingChanges', () => {
  it('finds nothing between a document and itself', () => {
    expect(messages(released())).toEqual([]);
  });

  it('passes additive changes: a new operation, an optional request field, a response field, a widened enum', () => {
    const current = changed((d) => {
      d.paths['/v1/stats'] = { get: { responses: { 200: { description: 'ok' } } } };
      d.components.schemas.SubmitJob.properties.runAt = { type: 'string' };
      d.components.schemas.Job.properties.startedAt = { type: 'string' };
      d.components.schemas.Job.properties.status.enum.push('failed');
      d.components.schemas.SubmitJob.properties.priority.enum.push('urgent');
      d.paths['/v1/jobs/{id}'].get.parameters.push({ name: 'fields', in: 'query', schema: { type: 'string' } });
      d.paths['/v1/jobs/{id}'].get.responses[503] = { description: 'busy' };
    });
    expect(messages(current)).toEqual([]);
  });

  it('fails when an operation is removed', () => {
    expect(messages(changed((d) => { delete d.paths['/v1/jobs'].post; }))).toEqual(['POST /v1/jobs /paths/~1v1~1jobs/post: operation removed']);
  });

  it('fails when a response field is removed or renamed, at the pointer of its component', () => {
    const current = changed((d) => {
      d.components.schemas.Job.properties.attemptCount = d.components.schemas.Job.properties.attempts;
      delete d.components.schemas.Job.properties.attempts;
    });
    expect(messages(current)).toEqual(['GET /v1/jobs/{id} /components/schemas/Job/properties/attempts: response field "attempts" removed or renamed']);
  });

  it('fails when a field inside a oneOf branch is removed', () => {
    expect(messages(changed((d) => { delete d.components.schemas.JobError.properties.message; }))).toEqual([
      'GET /v1/jobs/{id} /components/schemas/JobError/properties/message: response field "message" removed or renamed',
    ]);
  });

  it('fails when a response status is removed', () => {
    expect(messages(changed((d) => { delete d.paths['/v1/jobs/{id}'].get.responses[404]; }))).toEqual([
      'GET /v1/jobs/{id} /paths/~1v1~1jobs~1{id}/get/responses/404: response status 404 removed',
    ]);
  });

  it('fails when a field changes its type, in a response or a request', () => {
    const current = changed((d) => {
      d.components.schemas.Job.properties.attempts = { type: 'string' };
      d.components.schemas.SubmitJob.properties.maxAttempts = { type: 'string' };
    });
    expect(messages(current)).toEqual([
      'GET /v1/jobs/{id} /components/schemas/Job/properties/attempts: type changed from integer to string',
      'POST /v1/jobs /components/schemas/SubmitJob/properties/maxAttempts: type changed from integer to string',
    ]);
  });

  it('fails when an enum is narrowed, in a response or a request', () => {
    const current = changed((d) => {
      d.components.schemas.Job.properties.status.enum = ['queued', 'running'];
      d.components.schemas.SubmitJob.properties.priority.enum = ['high', 'normal'];
    });
    expect(messages(current)).toEqual([
      'GET /v1/jobs/{id} /components/schemas/Job/properties/status: enum narrowed: "succeeded" removed',
      'POST /v1/jobs /components/schemas/SubmitJob/properties/priority: enum narrowed: "low" removed',
    ]);
  });

  it('fails when a required request field is added', () => {
    const current = changed((d) => {
      d.components.schemas.SubmitJob.properties.tenant = { type: 'string' };
      d.components.schemas.SubmitJob.required.push('tenant');
    });
    expect(messages(current)).toEqual(['POST /v1/jobs /components/schemas/SubmitJob/required: required request field "tenant" added']);
  });

  it('fails when an optional request field is made required', () => {
    expect(messages(changed((d) => { d.components.schemas.SubmitJob.required.push('priority'); }))).toEqual([
      'POST /v1/jobs /components/schemas/SubmitJob/properties/priority: optional request field "priority" made required',
    ]);
  });

  it('fails when a required parameter is added, an optional one removed, or one made required', () => {
    const added = changed((d) => { d.paths['/v1/jobs/{id}'].get.parameters.push({ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } }); });
    expect(messages(added)).toEqual(['GET /v1/jobs/{id} /paths/~1v1~1jobs~1{id}/get/parameters: required parameter header:tenant added']);
    const removed = changed((d) => { d.paths['/v1/jobs/{id}'].get.parameters = []; });
    expect(messages(removed)).toEqual(['GET /v1/jobs/{id} /paths/~1v1~1jobs~1{id}/get/parameters/0: optional parameter query:after removed']);
    const required = changed((d) => { d.paths['/v1/jobs/{id}'].get.parameters[0].required = true; });
    expect(messages(required)).toEqual(['GET /v1/jobs/{id} /paths/~1v1~1jobs~1{id}/get/parameters/0: optional parameter query:after made required']);
  });

  it('lets a deprecated operation change once its successor exists under a newer version prefix', () => {
    const breaking = (d: Editable) => { delete d.components.schemas.Job.properties.attempts; d.paths['/v1/jobs/{id}'].get.deprecated = true; };
    // Deprecated alone is not enough: the v1 clients still need the field.
    expect(messages(changed(breaking))).toHaveLength(1);
    const withSuccessor = changed((d) => {
      breaking(d);
      d.paths['/v2/jobs/{id}'] = structuredClone(d.paths['/v1/jobs/{id}']);
      delete d.paths['/v2/jobs/{id}'].get.deprecated;
    });
    expect(messages(withSuccessor)).toEqual([]);
    const named = changed((d) => {
      breaking(d);
      d.paths['/v1/jobs/{id}'].get['x-deprecation'] = { at: '2026-12-01T00:00:00Z', successor: '/v2/job-records/{id}' };
      d.paths['/v2/job-records/{id}'] = { get: { responses: { 200: { description: 'ok' } } } };
    });
    expect(messages(named)).toEqual([]);
  });

  it('ignores operations outside a version prefix', () => {
    const doc = released();
    (doc.paths as Record<string, unknown>)['/openapi.json'] = { get: { responses: { 200: { description: 'ok' } } } };
    expect(findBreakingChanges(doc, released())).toEqual([]);
  });
});
