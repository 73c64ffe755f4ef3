import { StackError } from './StackError';
import { runCommand } from './runCommand';

/**
 * Reads the major version from `java -version` output: `openjdk version "17.0.15"` → 17,
 * the old `"1.8.0_392"` scheme → 8. Undefined when no version is found. Internal.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Fails with a one-line {@link StackError} unless `javaBin` runs and is at least `minMajor`. Internal. */
export async function checkJava(javaBin: string, minMajor: number): Promise<number> {
  const result = await runCommand(javaBin, ['-version']);
  if (result.missing) {
    throw new StackError(`java not found (${javaBin}); install a JDK ${minMajor}+ (Debian: apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME`);
  }
  const major = parseJavaMajor(`${result.stderr}\n${result.stdout}`);
  if (major === undefined) throw new StackError(`could not read the version of ${javaBin} from "java -version"`);
  if (major < minMajor) {
    throw new StackError(`java ${major} found (${javaBin}) but Kafka 4 needs Java ${minMajor}+; install a newer JDK or set JAVA_HOME`);
  }
  return major;
}
