/** Building blocks of the services' OpenAPI 3.1 documents (public). */
import { problemTypes } from '@conveyor/errors';

/** A reference to a component schema. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** An application/json content entry. */
export const json = (schema: object) => ({ 'application/json': { schema } });

/** A problem+json response with the shared `Problem` component. */
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** The RFC 7807 problem document, as every error of our APIs is rendered. */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { enum: Object.keys(problemTypes) },
    detail: { type: 'string' },
    instance: { type: 'string' },
    traceId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON pointer into the body, or the query parameter' }, message: { type: 'string' } } } },
  },
};

/**
 * The operational paths every API serves: /openapi.json, /healthz, /readyz (public, no credentials);
 * /metrics is served on the service's own METRICS_PORT, outside the API.
 */
export function operationalPaths(readySummary: string) {
  return {
    '/openapi.json': {
      get: { operationId: 'openApi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } },
    },
    '/healthz': {
      get: { operationId: 'health', summary: 'The process is alive', responses: { 200: { description: 'Alive', content: json({ type: 'object' }) } } },
    },
    '/readyz': {
      get: {
        operationId: 'ready', summary: readySummary,
        responses: { 200: { description: 'Ready', content: json({ type: 'object' }) }, 503: { description: 'Not ready', content: json({ type: 'object' }) } },
      },
    },
  };
}

/**
 * The head of a service's OpenAPI 3.1 document (public): version, info with the licence, the local
 * server; `@conveyor/auth`'s `withSecurity` adds the bearer scheme and the 401/403 answers.
 */
export function documentHead(options: { title: string; description: string; localPort: number }) {
  return {
    openapi: '3.1.0' as const,
    info: { title: options.title, version: '1.0.0', description: options.description, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    servers: [{ url: `http://127.0.0.1:${options.localPort}`, description: 'The local platform (`npm start`); PORT and HOST configure it.' }],
    security: [] as never[],
  };
}
