import fs from 'node:fs';
import net from 'node:net';
import { commandLine } from './processes';

/** True when something accepts TCP connections on `host:port` within `timeoutMs` milliseconds. Internal. */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Describes the process listening on `port` ("pid 123: java -Xmx… kafka.Kafka …"), read from
 * /proc so that a "port taken" error names the culprit; undefined when it cannot be told. Internal.
 */
export function portOwner(port: number): string | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readLines(table).slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1] ?? '';
      // State 0A is LISTEN; the local address ends in the port in hex.
      if (fields[3] === '0A' && parseInt(local.split(':').pop() ?? '', 16) === port && fields[9]) {
        inodes.add(fields[9]);
      }
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of safeReaddir('/proc').filter((name) => /^\d+$/.test(name))) {
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      const target = safeReadlink(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const command = commandLine(Number(pid)).join(' ');
        return `pid ${pid}: ${command.length > 120 ? `${command.slice(0, 117)}...` : command}`;
      }
    }
  }
  return undefined;
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeReadlink(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return '';
  }
}
