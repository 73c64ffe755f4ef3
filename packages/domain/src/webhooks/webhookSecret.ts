import { ValidationError } from '@conveyor/errors';

/** The prefix of a Standard Webhooks signing secret. */
export const webhookSecretPrefix = 'whsec_';
/** Random bytes of a generated secret: the specification asks for 24 to 64. */
export const webhookSecretBytes = 32;

/** A signing secret from random bytes (pure): `whsec_` + their base64. The adapter draws the bytes. */
export function formatWebhookSecret(random: Uint8Array): string {
  if (random.length < 24 || random.length > 64) throw new RangeError(`a webhook secret takes 24 to 64 random bytes, got ${random.length}`);
  return `${webhookSecretPrefix}${Buffer.from(random).toString('base64')}`;
}

/**
 * The HMAC key of a signing secret (pure): the base64 after `whsec_` decoded. Throws a ValidationError
 * when it is not `whsec_` and base64 of 24 to 64 bytes.
 */
export function webhookSecretKey(secret: string): Buffer {
  const body = secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : '';
  const key = Buffer.from(body, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || key.length < 24 || key.length > 64) {
    throw new ValidationError('invalid webhook secret', [{ path: '/secret', message: 'must be whsec_ followed by the base64 of 24 to 64 bytes' }]);
  }
  return key;
}
