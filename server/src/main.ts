import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { CalendarError } from './common/legal-clock.js';
import { DEMO_ACCOUNTS, seedDemo } from './database/demo-seed.js';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config);
  if (config.demoSeed) await seedDemo(app.get(DataSource));
  await app.listen(config.port, config.host);
  const url = `http://${config.host}:${config.port}`;
  const db = config.databaseUrl ? 'MySQL (DATABASE_URL)' : config.sqlitePath;
  console.log(`\n协商通 is running at ${url}\n  mini-program (H5): ${url}/\n  API: ${url}/api   docs: ${url}/api/docs\n  database: ${db}`);
  if (config.devLogin) {
    console.log('\nDev sign-in is ON (AUTH_DEV_LOGIN=1; refused in production). Open the H5 app and pick a role, or:');
    for (const a of DEMO_ACCOUNTS) {
      console.log(
        `  ${a.role.padEnd(10)} curl -s -XPOST ${url}/api/auth/dev-login -H 'content-type: application/json' -d '{"openid":"${a.openid}","role":"${a.role}"}'`,
      );
    }
  }
  if (!config.h5Dir) console.log('H5 serving is off (H5_DIR is empty).');

  // On SIGTERM Nest closes the HTTP server (no new connections; requests in flight finish) and then the database.
  // This bounds the wait, so that a stuck client cannot keep an instance from stopping.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms: exiting`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
}

const SHUTDOWN_TIMEOUT_MS = 10_000;

main().catch((e) => {
  console.error(e instanceof CalendarError ? `Cannot start: ${e.message}` : e);
  process.exit(1);
});
