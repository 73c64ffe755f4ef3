import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stackDown, StackError, stackStatus, stackUp } from '../src/index';
import { ownerMarker, runningPid, stopProcess } from '../src/processes';

const quiet = { log: () => undefined };

describe('the local stack (against the real stack that globalSetup brought up)', () => {
  it('up twice is idempotent: same pids, nothing started', async () => {
    const first = await stackUp(quiet);
    const second = await stackUp(quiet);

    expect(second.started.map((start) => start.action)).toEqual(['already-running', 'already-running']);
    expect(pids(second.status)).toEqual(pids(first.status));
  });

  it('status reports every component running and healthy', async () => {
    const status = await stackStatus();

    expect(status.healthy).toBe(true);
    expect(status.components.map(({ name, state, health }) => ({ name, state, health }))).toEqual([
      { name: 'postgres', state: 'external', health: 'ok' },
      { name: 'kafka', state: 'running', health: 'ok' },
      { name: 'registry', state: 'running', health: 'ok' },
    ]);
    expect(status.endpoints.kafkaBrokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
  });

  it('a registry restart keeps the ids of registered schemas (SQL storage)', async () => {
    const { registryUrl } = (await stackStatus()).endpoints;
    const subject = `stack-int-${randomUUID()}-value`;
    const schema = { type: 'record', name: 'Probe', namespace: 'conveyor.stack', fields: [{ name: 'id', type: 'string' }] };
    const registered = await registry(`${registryUrl}/subjects/${subject}/versions`, {
      method: 'POST',
      body: JSON.stringify({ schema: JSON.stringify(schema), schemaType: 'AVRO' }),
    });
    const before = pids((await stackStatus())).registry;

    try {
      await stackDown({ ...quiet, components: ['registry'] });
      const restarted = await stackUp({ ...quiet, components: ['registry'] });

      expect(restarted.started).toEqual([expect.objectContaining({ name: 'registry', action: 'started' })]);
      expect(pids(restarted.status).registry).not.toBe(before);
      const latest = await registry(`${registryUrl}/subjects/${subject}/versions/latest`);
      expect(latest).toMatchObject({ id: registered.id, subject, version: 1 });
    } finally {
      await registry(`${registryUrl}/subjects/${subject}`, { method: 'DELETE' }).catch(() => undefined);
      await registry(`${registryUrl}/subjects/${subject}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
    }
  });

  it('down never signals a pid that is not our java command line', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conveyor-stack-'));
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      for (const name of ['kafka', 'registry']) {
        fs.mkdirSync(path.join(stateDir, name));
        fs.writeFileSync(path.join(stateDir, name, `${name}.pid`), `${stranger.pid}\n`);
      }

      const stops = await stackDown({ ...quiet, env: { ...process.env, CONVEYOR_STATE_DIR: stateDir } });

      expect(stops.map((stop) => stop.outcome)).toEqual(['not-running', 'not-running']);
      expect(stranger.exitCode).toBeNull();
      expect(() => process.kill(stranger.pid as number, 0)).not.toThrow();
    } finally {
      stranger.kill();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('down escalates to SIGKILL when SIGTERM is ignored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conveyor-stack-'));
    const paths = { dir, log: path.join(dir, 'stubborn.log'), pidFile: path.join(dir, 'stubborn.pid') };
    const ignoreTerm = "process.on('SIGTERM', () => undefined); setInterval(() => undefined, 1000); console.log('ready')";
    const stubborn = spawn(process.execPath, ['-e', ignoreTerm, '--', ownerMarker(paths)], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      fs.writeFileSync(paths.pidFile, `${stubborn.pid}\n`);
      // Signalled before its handler is installed, it would simply die of SIGTERM.
      await new Promise((resolve) => stubborn.stdout.once('data', resolve));
      expect(runningPid(paths)).toBe(stubborn.pid);

      const outcome = await stopProcess(paths, 500);

      expect(outcome).toBe('killed');
      expect(runningPid(paths)).toBeUndefined();
      expect(fs.existsSync(paths.pidFile)).toBe(false);
    } finally {
      stubborn.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('up refuses a port taken by a process it did not start, naming it', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conveyor-stack-'));
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const env = { ...process.env, CONVEYOR_STATE_DIR: stateDir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(port + 1) };

      const up = stackUp({ ...quiet, env, components: ['kafka'] });

      await expect(up).rejects.toThrow(StackError);
      await expect(up).rejects.toThrow(new RegExp(`^port ${port} \\(kafka\\) is already taken by pid ${process.pid}: `));
    } finally {
      squatter.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

function pids(status: { components: Array<{ name: string; pid?: number }> }): Record<string, number | undefined> {
  return Object.fromEntries(status.components.map((component) => [component.name, component.pid]));
}

/** Calls the Confluent-compatible registry API and returns the JSON body, failing on non-2xx. */
async function registry(url: string, init: { method?: string; body?: string } = {}): Promise<{ id: number; subject: string; version: number }> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' } });
  const body = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as { id: number; subject: string; version: number };
}
