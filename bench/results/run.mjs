// Results of one consultation at 1,000, 100,000 and 1,000,000 ballots, on SQLite and MariaDB: the ballots are seeded
// straight into the database, the kept counts made by `cli.js recount --repair` (the path the migration takes too),
// then 50 concurrent readers (autocannon, in this process) read the results through the built server while the
// server's RSS is sampled. Baseline in the same run: the consultation itself (GET /consultations/:id, one row through
// the same pipeline and the same sign-in). Writes the figures to BENCHMARKS.md.
//   node bench/results/run.mjs [--no-build] [--only sqlite|mysql] [--sizes 1000,100000,1000000] [--duration 10]
//     [--suggestions 0.02]   the share of ballots that carry a suggestion (20,000 at 1,000,000)
//     [--out FILE]           where each measured row is saved as it is done (default bench/results/last-run.json)
//     [--from FILE,FILE]     measure nothing: write BENCHMARKS.md from rows saved by earlier runs (e.g. the two
//                            databases measured by two processes at once)
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFileSync, execSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES = opt('sizes', '1000,100000,1000000').split(',').map(Number);
const DURATION = Number(opt('duration', 10));
const SUGGESTION_SHARE = Number(opt('suggestions', 0.02));
const CONNECTIONS = 50;
const SEQUENTIAL = 200;
const ONLY = opt('only', null);
/** `--dist DIR`: another build of the server (e.g. the previous commit's dist), its figures beside this one's. */
const DIST = path.resolve(opt('dist', path.join(root, 'server/dist')));
const MYSQL_URL = process.env.BENCH_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
const CITIES = ['510104', '510302', '510703', '511302']; // 成都, 自贡, 绵阳, 南充 (stored as their cities)

if (!args.includes('--no-build')) execSync('npm run build -w shared-types && npm run build -w server', { cwd: root, stdio: 'inherit' });

/** A small seeded generator: every run seeds the same ballots. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor(url, ms = 120000) {
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
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${text}`);
  return { json: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

async function createMysqlDb() {
  const base = new URL(MYSQL_URL);
  const name = `xst_bench_res_${process.pid}_${Date.now() % 100000}`;
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

function serverEnv(kind, dir, db, port) {
  return {
    ...process.env,
    NODE_ENV: 'development',
    AUTH_DEV_LOGIN: '1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    H5_DIR: '',
    DATA_DIR: dir,
    JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
    BALLOT_SECRET: 'bench-ballot-secret-that-is-long-enough-0123456',
    // Every reader comes from one address: lift the limits.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000000',
    RATE_LIMIT_BALLOT_PER_MINUTE: '10000000',
    SWEEP_INTERVAL_SECONDS: '0',
    ...(kind === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: path.join(dir, 'bench.sqlite') }),
  };
}

async function startServer(env) {
  const child = spawn(process.execPath, [path.join(DIST, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${env.PORT}/api`;
  await waitFor(`${base}/health`);
  return {
    child,
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** CPU time the process has used so far, in ms (user + system, /proc/<pid>/stat, clock ticks of 10 ms). */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

const rssMb = (pid) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : 0;
};

/** N ballots of one consultation, 1–3 of its 6 topics each, riders and couriers of the 4 cities. */
function* ballots(n, consultationId, topics) {
  const rnd = prng(n);
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(rnd() * 3);
    const choices = [];
    while (choices.length < k) {
      const t = topics[Math.floor(rnd() * topics.length)];
      if (!choices.includes(t)) choices.push(t);
    }
    yield [
      randomUUID(),
      consultationId,
      randomBytes(32).toString('hex'),
      JSON.stringify(choices),
      rnd() < SUGGESTION_SHARE ? `希望平台公开派单规则，第${i % 997}条意见` : null,
      rnd() < 0.7 ? 'rider' : 'courier',
      `${CITIES[Math.floor(rnd() * CITIES.length)].slice(0, 4)}00`,
      '2025-03-05 08:00:00.000',
    ];
  }
}

const COLS = '(id, consultationId, voterKey, choices, suggestion, industry, cityCode, submittedAt)';

