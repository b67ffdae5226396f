// Runs the server's tests on the embedded SQLite, then again on MySQL/MariaDB when one answers.
// With TEST_DATABASE_URL set explicitly (as CI does), an unreachable database fails the run instead of skipping.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const explicit = Boolean(process.env.TEST_DATABASE_URL);
const mysqlUrl = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
const extra = process.argv.slice(2);

function runJest(label, env) {
  console.log(`\n=== server tests on ${label} ===`);
  const r = spawnSync('npx', ['jest', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings', ...env },
  });
  if (r.status !== 0) {
    console.error(`server tests failed on ${label}`);
    process.exit(r.status ?? 1);
  }
}

function reachable(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 3306) });
    s.setTimeout(2000);
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('timeout', () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(false));
  });
}

const only = process.env.TEST_DB; // 'sqlite' or 'mysql' to run one half
if (only !== 'mysql') runJest('SQLite', { TEST_DB: 'sqlite' });
if (only !== 'sqlite') {
  if (await reachable(mysqlUrl)) {
    runJest(`MySQL (${mysqlUrl.replace(/\/\/[^@]*@/, '//')})`, { TEST_DB: 'mysql', TEST_DATABASE_URL: mysqlUrl });
  } else if (explicit) {
    console.error(`TEST_DATABASE_URL=${mysqlUrl} does not answer: the MySQL half of the tests cannot run.`);
    process.exit(1);
  } else {
    console.warn(`\nMySQL at ${mysqlUrl} does not answer: the MySQL half was NOT run (set TEST_DATABASE_URL to require it).`);
  }
}
