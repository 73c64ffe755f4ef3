/** A keyset position on (time, id): the time as the database printed it, the row's UUID. */
export interface TimeIdCursor {
  at: string;
  id: string;
}

const pgTimestamp = /^[\d-]+[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/;
const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** An opaque base64url token of a (time, id) keyset position (pure). */
export function encodeTimeIdCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** Decodes a token of {@link encodeTimeIdCursor}; null when it is not one of ours (pure). */
export function decodeTimeIdCursor(token: string): TimeIdCursor | null {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string'
      && (pgTimestamp.test(v[0]) || !Number.isNaN(Date.parse(v[0]))) && uuid.test(v[1])) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // not base64url JSON
  }
  return null;
}
