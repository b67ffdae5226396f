// Ballot submissions per second and p99 latency at 50 connections with distinct workers, on SQLite and MariaDB,
// against a bare node:http + driver insert measured in the same run. Writes the figures to BENCHMARKS.md.
//   node bench/ballots/run.mjs [--no-build] [--duration 10] [--workers 1000] [--only sqlite|mysql]
//     [--profile DIR]      CPU profile of the server during the measured load → DIR/server-<db>.cpuprofile
//     [--log-level L]      the server's LOG_LEVEL (default info: every request writes its log line, as in production)
//     [--before-dist DIR]  also bench another build of the server (e.g. the previous commit's dist) in the same run
//     [--before-label L]   how BENCHMARKS.md names that build (e.g. its commit)
//     [--no-baseline]      the ballot endpoint only (with --profile or while iterating; BENCHMARKS.md untouched)
//     [--pairs N]          with --before-dist: N pairs of both builds, the order alternating pair by pair (on a busy
//                          machine one pair is noise); the figures are each build's median and the median pair ratio
import autocannon from 'autocannon';
import { execSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const DURATION = Number(opt('duration', 10));
const WORKERS = Number(opt('workers', 1000));
const CONNECTIONS = 50;
const ONLY = opt('only', null);
const PROFILE_DIR = opt('profile', null);
const NO_BASELINE = args.includes('--no-baseline');
const LOG_LEVEL = opt('log-level', 'info');
const BEFORE_DIST = opt('before-dist', null);
/** How the figures block names the other build (`--before-label`, e.g. a commit), its folder otherwise. */
const BEFORE_DIST_LABEL = opt('before-label', BEFORE_DIST);
const PAIRS = Number(opt('pairs', 1));
const MYSQL_URL = process.env.BENCH_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';

if (!args.includes('--no-build')) {
  execSync('npm run build -w shared-types && npm run build -w server', { cwd: root, stdio: 'inherit' });
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor(url, ms = 60000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function call(base, method, p, token, body) {
  const r = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(json)}`);
  return json;
}

async function pool(n, limit, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/** 50 connections for DURATION seconds; each request from the next worker in turn (setupRequest rotates tokens). */
function load(url, makeRequest, duration = DURATION) {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration,
        requests: [{ setupRequest: (req) => ({ ...req, ...makeRequest(i++) }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/** CPU time a process has used so far, in ms (user + system from /proc/<pid>/stat, 10 ms clock ticks). */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  total: r.requests.total,
});

async function createMysqlDb() {
  const base = new URL(MYSQL_URL);
  const name = `xst_bench_${process.pid}_${Date.now() % 100000}`;
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

/** Ballots stored for one consultation, read straight from the database. */
async function storedBallots(kind, dir, db, consultationId) {
  const sql = 'SELECT COUNT(*) AS n FROM ballots WHERE consultationId = ?';
  if (kind === 'mysql') {
    const conn = await mysql.createConnection(db.url);
    try {
      const [rows] = await conn.query(sql, [consultationId]);
      return Number(rows[0].n);
    } finally {
      await conn.end();
    }
  }
  const sqlite = new Database(path.join(dir, 'bench.sqlite'), { readonly: true });
  try {
    return Number(sqlite.prepare(sql).get(consultationId).n);
  } finally {
    sqlite.close();
  }
}

async function benchServer(kind, dir, dist = path.join(root, 'server/dist')) {
  const port = await freePort();
  const db = kind === 'mysql' ? await createMysqlDb() : null;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    AUTH_DEV_LOGIN: '1',
    PORT: String(port),
    LOG_LEVEL,
    H5_DIR: '',
    DATA_DIR: dir,
    JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
    BALLOT_SECRET: 'bench-ballot-secret-that-is-long-enough-0123456',
    // The bench drives every request from one address and re-votes each worker many times: lift the limits.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000000',
    RATE_LIMIT_BALLOT_PER_MINUTE: '10000000',
    SWEEP_INTERVAL_SECONDS: '0',
    ...(db ? { DATABASE_URL: db.url } : { SQLITE_PATH: path.join(dir, 'bench.sqlite') }),
  };
  const profileOut = PROFILE_DIR ? path.resolve(PROFILE_DIR, `server-${kind}.cpuprofile`) : null;
  const child = profileOut
    ? fork(path.join(root, 'bench/ballots/profile-server.mjs'), [], {
        env: { ...env, PROFILE_OUT: profileOut },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      })
    : spawn(process.execPath, [path.join(dist, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const ask = (msg, reply) =>
    new Promise((resolve) => {
      child.on('message', function on(m) {
        if (m === reply) {
          child.off('message', on);
          resolve();
        }
      });
      child.send(msg);
    });
  const base = `http://127.0.0.1:${port}/api`;
  try {
    await waitFor(`${base}/health`);
    const org = await call(base, 'POST', '/auth/dev-login', null, { openid: 'bench-organizer', role: 'organizer', regionCode: '510100' });
    const now = Date.now();
    const c = await call(base, 'POST', '/consultations', org.token, {
      title: '压测：议题征集',
      regionCode: '510100',
      industries: ['rider'],
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 86400_000).toISOString(),
      mode: 'multiple',
      maxChoices: 2,
      topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }, { code: 'workload' }],
    });
    const tokens = await pool(WORKERS, 20, async (i) => {
      const w = await call(base, 'POST', '/auth/dev-login', null, { openid: `bench-w-${i}`, role: 'worker' });
      await call(base, 'PATCH', '/me', w.token, { regionCode: ['510104', '510105', '510106', '510107'][i % 4], industry: 'rider' });
      return w.token;
    });
    const topics = c.topics.map((t) => t.id);
    const request = (i) => ({
      method: 'PUT',
      path: `/api/consultations/${c.id}/ballot`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % WORKERS]}` },
      body: JSON.stringify({ choices: [topics[i % 4], topics[(i + 1 + (i >> 3)) % 4]].filter((t, k, a) => a.indexOf(t) === k) }),
    });
    await load(`http://127.0.0.1:${port}`, request, 2); // warm-up
    if (profileOut) await ask('profile:start', 'profile:started');
    const cpu0 = cpuMs(child.pid);
    const result = summary(await load(`http://127.0.0.1:${port}`, request));
    // The server's CPU per acknowledged ballot: on a machine busy with other work, steadier than req/s.
    result.cpuMsPerBallot = (cpuMs(child.pid) - cpu0) / Math.max(result.total, 1);
    if (profileOut) {
      await ask('profile:stop', 'profile:written');
      console.log(`profile written to ${profileOut}`);
    }
    // Counted in the table itself (the results are published in steps, and a build without kept counts has none).
    result.ballotsStored = await storedBallots(kind, dir, db, c.id);
    if (!(result.ballotsStored > 0) || result.ballotsStored > WORKERS) {
      throw new Error(`expected between 1 and ${WORKERS} ballots, the table holds ${result.ballotsStored}`);
    }
    return result;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db?.drop();
  }
}

