// Runs a jest suite on the embedded SQLite, then again on MySQL/MariaDB when one answers. With TEST_DATABASE_URL set
// explicitly (as CI does), an unreachable database fails the run instead of skipping its half.
// TEST_DB=sqlite or TEST_DB=mysql runs one half only.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

function reachable(url) {
  const u = new URL(url);
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

/** `what` names the suite in the output ("server tests", "browser journeys"); `args` go to jest. */
export async function runOnBothDatabases(what, { cwd = process.cwd(), args = [] } = {}) {
  const explicit = Boolean(process.env.TEST_DATABASE_URL);
  const mysqlUrl = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
  const run = (label, env) => {
    console.log(`\n=== ${what} on ${label} ===`);
    const r = spawnSync('npx', ['jest', ...args], {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings', ...env },
    });
    if (r.status !== 0) {
      console.error(`${what} failed on ${label}`);
      process.exit(r.status ?? 1);
    }
  };
  const only = process.env.TEST_DB;
  if (only !== 'mysql') run('SQLite', { TEST_DB: 'sqlite' });
  if (only === 'sqlite') return;
  if (await reachable(mysqlUrl)) {
    run(`MySQL (${mysqlUrl.replace(/\/\/[^@]*@/, '//')})`, { TEST_DB: 'mysql', TEST_DATABASE_URL: mysqlUrl });
  } else if (explicit) {
    console.error(`TEST_DATABASE_URL=${mysqlUrl} does not answer: the MySQL half of the ${what} cannot run.`);
    process.exit(1);
  } else {
    console.warn(
      `\nMySQL at ${mysqlUrl} does not answer: the MySQL half of the ${what} was NOT run (set TEST_DATABASE_URL to require it).`,
    );
  }
}
