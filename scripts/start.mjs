// `npm start`: the demo on the embedded SQLite database under ./data, with dev sign-in on.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Warnings and errors only, so the banner with the URL and the demo sign-ins stays readable (LOG_LEVEL=info for request logs).
const env = { AUTH_DEV_LOGIN: '1', DEMO_SEED: '1', LOG_LEVEL: 'warn', ...process.env };
const child = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
