/** The request headers the command routes read (readRequestMeta, the trace middleware), as OpenAPI parameters. */
export const requestHeaders = {
  actor: { name: 'X-Actor', in: 'header', required: false, deprecated: true, schema: { type: 'string', maxLength: 200 }, description: 'Ignored: the actor recorded on the events is the authenticated principal (API key id or OIDC subject).' },
  idempotencyKey: {
    name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 },
    description: 'A repeat with the same key and body within 24 h returns the first job id and submits nothing; the same key with another body is 409.',
  },
  traceparent: { name: 'traceparent', in: 'header', required: false, schema: { type: 'string' }, description: 'W3C trace context, continued into the events.' },
};
