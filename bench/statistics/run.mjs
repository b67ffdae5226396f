// Statistics at campaign scale: 100,000 contracts and 10,000 enterprises across the 21 Sichuan cities, seeded straight
// into the database in batches; times the official table as JSON (also split by city) and as xlsx through the built
// server, on SQLite and on MariaDB, against the bare aggregate SQL run through the driver in the same run.
//   node bench/statistics/run.mjs [--no-build] [--only sqlite|mysql] [--contracts 100000] [--enterprises 10000] [--rounds 20]
// The ledger alone (附件2, 10,000 enterprises), against the bare reads of its rows and optionally another build:
//   node bench/statistics/run.mjs --ledger-only [--before-dist DIR] [--before-label TEXT] [--profile DIR]
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const CONTRACTS = Number(opt('contracts', 100_000));
const ENTERPRISES = Number(opt('enterprises', 10_000));
const ROUNDS = Number(opt('rounds', 20));
const ONLY = opt('only', null);
const PROFILE_DIR = opt('profile', null);
const LEDGER_ONLY = args.includes('--ledger-only');
const BEFORE_DIST = opt('before-dist', null);
const BEFORE_LABEL = opt('before-label', BEFORE_DIST);
const MYSQL_URL = process.env.BENCH_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
const PERIOD = 'from=2024-03-05&to=2024-06-05';

if (!args.includes('--no-build')) execSync('npm run build -w shared-types && npm run build -w server', { cwd: root, stdio: 'inherit' });

// ---- data ----

/** A small seeded generator: every run seeds the same records. */
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
const { areaList } = require('@vant/area-data');
const CITIES = Object.keys(areaList.city_list).filter((c) => c.startsWith('51'));
const COUNTIES = Object.keys(areaList.county_list).filter((c) => c.startsWith('51'));
const SCOPES = ['enterprise', 'new_employment', 'industry_regional'];
const KINDS = ['comprehensive', 'wage', 'safety_health', 'women_workers'];
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d, n) => day(Date.parse(d) + n * 86400000);

function* enterpriseRows(rnd) {
  for (let i = 0; i < ENTERPRISES; i++) {
    const region = COUNTIES[Math.floor(rnd() * COUNTIES.length)];
    yield [
      randomUUID(),
      'enterprise',
      `压测企业${i}号有限公司`,
      region,
      `91${region}${String(i).padStart(9, '0')}X`,
      'rider',
      rnd() < 0.05 ? 1 : 0,
      50 + Math.floor(rnd() * 5000),
      rnd() < 0.1 ? 1 : 0,
      rnd() < 0.6 ? 1 : 0,
    ];
  }
}

function* contractRows(rnd, enterpriseIds) {
  for (let i = 0; i < CONTRACTS; i++) {
    const region = rnd() < 0.1 ? CITIES[Math.floor(rnd() * CITIES.length)] : COUNTIES[Math.floor(rnd() * COUNTIES.length)];
    const signedAt = day(Date.UTC(2022, 0, 1) + Math.floor(rnd() * 1095) * 86400000);
    const years = 1 + Math.floor(rnd() * 3);
    const expiresAt = addDays(`${Number(signedAt.slice(0, 4)) + years}${signedAt.slice(4)}`, -1);
    const filedAt = rnd() < 0.6 ? addDays(signedAt, 5) : null;
    const party = enterpriseIds[Math.floor(rnd() * enterpriseIds.length)];
    yield {
      contract: [
        randomUUID(),
        SCOPES[Math.floor(rnd() * 3)],
        KINDS[Math.floor(rnd() * 4)],
        `压测合同${i}`,
        region,
        signedAt,
        signedAt,
        expiresAt,
        1 + Math.floor(rnd() * 30),
        1 + Math.floor(rnd() * 3000),
        filedAt,
        filedAt ? addDays(filedAt, 15) : null,
      ],
      party,
    };
  }
}

