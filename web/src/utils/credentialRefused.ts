import { ConveyorProblemError } from '@conveyor/client';

/**
 * Whether a failed API call is the API refusing the credential it carried (pure): an answer of 401.
 * Nothing else is: no answer (the API unreachable, or the request given up because the page is being
 * left), a body cut short, a 5xx or a 429 say nothing about the credential, and must not end a session.
 */
export function credentialRefused(err: unknown): boolean {
  return err instanceof ConveyorProblemError && err.status === 401;
}
