import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import type { ISocketFactoryArgs } from 'kafkajs';
import { noDelaySocketFactory } from './noDelaySocketFactory';

describe('noDelaySocketFactory', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((peer) => peer.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects with Nagle\'s algorithm off and keep-alive on, calling back once connected', async () => {
    const noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    const keepAlive = jest.spyOn(Socket.prototype, 'setKeepAlive');
    const { port } = server.address() as AddressInfo;
    let socket: Socket | undefined;
    await new Promise<void>((resolve) => {
      // Without TLS kafkajs passes no `ssl` options (its type says they are always there).
      socket = noDelaySocketFactory({ host: '127.0.0.1', port, ssl: undefined as unknown as ISocketFactoryArgs['ssl'], onConnect: resolve });
    });
    expect(noDelay).toHaveBeenCalledWith(true);
    expect(noDelay.mock.contexts).toContain(socket);
    expect(keepAlive).toHaveBeenCalledWith(true, 60_000);
    socket?.destroy();
    noDelay.mockRestore();
    keepAlive.mockRestore();
  });
});