const ORG_COLS = '(id, type, name, regionCode, uscc, industry, isPlatform, employees, isKeyEnterprise, hasUnion)';
const CONTRACT_COLS =
  '(id, scope, kind, title, regionCode, signedAt, effectiveFrom, expiresAt, enterprisesCovered, workersCovered, filedAt, effectiveOn)';

/** Inserts in batches of 500 rows per statement, each table in one transaction. */
async function seed(exec) {
  const rnd = prng(20240305);
  const started = Date.now();
  const ids = [];
  let batch = [];
  const flush = async (table, cols, width) => {
    if (!batch.length) return;
    await exec(`INSERT INTO ${table} ${cols} VALUES ${batch.map(() => `(${Array(width).fill('?').join(', ')})`).join(', ')}`, batch.flat());
    batch = [];
  };
  await exec('BEGIN');
  for (const row of enterpriseRows(rnd)) {
    ids.push(row[0]);
    batch.push(row);
    if (batch.length === 500) await flush('organizations', ORG_COLS, 10);
  }
  await flush('organizations', ORG_COLS, 10);
  await exec('COMMIT');
  await exec('BEGIN');
  let parties = [];
  for (const { contract, party } of contractRows(rnd, ids)) {
    batch.push(contract);
    parties.push([contract[0], party]);
    if (batch.length === 500) {
      await flush('contracts', CONTRACT_COLS, 12);
      batch = parties;
      await flush('contract_parties', '(contractId, organizationId)', 2);
      parties = [];
    }
  }
  await flush('contracts', CONTRACT_COLS, 12);
  batch = parties;
  await flush('contract_parties', '(contractId, organizationId)', 2);
  await exec('COMMIT');
  // A ledger of activities: 2,000 lines, the enterprise ones naming 1–5 enterprises each.
  await exec('BEGIN');
  const types = [
    'guidance_team_formed',
    'typical_case',
    'onsite_event',
    'training_session',
    'representatives_trained',
    'enterprise_guided',
    'enterprise_researched',
    'quality_evaluated',
  ];
  const named = [];
  for (let i = 0; i < 2000; i++) {
    const id = randomUUID();
    const type = types[Math.floor(rnd() * types.length)];
    const region = COUNTIES[Math.floor(rnd() * COUNTIES.length)];
    const at = day(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 300) * 86400000);
    const enterprises =
      type.startsWith('enterprise') || type === 'quality_evaluated'
        ? [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => ids[Math.floor(rnd() * ids.length)]))]
        : [];
    batch.push([id, type, region, at, enterprises.length || 1 + Math.floor(rnd() * 50)]);
    for (const e of enterprises) named.push([id, e, rnd() < 0.3 ? 1 : 0, type, region, at]);
    if (batch.length === 500) await flush('activities', '(id, type, regionCode, occurredAt, count)', 5);
  }
  await flush('activities', '(id, type, regionCode, occurredAt, count)', 5);
  for (let i = 0; i < named.length; i += 500) {
    batch = named.slice(i, i + 500);
    await flush('activity_enterprises', '(activityId, organizationId, newEmployment, type, regionCode, occurredAt)', 6);
  }
  await exec('COMMIT');
  return Date.now() - started;
}

// ---- the bare aggregate SQL (baseline): the same statements statistics.queries.ts sends for section 一–五 ----

