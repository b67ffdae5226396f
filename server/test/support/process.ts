// Runs the built server (server/dist/main.js) as a real process, for what only a process can show:
// signals, crashes and restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * How long a spawned server may take to answer its health check: a fresh database is migrated first, and on a
 * loaded two-core machine two instances starting together on MariaDB took more than 30 s.
 */
export const START_WITHIN_MS = 90_000;

/** The ballot secret of a spawned server: journeys derive the codes of its printed roll sheets from it. */
export const PROCESS_BALLOT_SECRET = 'process-ballot-secret-that-is-long-enough-01234';

export async function spawnServer(env: Record<string, string>, port?: number, nodeArgs: string[] = []): Promise<ServerProcess> {
  port ??= await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'xst-proc-'));
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      AUTH_DEV_LOGIN: '1',
      JWT_SECRET: 'process-jwt-secret-that-is-long-enough-0123456',
      BALLOT_SECRET: PROCESS_BALLOT_SECRET,
      H5_DIR: '',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000000',
      RATE_LIMIT_BALLOT_PER_MINUTE: '10000000',
      DATA_DIR: dataDir,
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_WITHIN_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited at start:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within ${START_WITHIN_MS / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, port, output: () => out, exited };
}
