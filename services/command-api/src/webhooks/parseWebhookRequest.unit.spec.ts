import { parseWebhookRequest } from './parseWebhookRequest';

const fieldErrorsOf = (body: unknown) => {
  try {
    parseWebhookRequest(body);
  } catch (err) {
    return { status: (err as { status: number }).status, errors: (err as { errors: Array<{ path: string }> }).errors.map((e) => e.path) };
  }
  throw new Error('accepted');
};

describe('parseWebhookRequest', () => {
  it('given a URL and event types, then the request with no job types (every type)', () => {
    expect(parseWebhookRequest({ url: ' https://h.example/in ', eventTypes: ['job.failed'] })).toEqual({ url: 'https://h.example/in', eventTypes: ['job.failed'], jobTypes: [] });
  });
  it('given unknown or repeated event types, none, a secret of the client or an unknown field, then 400 with the fields', () => {
    expect(fieldErrorsOf({ url: 'https://h.example/', eventTypes: ['job.exploded'] })).toEqual({ status: 400, errors: ['/eventTypes/0'] });
    expect(fieldErrorsOf({ url: 'https://h.example/', eventTypes: [] })).toEqual({ status: 400, errors: ['/eventTypes'] });
    expect(fieldErrorsOf({ url: 'https://h.example/', eventTypes: ['job.failed', 'job.failed'] })).toEqual({ status: 400, errors: ['/eventTypes'] });
    expect(fieldErrorsOf({ url: 'https://h.example/', eventTypes: ['job.failed'], secret: 'whsec_x' }).status).toBe(400);
    expect(fieldErrorsOf({ eventTypes: ['job.failed'], jobTypes: ['noop', 'noop'] })).toEqual({ status: 400, errors: ['/url', '/jobTypes'] });
  });
});