const BASELINE = [
  [
    `SELECT '' AS grp, scope, kind, COUNT(*) AS contracts, SUM(enterprisesCovered) AS e, SUM(workersCovered) AS w FROM contracts
     WHERE scope IN ('enterprise', 'new_employment', 'industry_regional') AND signedAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ? GROUP BY scope, kind`,
    ['2024-03-05', '2024-06-05', '510000', '519999'],
  ],
  [
    `SELECT '' AS grp, type, SUM(count) AS n FROM activities WHERE occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ?
     AND type NOT IN ('enterprise_guided', 'enterprise_researched', 'quality_evaluated') GROUP BY type`,
    ['2024-03-05', '2024-06-05', '510000', '519999'],
  ],
  [
    `SELECT '' AS grp, type, COUNT(DISTINCT organizationId) AS n FROM activity_enterprises
     WHERE type IN ('enterprise_guided', 'enterprise_researched', 'quality_evaluated') AND occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ? GROUP BY type`,
    ['2024-03-05', '2024-06-05', '510000', '519999'],
  ],
  [
    `SELECT COUNT(DISTINCT organizationId) AS n FROM activity_enterprises WHERE type = 'quality_evaluated' AND newEmployment = 1
     AND occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ?`,
    ['2024-03-05', '2024-06-05', '510000', '519999'],
  ],
  [
    `SELECT COUNT(*) AS k,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM contract_parties p CROSS JOIN contracts c WHERE p.organizationId = o.id AND c.id = p.contractId
         AND c.scope IN ('enterprise', 'new_employment') AND c.signedAt <= ? AND c.expiresAt >= ?
         AND NOT (c.objectionReceivedAt IS NOT NULL AND c.objectionReceivedAt <= ? AND (c.filedAt <= c.objectionReceivedAt OR c.filedAt > ?)))
         THEN 1 ELSE 0 END) AS own,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM contract_parties p CROSS JOIN contracts c WHERE p.organizationId = o.id AND c.id = p.contractId
         AND c.scope IN ('enterprise', 'new_employment') AND c.effectiveOn <= ? AND c.expiresAt >= ?) THEN 1 ELSE 0 END) AS inEffect,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM activity_enterprises ae WHERE ae.organizationId = o.id AND ae.type = 'quality_evaluated' AND ae.occurredAt <= ?) THEN 1 ELSE 0 END) AS q
     FROM organizations o WHERE o.isKeyEnterprise = 1 AND o.type = 'enterprise' AND o.regionCode BETWEEN ? AND ?`,
    ['2024-06-05', '2024-06-05', '2024-06-05', '2024-06-05', '2024-06-05', '2024-06-05', '2024-06-05', '510000', '519999'],
  ],
];

// ---- helpers ----

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
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function startServer(env, profile = null, dist = path.join(root, 'server/dist')) {
  const port = await freePort();
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`, `--cpu-prof-name=${profile}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, path.join(dist, 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      AUTH_DEV_LOGIN: '1',
      LOG_LEVEL: 'silent',
      H5_DIR: '',
      PORT: String(port),
      JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
      BALLOT_SECRET: 'bench-ballot-secret-that-is-long-enough-0123456',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
      SWEEP_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api`;
  await waitFor(`${base}/health`);
  return {
    base,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Sequential timings of `fn` after 3 warm-up calls: median and p95 in ms. */
async function time(fn, rounds = ROUNDS) {
  for (let i = 0; i < 3; i++) await fn();
  const ms = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)] };
}

function load(url, token, duration = 5) {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: 4, duration, headers: { authorization: `Bearer ${token}` } }, (err, r) =>
      err ? reject(err) : resolve(r),
    ),
  );
}

async function measure(kind, env, exec, closeDriver) {
  // 1. migrate (first start), 2. seed through the driver, 3. start again and measure.
  let server = await startServer(env);
  await server.stop();
  const seedMs = await seed(exec);
  const baseline = await time(async () => {
    for (const [sql, params] of BASELINE) await exec(sql, params);
  });
  server = await startServer(env);
  try {
    const login = await (
      await fetch(`${server.base}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: 'bench-admin', role: 'admin', regionCode: '510000' }),
      })
    ).json();
    const get = async (p) => {
      const r = await fetch(server.base + p, { headers: { authorization: `Bearer ${login.token}` } });
      if (!r.ok) throw new Error(`${p} → ${r.status} ${await r.text()}`);
      return p.includes('.xlsx') ? Buffer.from(await r.arrayBuffer()) : r.json();
    };
    const form = await get(`/statistics/form?regionCode=510000&${PERIOD}`);
    const total =
      Object.values(form.new_employment).reduce((n, f) => n + f.contracts, 0) +
      Object.values(form.enterprise).reduce((n, f) => n + f.contracts, 0) +
      Object.values(form.industry_regional).reduce((n, f) => n + f.contracts, 0);
    const json = await time(() => get(`/statistics/form?regionCode=510000&${PERIOD}`));
    const byCity = await time(() => get(`/statistics/form?regionCode=510000&${PERIOD}&groupBy=city`));
    const ne = await time(() => get(`/statistics/new-employment?regionCode=510000&${PERIOD}`));
    const xlsx = await time(() => get(`/statistics/form.xlsx?regionCode=510000&${PERIOD}`));
    const ledger = await time(() => get('/statistics/ledger.xlsx?regionCode=510000'), 3);
    const ac = await load(`${server.base}/statistics/form?regionCode=510000&${PERIOD}`, login.token);
    return {
      kind,
      seedMs,
      contractsInPeriod: total,
      baseline,
      json,
      byCity,
      ne,
      xlsx,
      ledger,
      loadRps: ac.requests.average,
      loadP99: ac.latency.p99,
      non2xx: ac.non2xx,
    };
  } finally {
    await server.stop();
    await closeDriver();
  }
}

