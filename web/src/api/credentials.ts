/**
 * The credential every API call carries (`Authorization: Bearer …`): an OIDC access token or an API key.
 * The auth store sets it; the API clients and the stream read it per call, like the endpoints.
 */
let bearer: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setBearer(token: string | null): void {
  bearer = token;
}

export function currentBearer(): string | null {
  return bearer;
}

/** Called when an API answers 401: the credential is missing, expired or revoked. Returns an unsubscribe. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function notifyUnauthorized(): void {
  for (const listener of unauthorizedListeners) listener();
}
