import { decideWorkerExit } from './workerExit';

describe('decideWorkerExit', () => {
  it('given a worker that was serving, when it exits, then a new one takes its place', () => {
    expect(decideWorkerExit({ shuttingDown: false, wasListening: true })).toBe('replace');
  });

  it('given a worker that never listened, when it exits, then the service stops instead of forking again', () => {
    expect(decideWorkerExit({ shuttingDown: false, wasListening: false })).toBe('stop');
  });

  it('given a primary that is stopping, when its workers exit, then nothing is done about them', () => {
    expect(decideWorkerExit({ shuttingDown: true, wasListening: true })).toBe('ignore');
    expect(decideWorkerExit({ shuttingDown: true, wasListening: false })).toBe('ignore');
  });
});
