export { createSecretBox, generateSecretKey, parseSecretKeyRing, parseSecretKeys, sealedKeyId } from './secretBox';
export { locateSecrets, pointerSegments } from './secretFields';
export { isSecretEnvelope, openPayload, redactSecrets, redacted, scrubSecrets, sealPayload, sealedKeyIds } from './sealPayload';
export { secretKeyRingOf, secretKeyRingProblems, secretsConfigShape } from './secretsConfig';

export type { SecretBox, SecretKeyRing } from './secretBox';
export type { SecretFields, SecretLocation } from './secretFields';
export type { SecretEnvelope } from './sealPayload';
