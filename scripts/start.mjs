// `npm start`: builds shared-types, the server and the H5 app, then runs the demo on the embedded SQLite database
// under ./data, with dev sign-in on. The builds are quiet: their output is shown only when one fails, so the first
// thing on the screen after a one-line notice is the server's banner with the URL and the demo sign-ins.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** `npm run <script> -w <workspace>` through the npm that runs this script (or the one on PATH). */
function npmRun(script, workspace) {
  const npm = process.env.npm_execpath;
  const args = ['run', '--silent', script, '-w', workspace];
  return npm ? [process.execPath, [npm, ...args]] : ['npm', args];
}

const BUILDS = [
  ['shared types', npmRun('build', 'shared-types')],
  ['server', npmRun('build', 'server')],
  ['H5 app', npmRun('build:h5', 'miniapp')],
];

/** Runs one build with its output held back; on failure prints that output and exits with the build's code. */
function build(name, [cmd, args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (e) => output.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(output));
      console.error(`\nThe ${name} build failed (${signal ?? `exit code ${code}`}); its output is above.`);
      process.exit(code || 1);
    });
  });
}

if (!process.argv.includes('--no-build')) {
  console.log('Building the shared types, the server and the H5 app (about a minute)…');
  for (const [name, command] of BUILDS) await build(name, command);
}

// Warnings and errors only, so the banner with the URL and the demo sign-ins stays readable (LOG_LEVEL=info for request logs).
const env = { AUTH_DEV_LOGIN: '1', DEMO_SEED: '1', LOG_LEVEL: 'warn', ...process.env };
const child = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
