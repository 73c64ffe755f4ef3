import { randomBytes } from 'node:crypto';

/**
 * The bootstrap API key of the services a test file starts (public): random per test file, passed as
 * AUTH_BOOTSTRAP_API_KEY, and sent by the file's requests (an admin key named `bootstrap`).
 */
export const testApiKey = `test-bootstrap-${randomBytes(24).toString('base64url')}`;

/** The Authorization header carrying {@link testApiKey} (public). */
export const authHeaders = (key: string = testApiKey): { authorization: string } => ({ authorization: `Bearer ${key}` });
