// Runs the built server under the V8 CPU profiler (node:inspector), for `run.mjs --profile DIR`.
// SIGUSR2 stops the profiler and writes PROFILE_OUT (a .cpuprofile: open it in Chrome DevTools or summarise it
// with `node bench/ballots/profile-summary.mjs FILE`); the parent then stops the server as usual.
import inspector from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

process.on('message', async (m) => {
  if (m === 'profile:start') {
    await session.post('Profiler.start');
    process.send('profile:started');
  } else if (m === 'profile:stop') {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    process.send('profile:written');
  }
});

await import(pathToFileURL(path.join(root, 'server/dist/main.js')).href);
