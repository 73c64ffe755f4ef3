import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from './processes';
import { sleep } from './sleep';

/** Options of {@link withLock}. */
export interface LockOptions {
  /** Give up waiting for another holder after this long, in milliseconds. */
  timeoutMs: number;
  /** Told once when another live process holds the lock. */
  onWait?: (holderPid: number) => void;
}

/**
 * Runs `fn` while holding an exclusive lock file, so two `stack up` (a CLI and a jest
 * globalSetup, or two clones sharing the download cache) never start or download the same
 * thing at once. A lock left by a dead process is taken over. Internal.
 */
export async function withLock<T>(lockFile: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = readOrEmpty(lockFile);
    const holder = Number(content);
    // An empty file is a holder between creating and writing it, unless it stays empty.
    const abandoned = holder ? !isAlive(holder) : ageMs(lockFile) > 2000;
    if (abandoned) {
      if (readOrEmpty(lockFile) === content) fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockFile} held by pid ${holder}`);
    if (!told && holder) options.onWait?.(holder);
    told = true;
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
