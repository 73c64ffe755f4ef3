import { ValidationError } from '@conveyor/errors';
import { decodeCursor, encodeCursor, type JobCursor } from './cursor';

describe('job list cursor', () => {
  const cursor: JobCursor = { sort: '-submittedAt', value: '2026-11-29 17:01:39.123456+00', jobId: '5b1f3f3e-2c1a-4f7e-9d0a-1b2c3d4e5f60' };

  it('round-trips through an opaque base64url token', () => {
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token, '-submittedAt')).toEqual(cursor);
  });

  it('refuses a cursor of another sort', () => {
    const error = (() => {
      try {
        decodeCursor(encodeCursor(cursor), 'submittedAt');
      } catch (err) {
        return err as ValidationError;
      }
    })();
    expect(error?.errors).toEqual([{ path: 'cursor', message: 'this cursor belongs to sort=-submittedAt, not sort=submittedAt' }]);
  });

  it.each([
    ['garbage', 'not-base64!'],
    ['JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad timestamp', Buffer.from(JSON.stringify(['-submittedAt', "1' or 1=1", cursor.jobId])).toString('base64url')],
    ['a bad job id', Buffer.from(JSON.stringify(['-submittedAt', cursor.value, 'x'])).toString('base64url')],
  ])('refuses %s with a 400 naming the cursor parameter', (_what, token) => {
    try {
      decodeCursor(token, '-submittedAt');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    }
  });
});
