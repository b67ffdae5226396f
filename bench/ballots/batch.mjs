// The ballot write path alone, without HTTP: the server's BallotBatcher committing batches of a fixed size on a
// fresh database, this build against another one (`--before-dist`, e.g. a build without the kept counts) in the same
// process, rounds alternating which goes first. What it reports per batch size: the CPU time of this process per
// ballot (on SQLite that is all of the database's work too; on MariaDB the database's own CPU, read from
// /proc/<mariadbd>/stat, is given beside it and is shared with whatever else the machine runs) and wall time per batch.
//   node bench/ballots/batch.mjs --before-dist DIR [--only sqlite|mysql] [--sizes 1,10,50] [--rounds 7] [--batches 40]
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const BEFORE_DIST = path.resolve(opt('before-dist', ''));
const ONLY = opt('only', null);
const SIZES = opt('sizes', '1,10,50').split(',').map(Number);
const ROUNDS = Number(opt('rounds', 7));
const BATCHES = Number(opt('batches', 40));
const WORKERS = 1000;
const MYSQL_URL = process.env.BENCH_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
const CITIES = ['510100', '510300', '510700', '511300'];

if (!opt('before-dist', null)) throw new Error('--before-dist DIR is required (the build to compare with)');
if (!args.includes('--no-build')) execSync('npm run build -w shared-types && npm run build -w server', { cwd: root, stdio: 'inherit' });

const load = async (dist) => ({
  BallotBatcher: (await import(pathToFileURL(path.join(dist, 'consultations/ballot-batcher.js')).href)).BallotBatcher,
  Transactions: (await import(pathToFileURL(path.join(dist, 'database/transactions.js')).href)).Transactions,
});
const nowDist = path.join(root, 'server/dist');
const builds = { now: await load(nowDist), before: await load(BEFORE_DIST) };
const { openDatabase } = await import(pathToFileURL(path.join(nowDist, 'database/data-source.js')).href);
const { ConsultationEntity } = await import(pathToFileURL(path.join(nowDist, 'consultations/consultation.entity.js')).href);
const { Clock } = await import(pathToFileURL(path.join(nowDist, 'common/clock.js')).href);

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const mariadbPid = (() => {
  try {
    return Number(execSync('pidof mariadbd || pidof mysqld', { encoding: 'utf8' }).trim().split(/\s+/)[0]) || null;
  } catch {
    return null;
  }
})();
const procCpuUs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function freshDb(kind, dir, name) {
  if (kind === 'sqlite') return { config: { databaseUrl: null, sqlitePath: path.join(dir, `${name}.sqlite`) }, drop: async () => {} };
  const base = new URL(MYSQL_URL);
  const db = `xst_bench_batch_${name}_${process.pid}`;
  const admin = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: base.username || 'root' });
  await admin.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(base.toString());
  url.pathname = `/${db}`;
  return {
    config: { databaseUrl: url.toString(), sqlitePath: '' },
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await admin.end();
    },
  };
}

/** A database with one open consultation, and a batcher of the given build on it. */
async function setUp(kind, dir, name, build) {
  const db = await freshDb(kind, dir, name);
  const ds = await openDatabase(db.config);
  const id = crypto.randomUUID();
  const now = Date.now();
  await ds.getRepository(ConsultationEntity).insert({
    id,
    title: '压测：写入',
    description: null,
    regionCode: '510000',
    industries: ['rider'],
    opensAt: new Date(now - 3600_000),
    closesAt: new Date(now + 86400_000),
    closedEarly: false,
    mode: 'multiple',
    maxChoices: 2,
    allowSuggestions: true,
    resultsVisibility: 'after_vote',
    revision: 0,
    organizationId: null,
    createdBy: null,
    eligibility: 'self_declared',
    platformOrgId: null,
    headcount: null,
    headcountSource: null,
  });
  const batcher = new build.BallotBatcher(new build.Transactions(ds), new Clock());
  const topics = ['t-commission', 't-algorithm', 't-dispatch', 't-workload'];
  let i = 0;
  /** `size` ballots submitted in one turn of the event loop: one batch. Each from the next worker, as bench/ballots does. */
  const batch = (size) =>
    Promise.all(
      Array.from({ length: size }, () => {
        const k = i++;
        const choices = [topics[k % 4], topics[(k + 1 + (k >> 3)) % 4]].filter((t, j, a) => a.indexOf(t) === j);
        return batcher.submit({
          consultationId: id,
          revision: 0,
          voterKey: `bench-voter-${String(k % WORKERS).padStart(4, '0')}`,
          choices,
          suggestion: null,
          industry: 'rider',
          cityCode: CITIES[k % 4],
        });
      }),
    );
  // Every worker once: from here on every ballot replaces one, the case of a campaign's second day.
  for (let n = 0; n < WORKERS; n += 50) await batch(50);
  const close = async () => {
    await ds.destroy();
    await db.drop();
  };
  return { batch, close };
}

async function measure(env, size, withDb) {
  const cpu0 = cpuUs();
  const db0 = withDb && mariadbPid ? procCpuUs(mariadbPid) : 0;
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) await env.batch(size);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const ballots = BATCHES * size;
  return {
    cpuUsPerBallot: (cpuUs() - cpu0) / ballots,
    dbCpuUsPerBallot: withDb && mariadbPid ? (procCpuUs(mariadbPid) - db0) / ballots : null,
    wallMsPerBatch: wallMs / BATCHES,
  };
}

const out = [];
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; before = ${BEFORE_DIST}`,
);
for (const kind of ['sqlite', 'mysql'].filter((k) => !ONLY || k === ONLY)) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-bench-batch-'));
  const envs = { now: await setUp(kind, dir, 'now', builds.now), before: await setUp(kind, dir, 'before', builds.before) };
  try {
    for (const size of SIZES) {
      const runs = { now: [], before: [] };
      for (let r = 0; r < ROUNDS + 1; r++) {
        const order = r % 2 ? ['before', 'now'] : ['now', 'before'];
        const got = {};
        for (const b of order) got[b] = await measure(envs[b], size, kind === 'mysql');
        if (r === 0) continue; // warm-up
        for (const b of order) runs[b].push(got[b]);
      }
      const pick = (b, f) => median(runs[b].map((x) => x[f]));
      const ratios = runs.now.map((x, j) => x.cpuUsPerBallot / runs.before[j].cpuUsPerBallot);
      const row = {
        kind,
        size,
        nowCpuUs: pick('now', 'cpuUsPerBallot'),
        beforeCpuUs: pick('before', 'cpuUsPerBallot'),
        cpuRatio: median(ratios),
        nowWallMs: pick('now', 'wallMsPerBatch'),
        beforeWallMs: pick('before', 'wallMsPerBatch'),
        ...(kind === 'mysql'
          ? {
              nowDbCpuUs: pick('now', 'dbCpuUsPerBallot'),
              beforeDbCpuUs: pick('before', 'dbCpuUsPerBallot'),
              totalCpuRatio: median(
                runs.now.map(
                  (x, j) => (x.cpuUsPerBallot + x.dbCpuUsPerBallot) / (runs.before[j].cpuUsPerBallot + runs.before[j].dbCpuUsPerBallot),
                ),
              ),
            }
          : {}),
      };
      console.log(JSON.stringify(row));
      out.push(row);
    }
  } finally {
    await envs.now.close();
    await envs.before.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `load average at the end ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.table(out);
