// Operations from the command line:
//   node server/dist/cli.js create-admin --region 510000 --organization 四川省总工会 [--valid-days 7]
//     creates (if missing) the federation's union organization and prints a one-time admin invitation code; the
//     first admin signs in to the mini-program with WeChat and enters the code under 我的 → 输入邀请码.
//   node server/dist/cli.js backup [--out FILE]
//     writes a consistent copy of the embedded SQLite database while the server runs (SQLite online backup).
//   node server/dist/cli.js recount [--consultation ID] [--repair]
//     counts every consultation's ballots again and compares them with the kept counts the results are read from;
//     prints each difference and exits 1 when any is found. With --repair it rebuilds the kept counts that differ.
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Clock } from './common/clock.js';
import { newId } from './common/ids.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { openDatabase } from './database/data-source.js';
import { InviteCodeEntity } from './identity/invite-code.entity.js';
import { OrganizationEntity } from './regions/organization.entity.js';
import { RegionEntity } from './regions/region.entity.js';
import { randomInt } from 'node:crypto';
import type { ConsultationMode } from '@xst/shared-types';
import type { DataSource, EntityManager } from 'typeorm';
import { compareCounts, countFromBallots, keptCounts, rebuildCounts, type CountDifference } from './consultations/ballot-counts.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

async function createAdmin(config: AppConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { region: { type: 'string' }, organization: { type: 'string' }, 'valid-days': { type: 'string', default: '7' } },
  });
  if (!values.region || !/^\d{6}$/.test(values.region)) throw new ConfigError('--region must be a 6-digit region code, e.g. 510000');
  if (!values.organization) throw new ConfigError('--organization must name the federation, e.g. 四川省总工会');
  const db = await openDatabase(config);
  try {
    if (!(await db.getRepository(RegionEntity).findOneBy({ code: values.region })))
      throw new ConfigError(`region ${values.region} does not exist`);
    const code = await db.transaction(async (em) => {
      let org = await em.findOneBy(OrganizationEntity, { name: values.organization!, regionCode: values.region! });
      if (!org) {
        org = em.create(OrganizationEntity, {
          id: newId(),
          type: 'union',
          name: values.organization!,
          regionCode: values.region!,
          uscc: null,
          industry: null,
          isPlatform: false,
          employees: null,
          isKeyEnterprise: false,
          hasUnion: false,
        });
        await em.insert(OrganizationEntity, org);
      }
      const code = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      await em.insert(InviteCodeEntity, {
        code,
        role: 'admin',
        organizationId: org.id,
        regionCode: values.region!,
        createdBy: null,
        expiresAt: new Date(new Clock().now().getTime() + Number(values['valid-days']) * 86400_000),
        redeemedBy: null,
        redeemedAt: null,
      });
      return code;
    });
    console.log(`Admin invitation code for ${values.organization} (${values.region}): ${code}`);
    console.log('Sign in to the mini-program with WeChat, open 我的 → 输入邀请码, and enter it. It works once.');
  } finally {
    await db.destroy();
  }
}

async function backup(config: AppConfig, args: string[]): Promise<void> {
  if (config.databaseUrl) {
    throw new ConfigError(
      'backup copies the embedded SQLite database; for MySQL use mysqldump --single-transaction (see README, Operations)',
    );
  }
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(values.out ?? path.join(config.dataDir, 'backups', `xieshangtong-${stamp}.sqlite`));
  mkdirSync(path.dirname(out), { recursive: true });
  const db = new Database(config.sqlitePath, { fileMustExist: true });
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  const check = new Database(out);
  check.pragma('journal_mode = DELETE'); // a single self-contained file
  const integrity = check.pragma('integrity_check', { simple: true });
  check.close();
  if (integrity !== 'ok') throw new Error(`backup failed its integrity check: ${integrity}`);
  console.log(`Backup written to ${out} (integrity ok)`);
}

/** One consistent view of the database (a snapshot on MySQL, a read transaction on SQLite). */
const snapshot = <T>(db: DataSource, work: (em: EntityManager) => Promise<T>) =>
  db.options.type === 'mysql' ? db.transaction('REPEATABLE READ', work) : db.transaction(work);

const describeDifference = (d: CountDifference) =>
  `${d.dimension}${d.groupKey ? ` ${d.groupKey}` : ''} · ${d.topicId ? `topic ${d.topicId} position ${d.position}` : 'ballots'}: kept ${d.kept}, recounted ${d.recounted}`;

async function recount(config: AppConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { consultation: { type: 'string' }, repair: { type: 'boolean', default: false } } });
  const db = await openDatabase(config);
  try {
    const mysql = db.options.type === 'mysql';
    const consultations: { id: string; title: string; mode: ConsultationMode }[] = await db.query(
      `SELECT id, title, mode FROM consultations${values.consultation ? ' WHERE id = ?' : ''} ORDER BY id`,
      values.consultation ? [values.consultation] : [],
    );
    if (values.consultation && !consultations.length) throw new ConfigError(`consultation ${values.consultation} does not exist`);
    let differing = 0;
    for (const c of consultations) {
      const { ballots, differences } = await snapshot(db, async (em) => {
        const recounted = await countFromBallots(em, c.id, c.mode);
        const ballots = recounted.find((r) => r.dimension === 'all' && r.topicId === '')?.n ?? 0;
        return { ballots, differences: compareCounts(await keptCounts(em, c.id), recounted) };
      });
      if (!differences.length) {
        console.log(`${c.id} ${c.title}: ${ballots} ballots, the kept counts match`);
        continue;
      }
      differing++;
      console.log(`${c.id} ${c.title}: ${ballots} ballots, ${differences.length} kept counts differ from the ballots`);
      for (const d of differences.slice(0, 20)) console.log(`  ${describeDifference(d)}`);
      if (differences.length > 20) console.log(`  … and ${differences.length - 20} more`);
      if (values.repair) {
        await db.transaction(async (em) => {
          // The lock every ballot batch takes first: no ballot of this consultation commits while it is recounted.
          if (mysql) await em.query('SELECT id FROM consultations WHERE id = ? FOR UPDATE', [c.id]);
          await rebuildCounts(em, mysql, c.id, c.mode);
        });
        console.log('  rebuilt from the ballots');
      }
    }
    const verdict = !differing
      ? 'all kept counts match the ballots'
      : values.repair
        ? `${differing} consultation(s) rebuilt from their ballots`
        : `${differing} consultation(s) differ: run again with --repair to rebuild them from the ballots`;
    console.log(`${consultations.length} consultation(s) recounted; ${verdict}`);
    if (differing && !values.repair) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  if (command === 'create-admin') return createAdmin(config, args);
  if (command === 'backup') return backup(config, args);
  if (command === 'recount') return recount(config, args);
  console.error(
    'usage: cli.js create-admin --region CODE --organization NAME | backup [--out FILE] | recount [--consultation ID] [--repair]',
  );
  process.exit(2);
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Error: ${e.message}` : e);
  process.exit(1);
});
