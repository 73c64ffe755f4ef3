const { explainExitCode } = require('./exitCodeReporter') as {
  explainExitCode: (run: { failedTests: number; failedSuites: number; exitCode: number; captured: string[] }) => string | null;
};

describe('explainExitCode', () => {
  const torn = 'ReferenceError: You are trying to `require` a file after the Jest environment has been torn down.\n  at node_modules/kafkajs/src/protocol/requests/leaveGroup/index.js';

  it('repeats what Jest printed when every test passed and the run still exits 1', () => {
    const text = explainExitCode({ failedTests: 0, failedSuites: 0, exitCode: 1, captured: [torn] });
    expect(text).toContain('every test passed, yet the run exits 1');
    expect(text).toContain('leaveGroup/index.js');
  });

  it('says so when nothing was captured', () => {
    expect(explainExitCode({ failedTests: 0, failedSuites: 0, exitCode: 1, captured: [] })).toContain('no such message was printed');
  });

  it('stays quiet when a test failed (the failure explains the exit code) or the run exits 0', () => {
    expect(explainExitCode({ failedTests: 1, failedSuites: 1, exitCode: 1, captured: [torn] })).toBeNull();
    expect(explainExitCode({ failedTests: 0, failedSuites: 1, exitCode: 1, captured: [] })).toBeNull();
    expect(explainExitCode({ failedTests: 0, failedSuites: 0, exitCode: 0, captured: [torn] })).toBeNull();
  });
});