async function seed(kind, env, n, consultationId, topics) {
  const started = Date.now();
  if (kind === 'sqlite') {
    const db = new Database(env.SQLITE_PATH);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(`INSERT INTO ballots ${COLS} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    let batch = [];
    const flush = db.transaction((rows) => {
      for (const r of rows) insert.run(...r);
    });
    for (const row of ballots(n, consultationId, topics)) {
      batch.push(row);
      if (batch.length === 50000) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    db.close();
  } else {
    const conn = await mysql.createConnection(env.DATABASE_URL);
    await conn.query('SET unique_checks = 0');
    let batch = [];
    const flush = async () => {
      if (!batch.length) return;
      await conn.query(`INSERT INTO ballots ${COLS} VALUES ?`, [batch]);
      batch = [];
    };
    await conn.query('START TRANSACTION');
    let sinceCommit = 0;
    for (const row of ballots(n, consultationId, topics)) {
      batch.push(row);
      if (batch.length === 1000) {
        await flush();
        if (++sinceCommit === 50) {
          await conn.query('COMMIT');
          await conn.query('START TRANSACTION');
          sinceCommit = 0;
        }
      }
    }
    await flush();
    await conn.query('COMMIT');
    await conn.end();
  }
  return (Date.now() - started) / 1000;
}

function load(url, token, duration, onTick) {
  return new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections: CONNECTIONS, duration, headers: { authorization: `Bearer ${token}` } }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    if (onTick) inst.on('tick', onTick);
  });
}

const summary = (r, cpu) => ({
  rps: Math.round(r.requests.average),
  /** The server's CPU time per answered request: what a read costs, whatever else the machine runs meanwhile. */
  cpuMsPerRequest: cpu / Math.max(r.requests.total, 1),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
});

async function benchSize(kind, n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-bench-results-'));
  const db = kind === 'mysql' ? await createMysqlDb() : null;
  const env = serverEnv(kind, dir, db, await freePort());
  try {
    // The schema and the consultation through the server; then the ballots straight into the table.
    let srv = await startServer(env);
    const org = (
      await call(srv.base, 'POST', '/auth/dev-login', null, { openid: 'bench-res-org', role: 'organizer', regionCode: '510000' })
    ).json;
    const now = Date.now();
    const c = (
      await call(srv.base, 'POST', '/consultations', org.token, {
        title: '压测：结果读取',
        regionCode: '510000',
        industries: ['rider', 'courier'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 86400_000).toISOString(),
        mode: 'multiple',
        maxChoices: 3,
        allowSuggestions: true,
        topics: [
          { code: 'commission_rate' },
          { code: 'algorithm' },
          { code: 'order_dispatch' },
          { code: 'workload' },
          { code: 'working_time' },
          { code: 'labour_protection' },
        ],
      })
    ).json;
    await srv.stop();
    const topics = c.topics.map((t) => t.id);
    console.log(`[${kind} ${n}] seeding…`);
    const seedS = await seed(kind, env, n, c.id, topics);
    console.log(`[${kind} ${n}] seeded in ${seedS.toFixed(1)} s; recount --repair…`);
    const repairStarted = Date.now();
    const repair = execFileSync(process.execPath, [path.join(DIST, 'cli.js'), 'recount', '--repair'], {
      env,
      encoding: 'utf8',
    });
    const repairS = (Date.now() - repairStarted) / 1000;
    if (!/rebuilt from the ballots/.test(repair)) throw new Error(`recount --repair did not rebuild: ${repair}`);
    console.log(`[${kind} ${n}] kept counts rebuilt in ${repairS.toFixed(1)} s`);

    srv = await startServer(env);
    const url = `http://127.0.0.1:${env.PORT}/api/consultations/${c.id}`;
    // Results are published in snapshots, each shown one step (RESULTS_STEP, 5) later: the first read takes the
    // snapshot of the seeded ballots, five workers vote, and the next read shows it — the read every rider makes.
    await call(srv.base, 'GET', `/consultations/${c.id}/results`, org.token);
    for (let i = 0; i < 5; i++) {
      const w = (await call(srv.base, 'POST', '/auth/dev-login', null, { openid: `bench-res-w${i}`, role: 'worker' })).json;
      await call(srv.base, 'PATCH', '/me', w.token, { regionCode: '510104', industry: 'rider' });
      await call(srv.base, 'PUT', `/consultations/${c.id}/ballot`, w.token, { choices: [topics[i % topics.length]] });
    }
    const first = await call(srv.base, 'GET', `/consultations/${c.id}/results`, org.token);
    if (first.json.ballots !== n) throw new Error(`results count ${first.json.ballots} ballots, seeded ${n}`);
    const rssIdle = rssMb(srv.child.pid);
    await load(`${url}/results`, org.token, 2); // warm-up
    // One reader alone, request after request: the cost of one results read without queueing behind the others.
    const alone = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = process.hrtime.bigint();
      await call(srv.base, 'GET', `/consultations/${c.id}/results`, org.token);
      alone.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    alone.sort((a, b) => a - b);
    const single = { p50: alone[Math.floor(SEQUENTIAL / 2)], p99: alone[Math.floor(SEQUENTIAL * 0.99)] };
    let cpu0 = cpuMs(srv.child.pid);
    const baselineRun = await load(url, org.token, DURATION);
    const baseline = summary(baselineRun, cpuMs(srv.child.pid) - cpu0);
    let rssMax = 0;
    cpu0 = cpuMs(srv.child.pid);
    const resultsRun = await load(`${url}/results`, org.token, DURATION, () => {
      rssMax = Math.max(rssMax, rssMb(srv.child.pid));
    });
    const results = summary(resultsRun, cpuMs(srv.child.pid) - cpu0);
    rssMax = Math.max(rssMax, rssMb(srv.child.pid));
    await srv.stop();
    const row = {
      kind,
      ballots: n,
      suggestions: first.json.suggestionCount,
      suggestionsInBody: first.json.suggestions.length,
      bodyBytes: first.bytes,
      seedS,
      repairS,
      results,
      single,
      baseline,
      rssIdle,
      rssMax,
    };
    console.log(row);
    return row;
  } finally {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
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

const OUT = path.resolve(opt('out', path.join(root, 'bench/results/last-run.json')));
const FROM = opt('from', null);
const saved = FROM ? FROM.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8'))) : [];
const LOAD_BEFORE = FROM ? Math.max(...saved.map((x) => x.loadBefore)) : os.loadavg()[0];
const rows = saved.flatMap((x) => x.rows);
const save = () =>
  writeFileSync(
    OUT,
    `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), cores: os.cpus().length, connections: CONNECTIONS, duration: DURATION, loadBefore: LOAD_BEFORE, rows }, null, 2)}\n`,
  );
for (const kind of ['sqlite', 'mysql'].filter((k) => !FROM && (!ONLY || k === ONLY))) {
  if (kind === 'mysql' && !(await mysqlReachable())) {
    console.warn(`MariaDB at ${MYSQL_URL} does not answer: skipped`);
    continue;
  }
  for (const n of SIZES) {
    rows.push(await benchSize(kind, n));
    save();
  }
}

const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
const date = new Date().toISOString().slice(0, 10);
const label = { sqlite: 'SQLite', mysql: 'MariaDB' };
const fmt = (n) => n.toLocaleString('en-US');
const table = [
  '| database | ballots | seed s | recount --repair s | results p50 ms | p99 ms | req/s | server CPU ms per request | baseline p50 ms | p99 ms | req/s | CPU ms per request | p50 ratio | CPU ratio | one reader p50 / p99 ms | body KB (suggestions in it / in all) | RSS MB idle / max under load |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${label[r.kind]} | ${fmt(r.ballots)} | ${r.seedS.toFixed(1)} | ${r.repairS.toFixed(1)} | ${r.results.p50} | ${r.results.p99} | ${r.results.rps} | ${r.results.cpuMsPerRequest.toFixed(2)} | ${r.baseline.p50} | ${r.baseline.p99} | ${r.baseline.rps} | ${r.baseline.cpuMsPerRequest.toFixed(2)} | ${(r.results.p50 / Math.max(r.baseline.p50, 1)).toFixed(2)}× | ${(r.results.cpuMsPerRequest / r.baseline.cpuMsPerRequest).toFixed(2)}× | ${r.single.p50.toFixed(1)} / ${r.single.p99.toFixed(1)} | ${(r.bodyBytes / 1024).toFixed(1)} (${fmt(r.suggestionsInBody)} / ${fmt(r.suggestions)}) | ${Math.round(r.rssIdle)} / ${Math.round(r.rssMax)} |`,
  ),
].join('\n');
const scaling = ['sqlite', 'mysql']
  .map((kind) => {
    const mine = rows.filter((r) => r.kind === kind).sort((a, b) => a.ballots - b.ballots);
    if (mine.length < 2) return null;
    const [lo, hi] = [mine[0], mine[mine.length - 1]];
    return `${label[kind]}: at ${fmt(hi.ballots)} over at ${fmt(lo.ballots)} ballots, 50 readers p50 ${(hi.results.p50 / Math.max(lo.results.p50, 1)).toFixed(2)}, p99 ${(hi.results.p99 / Math.max(lo.results.p99, 1)).toFixed(2)}; one reader p50 ${(hi.single.p50 / lo.single.p50).toFixed(2)}; server CPU per request ${(hi.results.cpuMsPerRequest / lo.results.cpuMsPerRequest).toFixed(2)}`;
  })
  .filter(Boolean);
console.log(`\n${table}\n\n${scaling.join('\n')}`);
for (const r of rows) {
  if (r.results.non2xx || r.results.errors || r.baseline.non2xx || r.baseline.errors)
    console.warn(`${r.kind} ${r.ballots}: non-2xx or errors ${JSON.stringify({ results: r.results, baseline: r.baseline })}`);
}
const marks = ['<!-- results:figures:start -->', '<!-- results:figures:end -->'];
const md = path.join(root, 'BENCHMARKS.md');
if (new Set(rows.map((r) => r.kind)).size === 2 && existsSync(md)) {
  const text = readFileSync(md, 'utf8');
  const [a, b] = [text.indexOf(marks[0]), text.indexOf(marks[1])];
  if (a >= 0 && b > a) {
    const block = `${marks[0]}\nMeasured ${date} on ${os.cpus().length} cores (${cpu}), a machine shared with other work (load average before the run ${LOAD_BEFORE.toFixed(1)}); one consultation, multiple choice of 6 topics, riders and couriers of 4 cities, ${SUGGESTION_SHARE * 100}% of ballots with a suggestion; ${CONNECTIONS} connections × ${DURATION} s after a 2 s warm-up (autocannon in the bench process), then one reader alone for ${SEQUENTIAL} requests; server LOG_LEVEL=info:\n\n${table}\n\n${scaling.map((l) => `- ${l}`).join('\n')}\n`;
    writeFileSync(md, text.slice(0, a) + block + text.slice(b));
    console.log('BENCHMARKS.md updated');
  }
}
if (rows.length && !FROM) save();
