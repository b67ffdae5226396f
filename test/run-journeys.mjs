// The end-to-end journeys: the H5 build of the mini-program in Debian's Chromium against the real server, on a fresh
// SQLite database and again on MySQL/MariaDB when one answers (required when TEST_DATABASE_URL is set).
// A journey that cannot start its browser fails: it is never skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium is missing at ${chromium}: apt-get install -y chromium fonts-wqy-microhei (.ci/run does this).`);
  process.exit(1);
}
for (const [what, file] of [
  ['the H5 build of the mini-program', 'miniapp/dist/h5/index.html'],
  ['the server build', 'server/dist/main.js'],
]) {
  if (!existsSync(path.join(root, file))) {
    console.error(`${what} is missing (${file}): run npm run build first (npm test does).`);
    process.exit(1);
  }
}

const explicit = Boolean(process.env.TEST_DATABASE_URL);
const mysqlUrl = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
const extra = process.argv.slice(2);

function run(label, env) {
  console.log(`\n=== browser journeys on ${label} ===`);
  const r = spawnSync('npx', ['jest', ...extra], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings', ...env },
  });
  if (r.status !== 0) {
    console.error(`browser journeys failed on ${label}`);
    process.exit(r.status ?? 1);
  }
}

function reachable(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 3306) });
    s.setTimeout(2000);
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('timeout', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(false));
  });
}

const only = process.env.TEST_DB;
if (only !== 'mysql') run('SQLite', { TEST_DB: 'sqlite' });
if (only !== 'sqlite') {
  if (await reachable(mysqlUrl)) run('MySQL', { TEST_DB: 'mysql', TEST_DATABASE_URL: mysqlUrl });
  else if (explicit) {
    console.error(`TEST_DATABASE_URL=${mysqlUrl} does not answer: the MySQL journeys cannot run.`);
    process.exit(1);
  } else console.warn(`\nMySQL at ${mysqlUrl} does not answer: the MySQL journeys were NOT run.`);
}
