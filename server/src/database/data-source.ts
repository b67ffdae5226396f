// Chooses the database: MySQL/MariaDB through mysql2 when DATABASE_URL is set, the embedded SQLite file otherwise.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'sqlitePath'>): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false } as const;
  if (config.databaseUrl) {
    return {
      ...common,
      type: 'mysql',
      url: config.databaseUrl,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      extra: { connectionLimit: 20, waitForConnections: true },
    };
  }
  mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    enableWAL: true,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

/**
 * Opens the database and brings its schema up to date; one instance migrates while the others wait — on MySQL under
 * a named lock of the server, on SQLite under a lock file beside the database (SQLite has no named locks, and a second
 * process reading the migrations table while the first applies them would apply them again).
 */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'sqlitePath'>): Promise<DataSource> {
  if (config.databaseUrl) return migrate(new DataSource(dataSourceOptions(config)));
  mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  // proper-lockfile keeps the lock fresh while held and takes over one left stale by a process that died.
  const release = await lockfile.lock(config.sqlitePath, {
    realpath: false,
    lockfilePath: `${config.sqlitePath}.migrating`,
    stale: 20_000,
    retries: { retries: 1200, minTimeout: 50, maxTimeout: 250 },
  });
  try {
    return await migrate(new DataSource(dataSourceOptions(config)));
  } finally {
    await release();
  }
}

async function migrate(ds: DataSource): Promise<DataSource> {
  await ds.initialize();
  if (ds.options.type === 'mysql') {
    const qr = ds.createQueryRunner();
    try {
      await qr.connect();
      // Named after the database: instances of one database migrate one at a time, other databases on the same
      // server (another deployment, each test file's own) do not wait for them. Lock names stop at 64 characters.
      await qr.query(`SELECT GET_LOCK(LEFT(CONCAT('xst_migrations:', DATABASE()), 64), 120)`);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await qr.query(`SELECT RELEASE_LOCK(LEFT(CONCAT('xst_migrations:', DATABASE()), 64))`).catch(() => undefined);
      await qr.release();
    }
  } else {
    await ds.runMigrations({ transaction: 'each' });
  }
  return ds;
}
