import fs from 'node:fs';
import { StackError } from './StackError';
import { type CommandResult, lastLine, runCommand } from './runCommand';

/** Fails with a one-line {@link StackError} unless `mvn` runs. Internal. */
export async function checkMaven(): Promise<void> {
  const result = await runCommand('mvn', ['-v']);
  if (result.missing) {
    throw new StackError('mvn not found: the stack downloads Kafka and Apicurio with Maven (Debian: apt-get install -y maven)');
  }
  if (result.code !== 0) throw new StackError(`mvn -v failed: ${lastLine(result)}`);
}

/**
 * Copies the runtime dependencies of `pom` (and their transitive closure) into `outputDir`,
 * with the dependency plugin coordinates `plugin` (groupId:artifactId:version). Internal.
 */
export async function copyDependencies(options: { pom: string; outputDir: string; plugin: string }): Promise<void> {
  await mvn(
    [
      '-f', options.pom,
      `${options.plugin}:copy-dependencies`,
      `-DoutputDirectory=${options.outputDir}`,
      '-DincludeScope=runtime',
    ],
    options.outputDir,
  );
}

/** Copies one artifact (groupId:artifactId:version:type:classifier) into `outputDir`. Internal. */
export async function copyArtifact(options: { artifact: string; outputDir: string; plugin: string }): Promise<void> {
  // Run inside outputDir, which holds no pom.xml, so Maven does not pick up a project.
  await mvn([`${options.plugin}:copy`, `-Dartifact=${options.artifact}`, `-DoutputDirectory=${options.outputDir}`], options.outputDir);
}

async function mvn(args: string[], cwd: string): Promise<void> {
  fs.mkdirSync(cwd, { recursive: true });
  const result = await runCommand('mvn', ['-q', '-B', '-Dstyle.color=never', ...args], { cwd });
  if (result.code !== 0) throw new StackError(`mvn ${args.find((arg) => arg.includes(':')) ?? ''} failed: ${mavenError(result)}`);
}

function mavenError(result: CommandResult): string {
  // Maven 3.8 prints colour resets even in batch mode.
  // eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC (\x1b).
  const lines = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const error = lines.find((line) => line.startsWith('[ERROR]'));
  return error ? error.replace(/^\[ERROR\]\s*/, '') : lastLine(result);
}
