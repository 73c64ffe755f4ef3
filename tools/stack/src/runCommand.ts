import { spawn } from 'node:child_process';

/** What a finished command left behind. `missing` is true when the executable was not found. Internal. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

/** Runs a command to completion, capturing its output (no shell, no stdin). Internal. */
export function runCommand(command: string, args: string[], options: { cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout, stderr: stderr || error.message, missing: error.code === 'ENOENT' }),
    );
    child.once('close', (code) => resolve({ code, stdout, stderr, missing: false }));
  });
}

/** The last non-empty line of a command's output, for one-line error messages. Internal. */
export function lastLine(result: CommandResult): string {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((line) => line.trim());
  return lines.filter(Boolean).pop() ?? `exit code ${String(result.code)}`;
}
