// Each capability owns its tables: it declares their repositories (TypeOrmModule.forFeature), and no other
// capability reads or writes them except through its service. The one declared exception is the statistics
// capability, a read-only reporting layer whose aggregate SQL lives in statistics/statistics.queries.ts.
import 'reflect-metadata';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { getRepositoryToken } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMetadataArgsStorage } from 'typeorm';
import { AuditModule } from './audit/audit.module.js';
import { CongressModule } from './congress/congress.module.js';
import { ConsultationsModule } from './consultations/consultations.module.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { ENTITIES } from './database/entities.js';
import { IdentityModule } from './identity/identity.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { PetitionsModule } from './petitions/petitions.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { RollModule } from './roll/roll.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { WechatModule } from './wechat/wechat.module.js';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** An entity class. */
type EntityClass = abstract new (...args: never) => unknown;

/** Capability folder → its module. (identity/ also holds the privacy module, which owns no table.) */
const CAPABILITIES = {
  audit: AuditModule,
  congress: CongressModule,
  consultations: ConsultationsModule,
  contracts: ContractsModule,
  identity: IdentityModule,
  invitations: InvitationsModule,
  petitions: PetitionsModule,
  regions: RegionsModule,
  roll: RollModule,
  sessions: SessionsModule,
  statistics: StatisticsModule,
  subscriptions: SubscriptionsModule,
  moderation: ModerationModule,
  wechat: WechatModule,
} as const;
type Capability = keyof typeof CAPABILITIES;

/** The reporting queries, allowed to read (never write) every capability's tables. */
const REPORTING_QUERIES = 'statistics/statistics.queries.ts';

function declaredEntities(module: object): EntityClass[] {
  const imports: { module?: unknown; providers?: { provide: unknown }[] }[] = Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? [];
  const tokens = imports.filter((i) => i?.providers).flatMap((i) => i.providers!.map((p) => p.provide));
  return (ENTITIES as EntityClass[]).filter((e) => tokens.includes(getRepositoryToken(e)));
}

const tableOf = (entity: EntityClass) => getMetadataArgsStorage().tables.find((t) => t.target === entity)!.name!;

const owner = new Map<string, Capability>();
for (const [cap, module] of Object.entries(CAPABILITIES) as [Capability, object][]) {
  for (const e of declaredEntities(module)) owner.set(tableOf(e), cap);
}

function sources(cap: Capability): { file: string; text: string }[] {
  return readdirSync(path.join(SRC, cap))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => ({ file: `${cap}/${f}`, text: readFileSync(path.join(SRC, cap, f), 'utf8') }));
}

/** Tables named by SQL in a source text: FROM / JOIN / UPDATE / INTO, and query builders' .from('table'). */
function tablesInSql(text: string): { table: string; write: boolean }[] {
  const out: { table: string; write: boolean }[] = [];
  for (const m of text.matchAll(/\b(FROM|JOIN|UPDATE|INTO)\s+[`"]?([a-z_]+)[`"]?/g))
    out.push({ table: m[2], write: m[1] !== 'FROM' && m[1] !== 'JOIN' });
  for (const m of text.matchAll(/\.from\(\s*'([a-z_]+)'/g)) out.push({ table: m[1], write: false });
  return out.filter((t) => owner.has(t.table));
}

describe('the capabilities and the tables they own', () => {
  it('gives every table exactly one owner that declares its repository', () => {
    const declared = Object.values(CAPABILITIES).flatMap((m) => declaredEntities(m));
    expect(declared.map((e) => e.name).sort()).toEqual((ENTITIES as EntityClass[]).map((e) => e.name).sort());
  });

  it.each(Object.keys(CAPABILITIES) as Capability[])('keeps %s to its own tables, in SQL and through entities', (cap) => {
    const breaches: string[] = [];
    for (const { file, text } of sources(cap)) {
      for (const { table, write } of tablesInSql(text)) {
        if (owner.get(table) === cap) continue;
        if (file === REPORTING_QUERIES && !write) continue;
        breaches.push(`${file} ${write ? 'writes' : 'reads'} ${table} (owned by ${owner.get(table)})`);
      }
      // A value import of another capability's entity is how its table gets queried directly (types are fine).
      for (const m of text.matchAll(/^import \{([^}]*)\} from '\.\.\/([a-z]+)\/[\w.-]+\.entity\.js';$/gm)) {
        if (m[2] !== cap && m[2] in CAPABILITIES && !/^\s*type\s/.test(m[1])) breaches.push(`${file} imports the entities of ${m[2]}`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('writes nothing from the reporting queries', () => {
    const text = readFileSync(path.join(SRC, REPORTING_QUERIES), 'utf8');
    expect(text).not.toMatch(/\b(INSERT|UPDATE|DELETE|REPLACE)\b/);
  });
});