// ---- the ledger alone ----

/** The bare reads of the ledger's rows through the driver: the enterprises a page at a time (the same keyset) with the
 *  contracts each is party to, then the region's industry and regional contracts — the data, without laying it out. */
async function bareLedgerReads(exec) {
  const renewed = `CASE WHEN EXISTS (SELECT 1 FROM contracts r WHERE r.renewsContractId = c.id AND r.signedAt <= ?) THEN 1 ELSE 0 END AS renewed`;
  const asOf = new Date().toISOString().slice(0, 10);
  let rows = 0;
  for (let after; ; ) {
    const page = await exec(
      `SELECT id, name, regionCode, uscc, industry, isPlatform, hasUnion, unionisedAt, employees, isKeyEnterprise FROM organizations
        WHERE type = 'enterprise' AND regionCode BETWEEN ? AND ?
        ${after ? 'AND regionCode >= ? AND NOT (regionCode = ? AND (name < ? OR (name = ? AND id <= ?)))' : ''}
        ORDER BY regionCode, name, id LIMIT 1000`,
      ['510000', '519999', ...(after ? [after.regionCode, after.regionCode, after.name, after.name, after.id] : [])],
    );
    const list = Array.isArray(page[0]) ? page[0] : page;
    if (!list.length) break;
    after = list[list.length - 1];
    const ids = list.map((e) => e.id);
    const contracts = await exec(
      `SELECT p.organizationId, c.id, c.scope, c.kind, c.signedAt, c.expiresAt, ${renewed} FROM contract_parties p
        INNER JOIN contracts c ON c.id = p.contractId WHERE p.organizationId IN (${ids.map(() => '?').join(', ')}) AND c.signedAt <= ?`,
      [asOf, ...ids, asOf],
    );
    rows += list.length + (Array.isArray(contracts[0]) ? contracts[0] : contracts).length;
    if (list.length < 1000) break;
  }
  const industry = await exec(
    `SELECT c.id, c.packageId, c.kind, c.title, c.regionCode, c.signedAt, c.expiresAt, ${renewed} FROM contracts c
      WHERE c.scope = 'industry_regional' AND c.regionCode BETWEEN ? AND ? AND c.signedAt <= ? ORDER BY c.signedAt, c.id`,
    [asOf, '510000', '519999', asOf],
  );
  return rows + (Array.isArray(industry[0]) ? industry[0] : industry).length;
}

/**
 * The ledger of the whole province from this build (and from `--before-dist`), in turns with the bare reads, so each
 * round meets the same load: ROUNDS rounds after one warm-up, median and p95 of each. Both servers run at once on
 * the same seeded database.
 */