async function benchBaseline(kind, dir) {
  const port = await freePort();
  const db = kind === 'mysql' ? await createMysqlDb() : null;
  const child = fork(path.join(root, 'bench/ballots/baseline.mjs'), [], {
    env: { ...process.env, PORT: String(port), ...(db ? { DATABASE_URL: db.url } : { SQLITE_PATH: path.join(dir, 'baseline.sqlite') }) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`baseline exited ${code}`)));
    });
    const request = (i) => ({
      method: 'PUT',
      path: '/api/consultations/00000000-0000-4000-8000-000000000000/ballot',
      headers: { 'content-type': 'application/json', authorization: `Bearer token-${i % WORKERS}` },
      body: JSON.stringify({ choices: ['a', 'b'] }),
    });
    await load(`http://127.0.0.1:${port}`, request, 2);
    return summary(await load(`http://127.0.0.1:${port}`, request));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db?.drop();
  }
}

async function mysqlReachable() {
  const u = new URL(MYSQL_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 3306) });
    s.setTimeout(2000);
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(false));
  });
}

const LOAD_BEFORE = os.loadavg()[0];
const kinds = ['sqlite', 'mysql'].filter((k) => !ONLY || k === ONLY);
const rows = [];
for (const kind of kinds) {
  if (kind === 'mysql' && !(await mysqlReachable())) {
    console.warn(`MariaDB at ${MYSQL_URL} does not answer: skipped`);
    continue;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-bench-'));
  try {
    // Each server run on its own SQLite file (MariaDB: its own database), so no build reads the other's rows.
    const fresh = () => mkdtempSync(path.join(dir, 'run-'));
    const byMedian = (runs) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)];
    const nows = [];
    const befores = [];
    const pairs = [];
    for (let p = 0; p < (BEFORE_DIST ? PAIRS : 1); p++) {
      const runNow = async () => {
        console.log(`\n[${kind}] ballot endpoint…`);
        const r = await benchServer(kind, fresh());
        console.log(r);
        nows.push(r);
        return r;
      };
      const runBefore = async () => {
        console.log(`[${kind}] ballot endpoint, ${BEFORE_DIST}…`);
        const r = await benchServer(kind, fresh(), path.resolve(BEFORE_DIST));
        console.log(r);
        befores.push(r);
        return r;
      };
      if (!BEFORE_DIST) await runNow();
      else if (p % 2 === 0) pairs.push({ now: await runNow(), before: await runBefore() });
      else {
        const before = await runBefore();
        pairs.push({ now: await runNow(), before });
      }
    }
    const server = byMedian(nows);
    const before = befores.length ? byMedian(befores) : undefined;
    if (NO_BASELINE) continue;
    console.log(`[${kind}] baseline…`);
    const baseline = await benchBaseline(kind, dir);
    console.log(baseline);
    rows.push({
      kind,
      server,
      baseline,
      ratio: server.rps / baseline.rps,
      ...(before ? { before, beforeRatio: before.rps / baseline.rps } : {}),
      ...(pairs.length > 1
        ? {
            pairs: pairs.map((x) => ({
              now: x.now.rps,
              before: x.before.rps,
              ratio: x.now.rps / x.before.rps,
              cpuNow: x.now.cpuMsPerBallot,
              cpuBefore: x.before.cpuMsPerBallot,
            })),
          }
        : {}),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
const date = new Date().toISOString().slice(0, 10);
const label = { sqlite: 'SQLite (WAL)', mysql: 'MariaDB' };
const baselineLabel = { sqlite: 'node:http + better-sqlite3', mysql: 'node:http + mysql2 pool' };
// With --before-dist, the other build's figures sit in the same table: same run, same baseline.
const withBefore = rows.some((r) => r.before);
const table = [
  `| database | ballot PUT req/s | p99 ms | baseline | baseline req/s | p99 ms | ratio |${withBefore ? ' before req/s | before p99 ms | before ratio |' : ''}`,
  `|---|---:|---:|---|---:|---:|---:|${withBefore ? '---:|---:|---:|' : ''}`,
  ...rows.map(
    (r) =>
      `| ${label[r.kind]} | ${r.server.rps} | ${r.server.p99} | ${baselineLabel[r.kind]} | ${r.baseline.rps} | ${r.baseline.p99} | ${r.ratio.toFixed(2)}× |${
        r.before ? ` ${r.before.rps} | ${r.before.p99} | ${r.beforeRatio.toFixed(2)}× |` : withBefore ? ' | | |' : ''
      }`,
  ),
].join('\n');
console.log(`\n${table}`);
for (const r of rows)
  if (r.before)
    console.log(
      `${r.kind}: before ${r.before.rps} req/s (${r.beforeRatio.toFixed(2)}×), now ${r.server.rps} req/s (${r.ratio.toFixed(2)}×)`,
    );
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pairLines = rows
  .filter((r) => r.pairs)
  .map(
    (r) =>
      `${label[r.kind]}: ${r.pairs.length} pairs (now / before req/s, the first pair now first, then alternating): ${r.pairs
        .map((x) => `${x.now} / ${x.before}`)
        .join(
          ', ',
        )}; median now ÷ before ${median(r.pairs.map((x) => x.ratio)).toFixed(2)}; server CPU ms per ballot (now / before): ${r.pairs
        .map((x) => `${x.cpuNow.toFixed(2)} / ${x.cpuBefore.toFixed(2)}`)
        .join(', ')}, median now ÷ before ${median(r.pairs.map((x) => x.cpuNow / x.cpuBefore)).toFixed(2)}`,
  );
for (const l of pairLines) console.log(l);
for (const r of rows) {
  if (r.server.non2xx || r.server.errors)
    console.warn(`${r.kind}: ${r.server.non2xx} non-2xx, ${r.server.errors} errors/timeouts on the ballot endpoint`);
}
// The figures block of the Ballots section of BENCHMARKS.md is rewritten by each full run; the prose around it is not.
const marks = ['<!-- ballots:figures:start -->', '<!-- ballots:figures:end -->'];
const md = path.join(root, 'BENCHMARKS.md');
if (rows.length === 2 && existsSync(md)) {
  const text = readFileSync(md, 'utf8');
  const [a, b] = [text.indexOf(marks[0]), text.indexOf(marks[1])];
  if (a >= 0 && b > a) {
    const before = BEFORE_DIST ? `, before = ${BEFORE_DIST_LABEL}` : '';
    const medians = PAIRS > 1 && BEFORE_DIST ? ` (each build's median of ${PAIRS} runs)` : '';
    const block = `${marks[0]}\nMeasured ${date} on ${os.cpus().length} cores (${cpu}), ${CONNECTIONS} connections × ${DURATION} s after a 2 s warm-up, ${WORKERS} distinct workers in turn, autocannon in the parent process, server LOG_LEVEL=${LOG_LEVEL}, load average before the run ${LOAD_BEFORE.toFixed(1)}${before}${medians}:\n\n${table}\n${pairLines.length ? `\n${pairLines.map((l) => `- ${l}`).join('\n')}\n` : ''}`;
    writeFileSync(md, text.slice(0, a) + block + text.slice(b));
    console.log('BENCHMARKS.md updated');
  }
}
if (rows.length)
  writeFileSync(
    path.join(root, 'bench/ballots/last-run.json'),
    `${JSON.stringify(
      {
        date,
        cpu,
        cores: os.cpus().length,
        connections: CONNECTIONS,
        duration: DURATION,
        workers: WORKERS,
        logLevel: LOG_LEVEL,
        loadBefore: LOAD_BEFORE,
        rows,
      },
      null,
      2,
    )}\n`,
  );
if (rows.length) console.log(`\nfigures written to bench/ballots/last-run.json (date ${date}, ${os.cpus().length} cores, ${cpu})`);
