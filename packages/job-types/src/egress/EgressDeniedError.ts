import { NonRetriableError } from '@conveyor/errors';
import type { EgressDeniedCode } from './egressPolicy';

/**
 * A connection the egress policy refused: permanent (a retry reaches the same address), its code
 * says why. The message names the host and the address, never the URL (it may carry credentials).
 */
export class EgressDeniedError extends NonRetriableError {
  constructor(readonly host: string, readonly address: string, code: EgressDeniedCode, reason: string) {
    super(`egress refused: ${host === address ? address : `${host} (${address})`} ${reason}`, code);
    this.name = 'EgressDeniedError';
  }
}

/** Whether an error (or what undici wrapped it in) is a refusal of the egress policy; duck-typed across realms. */
export function egressDenial(err: unknown): { code: string; message: string } | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.startsWith('EGRESS_DENIED_') && typeof message === 'string') return { code, message };
  }
  return undefined;
}
