// The end-to-end journeys against the real server, on a fresh SQLite database and again on MySQL/MariaDB when one
// answers (required when TEST_DATABASE_URL is set): the H5 build of the mini-program in Debian's Chromium
// (journeys/), and the WeChat package's own JavaScript in a mini-program runtime (weapp/journeys/), after WeChat's
// compilers have accepted the package (weapp/check-package.mjs). A journey that cannot start its browser fails: it
// is never skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnBothDatabases } from '../scripts/both-databases.mjs';

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
  ['the WeChat build of the mini-program', 'miniapp/dist/weapp/app.json'],
]) {
  if (!existsSync(path.join(root, file))) {
    console.error(`${what} is missing (${file}): run npm run build first (npm test does).`);
    process.exit(1);
  }
}

// The weapp package as WeChat DevTools would take it: its compilers, and no browser-only API in its code.
const checked = spawnSync(process.execPath, [path.join(here, 'weapp', 'check-package.mjs')], { stdio: 'inherit' });
if (checked.status !== 0) process.exit(checked.status ?? 1);

await runOnBothDatabases('browser and WeChat journeys', { cwd: here, args: process.argv.slice(2) });
