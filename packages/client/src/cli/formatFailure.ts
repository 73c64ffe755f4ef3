import { ConveyorProblemError } from '../ConveyorProblemError';
import { WaitTimeoutError } from '../waitForJob';
import { UsageError } from './parseCommandLine';

/**
 * What the CLI prints on stderr for a failure, and its exit status (pure): a problem as its title,
 * status and code, its detail and one line per failing field (exit 1); a usage error with the usage
 * (exit 2); a wait that ran out of time (exit 1); anything else as its message (exit 1).
 */
export function formatFailure(err: unknown): { text: string; exitCode: number } {
  if (err instanceof UsageError) return { text: `error: ${err.message}`, exitCode: 2 };
  if (err instanceof ConveyorProblemError) {
    const status = err.status === 0 ? 'not reached' : `${err.status}${err.code ? ` ${err.code}` : ''}`;
    const lines = [`error: ${err.title} (${status})`];
    if (err.detail) lines.push(`  ${err.detail}`);
    for (const e of err.errors) lines.push(`  ${e.path || '(body)'}: ${e.message}`);
    if (err.status === 401) lines.push('  hint: pass --api-key or set CONVEYOR_API_KEY (the local platform\'s key is in .stack/api-key)');
    return { text: lines.join('\n'), exitCode: 1 };
  }
  if (err instanceof WaitTimeoutError) return { text: `error: ${err.message}`, exitCode: 1 };
  return { text: `error: ${err instanceof Error ? err.message : String(err)}`, exitCode: 1 };
}
