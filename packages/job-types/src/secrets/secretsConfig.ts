import { z } from 'zod';
import { parseSecretKeyRing, parseSecretKeys, type SecretKeyRing } from './secretBox';

/**
 * The key ring settings of the services that seal or open secrets (command API, processors), for
 * their config schemas: `SECRETS_KEYS` is required and checked at start.
 */
export const secretsConfigShape = {
  /** `kid1:<base64 32 bytes>,kid2:…`: every key that may still open a stored secret. */
  SECRETS_KEYS: z.string({ error: (issue) => (issue.input === undefined ? 'required: <kid>:<base64 of 32 random bytes>[,…] (`openssl rand -base64 32`)' : undefined) })
    .superRefine((text, ctx) => {
      try {
        parseSecretKeys(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /** The id of the key new secrets are sealed with; optional when SECRETS_KEYS holds one key. */
  SECRETS_ACTIVE_KEY_ID: z.string().min(1).optional(),
};

/** What is wrong with the key ring of a parsed configuration (the active id not in the ring), for its ConfigError. */
export function secretKeyRingProblems(config: { SECRETS_KEYS: string; SECRETS_ACTIVE_KEY_ID?: string | undefined }): string[] {
  try {
    secretKeyRingOf(config);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/** The key ring of a parsed configuration; throws a RangeError when the active id is not in the ring. */
export function secretKeyRingOf(config: { SECRETS_KEYS: string; SECRETS_ACTIVE_KEY_ID?: string | undefined }): SecretKeyRing {
  return parseSecretKeyRing(config.SECRETS_KEYS, config.SECRETS_ACTIVE_KEY_ID);
}
