import { createServer } from 'node:net';
import { requireStack } from './requireStack';
import { StackError } from './StackError';

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('requireStack', () => {
  it('names every part of the stack that does not answer and the command to run first, in one line', async () => {
    const [kafka, registry, postgres] = [await closedPort(), await closedPort(), await closedPort()];
    const failure = requireStack({ kafkaBrokers: [`127.0.0.1:${kafka}`], registryUrl: `http://127.0.0.1:${registry}/apis/ccompat/v7`, databaseUrl: `postgres://postgres@127.0.0.1:${postgres}/x` });
    await expect(failure).rejects.toThrow(StackError);
    const message = await failure.catch((err: Error) => err.message);
    expect(message).toBe(`this needs the running stack, and nothing answers as Kafka at 127.0.0.1:${kafka}, the schema registry at 127.0.0.1:${registry}, PostgreSQL at 127.0.0.1:${postgres}: start it first with \`npm run stack -- up\``);
    expect(message).not.toContain('\n');
  });
});
