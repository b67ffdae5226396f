// The end-to-end journeys: the H5 build of the mini-program in Debian's Chromium against the real server, on a fresh
// SQLite database and again on MySQL/MariaDB when one answers (required when TEST_DATABASE_URL is set).
// A journey that cannot start its browser fails: it is never skipped.
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
]) {
  if (!existsSync(path.join(root, file))) {
    console.error(`${what} is missing (${file}): run npm run build first (npm test does).`);
    process.exit(1);
  }
}

await runOnBothDatabases('browser journeys', { cwd: here, args: process.argv.slice(2) });
