/** The `conveyor` command line (`npx conveyor --help`). */
import { runCli } from './runCli';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
