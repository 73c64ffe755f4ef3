import fs from 'node:fs';
import path from 'node:path';
import { withLock } from './lock';

/** What {@link ensureCached} did, for the start report. */
export interface CacheOutcome {
  /** Milliseconds spent filling the folder; undefined when it was already complete. */
  downloadMs?: number;
}

const COMPLETE_MARKER = '.complete';

/**
 * Makes sure `dir` holds a complete download: when its marker file is missing (never filled,
 * or a download that died half way) the folder is emptied and `fill` runs again, under a lock
 * shared by every clone that uses the same cache. Internal.
 */
export async function ensureCached(
  dir: string,
  options: { log: (line: string) => void; label: string },
  fill: () => Promise<void>,
): Promise<CacheOutcome> {
  const marker = path.join(dir, COMPLETE_MARKER);
  if (fs.existsSync(marker)) return {};
  const lockOptions = {
    timeoutMs: 30 * 60_000,
    onWait: (pid: number) => options.log(`${options.label}: waiting for pid ${pid}, which is downloading into the same cache`),
  };
  return withLock(`${dir}.lock`, lockOptions, async () => {
    if (fs.existsSync(marker)) return {};
    const started = Date.now();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await fill();
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
    return { downloadMs: Date.now() - started };
  });
}