async function measureLedger(kind, env, exec, closeDriver) {
  const server = await startServer(env);
  await server.stop();
  const seedMs = await seed(exec);
  const load = os.loadavg()[0];
  const servers = [{ label: 'now', server: await startServer(env, PROFILE_DIR ? `ledger-${kind}` : null) }];
  if (BEFORE_DIST) servers.push({ label: 'before', server: await startServer(env, null, path.resolve(BEFORE_DIST)) });
  try {
    const fetchLedger = async (s, format) => {
      s.login ??= await (
        await fetch(`${s.server.base}/auth/dev-login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: 'bench-admin', role: 'admin', regionCode: '510000' }),
        })
      ).json();
      const login = s.login;
      const r = await fetch(`${s.server.base}/statistics/ledger.${format}?regionCode=510000`, {
        headers: { authorization: `Bearer ${login.token}` },
      });
      if (!r.ok) throw new Error(`ledger → ${r.status} ${await r.text()}`);
      return Buffer.from(await r.arrayBuffer());
    };
    const timed = async (fn) => {
      const t = process.hrtime.bigint();
      const out = await fn();
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
    };
    const runs = {
      bare: [],
      ...Object.fromEntries(
        servers.flatMap((s) => [
          [`${s.label}:xlsx`, []],
          [`${s.label}:csv`, []],
        ]),
      ),
    };
    const bytes = {};
    let rowsRead = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const bare = await timed(() => bareLedgerReads(exec));
      rowsRead = bare.out;
      if (round) runs.bare.push(bare.ms);
      for (const s of servers) {
        for (const format of ['xlsx', 'csv']) {
          const r = await timed(() => fetchLedger(s, format));
          bytes[`${s.label}:${format}`] = r.out.length;
          if (round) runs[`${s.label}:${format}`].push(r.ms);
        }
      }
    }
    const stat = (ms) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return {
        median: sorted[Math.floor(sorted.length / 2)],
        p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
      };
    };
    return { kind, seedMs, load, rowsRead, bytes, ...Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, stat(v)])) };
  } finally {
    for (const s of servers) await s.server.stop();
    await closeDriver();
  }
}

const rows = [];
if (ONLY !== 'mysql') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-bench-stats-'));
  const file = path.join(dir, 'bench.sqlite');
  let db;
  const exec = async (sql, params = []) => {
    db ??= new Database(file);
    if (/^(BEGIN|COMMIT)$/.test(sql)) return db.exec(sql);
    const st = db.prepare(sql);
    return st.reader ? st.all(params) : st.run(params);
  };
  try {
    rows.push(await (LEDGER_ONLY ? measureLedger : measure)('SQLite', { DATA_DIR: dir, SQLITE_PATH: file }, exec, async () => db?.close()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ONLY !== 'sqlite') {
  const base = new URL(MYSQL_URL);
  const name = `xst_bench_stats_${process.pid}`;
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-bench-stats-'));
  let conn;
  const exec = async (sql, params = []) => {
    conn ??= await mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
      database: name,
    });
    if (/^(BEGIN|COMMIT)$/.test(sql)) return conn.query(sql === 'BEGIN' ? 'START TRANSACTION' : 'COMMIT');
    return conn.execute(
      sql,
      params.map((p) => (p === null ? null : p)),
    );
  };
  try {
    rows.push(
      await (LEDGER_ONLY ? measureLedger : measure)('MariaDB', { DATA_DIR: dir, DATABASE_URL: url.toString() }, exec, async () =>
        conn?.end(),
      ),
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- report ----

const f = (n) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());
const date = new Date().toISOString().slice(0, 10);
const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown';
for (const r of rows) console.log(JSON.stringify(r));
if (LEDGER_ONLY) {
  const before = BEFORE_DIST ? ' | before xlsx ms | before ratio | before csv ms' : '';
  const table = [
    `| database | bare reads of its rows ms | ledger.xlsx ms (median / p95) | ratio to bare reads | ledger.csv ms | ratio${before} |`,
    `|---|---:|---:|---:|---:|---:${BEFORE_DIST ? '|---:|---:|---:' : ''}|`,
    ...rows.map((r) => {
      const b = BEFORE_DIST
        ? ` | ${f(r['before:xlsx'].median)} | ${(r['before:xlsx'].median / r.bare.median).toFixed(1)}× | ${f(r['before:csv'].median)}`
        : '';
      return `| ${r.kind} | ${f(r.bare.median)} | ${f(r['now:xlsx'].median)} / ${f(r['now:xlsx'].p95)} | ${(r['now:xlsx'].median / r.bare.median).toFixed(1)}× | ${f(r['now:csv'].median)} | ${(r['now:csv'].median / r.bare.median).toFixed(1)}×${b} |`;
    }),
  ].join('\n');
  console.log(`\n${table}`);
  const marks = ['<!-- ledger:figures:start -->', '<!-- ledger:figures:end -->'];
  const md = path.join(root, 'BENCHMARKS.md');
  const text = readFileSync(md, 'utf8');
  const [a, b] = [text.indexOf(marks[0]), text.indexOf(marks[1])];
  if (rows.length === 2 && a >= 0 && b > a) {
    const loads = rows.map((r) => `${r.kind} ${r.load.toFixed(1)}`).join(', ');
    const vs = BEFORE_DIST ? `; before = ${BEFORE_LABEL}, served at the same time from the same database` : '';
    const block = `${marks[0]}\nMeasured ${date} on ${os.cpus().length} cores (${cpu}); ${ENTERPRISES.toLocaleString('en')} enterprises and ${CONTRACTS.toLocaleString('en')} contracts (${rows[0].rowsRead.toLocaleString('en')} rows read), whole province, ${ROUNDS} rounds after one warm-up, each round the bare reads then every file in turn; load average at the start ${loads}${vs}:\n\n${table}\n`;
    writeFileSync(md, text.slice(0, a) + block + text.slice(b));
    console.log('BENCHMARKS.md updated');
  }
  writeFileSync(path.join(root, 'bench/statistics/last-ledger-run.json'), `${JSON.stringify({ date, cpu, rows }, null, 2)}\n`);
  process.exit(0);
}
const table = [
  '| database | seed (s) | bare SQL of 一–五 ms | form JSON ms (median / p95) | ratio to bare SQL | by city ms | section 二 ms | form.xlsx ms (median / p95) | ledger.xlsx ms | form JSON at 4 connections req/s (p99 ms) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.kind} | ${f(r.seedMs / 1000)} | ${f(r.baseline.median)} | ${f(r.json.median)} / ${f(r.json.p95)} | ${(r.json.median / r.baseline.median).toFixed(1)}× | ${f(r.byCity.median)} | ${f(r.ne.median)} | ${f(r.xlsx.median)} / ${f(r.xlsx.p95)} | ${f(r.ledger.median)} | ${f(r.loadRps)} (${f(r.loadP99)}) |`,
  ),
].join('\n');
console.log(`\n${table}`);
const marks = ['<!-- statistics:figures:start -->', '<!-- statistics:figures:end -->'];
const md = path.join(root, 'BENCHMARKS.md');
if (rows.length === 2 && existsSync(md)) {
  const text = readFileSync(md, 'utf8');
  const [a, b] = [text.indexOf(marks[0]), text.indexOf(marks[1])];
  if (a >= 0 && b > a) {
    const block = `${marks[0]}\nMeasured ${date} on ${os.cpus().length} cores (${cpu}); ${CONTRACTS.toLocaleString('en')} contracts and ${ENTERPRISES.toLocaleString('en')} enterprises over the 21 cities (${rows[0].contractsInPeriod.toLocaleString('en')} signed in the period 2024-03-05 – 2024-06-05), whole province, ${ROUNDS} sequential requests after 3 warm-ups:\n\n${table}\n`;
    writeFileSync(md, text.slice(0, a) + block + text.slice(b));
    console.log('BENCHMARKS.md updated');
  }
}
writeFileSync(
  path.join(root, 'bench/statistics/last-run.json'),
  JSON.stringify({ date, cpu, cores: os.cpus().length, contracts: CONTRACTS, enterprises: ENTERPRISES, rounds: ROUNDS, rows }, null, 2) +
    '\n',
);
