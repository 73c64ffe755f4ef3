import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs's own keep-alive delay on its sockets, in milliseconds. */
const keepAliveDelayMs = 60_000;

/**
 * kafkajs's socket factory with Nagle's algorithm off (TCP_NODELAY), as the Java client and the broker set
 * it (public through `createKafka`). kafkajs leaves it on: a small request written while an earlier one on
 * the same connection is unacknowledged waits for that ACK, which the receiver may delay by tens of
 * milliseconds. A consumer's heartbeat or offset commit behind its long-polling fetch, and a producer's
 * request behind another on the shared broker connection, waited so on every hop (issue 13).
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? connectTls({ host, port, ...(!isIP(host) ? { servername: host } : {}), ...ssl }, onConnect)
    : connectTcp({ host, port }, onConnect);
  socket.setKeepAlive(true, keepAliveDelayMs);
  socket.setNoDelay(true);
  return socket;
};
