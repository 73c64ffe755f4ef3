/**
 * A Jest reporter (jest.config.js) that says why a run exits 1 when every test passed. Jest sets
 * `process.exitCode = 1` without failing any test when code of a test file runs after the file ended
 * and logs through `console` or loads a module ("Cannot log after tests are done", "You are trying to
 * `require` a file after the Jest environment has been torn down"). It prints that error once, at the
 * time, often thousands of lines before the end of a CI log. This reporter keeps those messages and
 * prints them again after the summary, where the tail of the log shows them. Plain JavaScript: Jest
 * loads reporters without its transform.
 */
const signs = [/Cannot log after tests are done/, /after the Jest environment has been torn down/];

/** The explanation for a run's end, or null when there is nothing to explain (pure). */
function explainExitCode({ failedTests, failedSuites, exitCode, captured }) {
  if (failedTests > 0 || failedSuites > 0 || !exitCode) return null;
  const seen = captured.length ? captured.join('\n') : '(no such message was printed; the exit code was set elsewhere)';
  return [
    `jest: every test passed, yet the run exits ${exitCode}: code of a test file ran after that file had ended,`,
    'and Jest sets the exit code then. What it printed at the time:',
    seen,
  ].join('\n');
}

class ExitCodeReporter {
  constructor() {
    this.captured = [];
    this.explained = false;
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk, ...rest) => {
      const text = String(chunk);
      if (this.captured.length < 5 && signs.some((sign) => sign.test(text))) this.captured.push(text.trim().slice(0, 3000));
      return write(chunk, ...rest);
    };
    this.results = null;
    process.once('exit', (code) => this.explain(code));
  }

  onRunComplete(_contexts, results) {
    this.results = results;
    this.explain(process.exitCode);
  }

  explain(exitCode) {
    if (this.explained || !this.results) return;
    const text = explainExitCode({
      failedTests: this.results.numFailedTests,
      failedSuites: this.results.numFailedTestSuites + this.results.numRuntimeErrorTestSuites,
      exitCode: Number(exitCode ?? 0),
      captured: this.captured,
    });
    if (text === null) return;
    this.explained = true;
    process.stderr.write(`\n${text}\n`);
  }
}

module.exports = ExitCodeReporter;
module.exports.explainExitCode = explainExitCode;
