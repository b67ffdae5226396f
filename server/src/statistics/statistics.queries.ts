// Every query behind the statistics table (附件1) and its ledger (附件2), in one place, as the SQL it is. Each
// aggregate runs in the database (GROUP BY / COUNT DISTINCT over the indexes named beside it) and returns a handful
// of rows: never the records. The ledger is a detail listing and reads its rows a page at a time.
//
// Statistics owns only the activity tables; it reports over the others' and reads them here, and only here, never
// writing: contracts, contract_parties (contracts), organizations (regions), invitations (invitations),
// negotiation_sessions (sessions). Its figures are joins of those tables (key enterprises with a contract in effect,
// a page of enterprises with their latest invitation and session), which one statement answers from the indexes;
// through each capability's service they would become application-side joins over thousands of ids per page, and
// read-only views would only restate these queries as a second schema to migrate on both databases. The owners'
// migrations are the contract these queries rely on, and src/module-boundaries.spec.ts keeps every other file off
// tables its capability does not own.
//
// A region's subtree is the code range [low, high] of regionRange(); `?` placeholders work on both drivers.
// Booleans are stored as 1/0 on both databases.
import type { ActivityType, ContractKind, ContractScope, StatisticsGroupBy } from '@xst/shared-types';
import { rawDate } from '../database/raw-time.js';
import type { DataSource } from 'typeorm';

export interface Range {
  low: string;
  high: string;
}

export interface Period {
  from: string;
  to: string;
}

/** The column expression rows are grouped by: the city prefix (4 digits) or the county code itself. */
function groupExpr(column: string, groupBy?: StatisticsGroupBy): string {
  if (!groupBy) return "''";
  return groupBy === 'city' ? `SUBSTR(${column}, 1, 4)` : column;
}

const groupClause = (groupBy?: StatisticsGroupBy) => (groupBy ? ', grp' : '');

/** Rows as they come from either driver: mysql2 returns COUNT/SUM as strings, so numbers are made here. */
const num = (v: unknown) => Number(v ?? 0);

export interface ContractCountRow {
  grp: string;
  scope: ContractScope;
  kind: ContractKind;
  contracts: number;
  enterprisesCovered: number;
  workersCovered: number;
}

/**
 * Sections 一, 二, 三: contracts signed within the period (both ends inclusive), recorded in the region or below.
 * Index: IDX_contracts_stats (scope, signedAt, regionCode, kind, enterprisesCovered, workersCovered), covering.
 */
export async function contractCounts(
  db: DataSource,
  range: Range,
  period: Period,
  scopes: ContractScope[],
  groupBy?: StatisticsGroupBy,
): Promise<ContractCountRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${groupExpr('regionCode', groupBy)} AS grp, scope, kind,
            COUNT(*) AS contracts, SUM(enterprisesCovered) AS enterprisesCovered, SUM(workersCovered) AS workersCovered
       FROM contracts
      WHERE scope IN (${scopes.map(() => '?').join(', ')})
        AND signedAt BETWEEN ? AND ?
        AND regionCode BETWEEN ? AND ?
      GROUP BY scope, kind${groupClause(groupBy)}`,
    [...scopes, period.from, period.to, range.low, range.high],
  );
  return rows.map((r) => ({
    grp: String(r.grp),
    scope: r.scope as ContractScope,
    kind: r.kind as ContractKind,
    contracts: num(r.contracts),
    enterprisesCovered: num(r.enterprisesCovered),
    workersCovered: num(r.workersCovered),
  }));
}

export interface ActivityCountRow {
  grp: string;
  type: ActivityType | 'quality_evaluated_new_employment';
  n: number;
}

/**
 * Section 四. Cells counting things (teams, cases, events, copies, posts, sessions, person-times) sum `count`;
 * cells counting enterprises count each enterprise once however many activities name it.
 * Indexes: IDX_activities_stats (occurredAt, regionCode, type, count);
 *          IDX_activity_enterprises_stats (type, occurredAt, regionCode, organizationId, newEmployment).
 */
export async function activityCounts(
  db: DataSource,
  range: Range,
  period: Period,
  enterpriseTypes: readonly ActivityType[],
  groupBy?: StatisticsGroupBy,
): Promise<ActivityCountRow[]> {
  const types = enterpriseTypes.map(() => '?').join(', ');
  const [sums, distinct, newEmployment]: Record<string, unknown>[][] = await Promise.all([
    db.query(
      `SELECT ${groupExpr('regionCode', groupBy)} AS grp, type, SUM(count) AS n
         FROM activities
        WHERE occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ? AND type NOT IN (${types})
        GROUP BY type${groupClause(groupBy)}`,
      [period.from, period.to, range.low, range.high, ...enterpriseTypes],
    ),
    db.query(
      `SELECT ${groupExpr('regionCode', groupBy)} AS grp, type, COUNT(DISTINCT organizationId) AS n
         FROM activity_enterprises
        WHERE type IN (${types}) AND occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ?
        GROUP BY type${groupClause(groupBy)}`,
      [...enterpriseTypes, period.from, period.to, range.low, range.high],
    ),
    db.query(
      `SELECT ${groupExpr('regionCode', groupBy)} AS grp, 'quality_evaluated_new_employment' AS type, COUNT(DISTINCT organizationId) AS n
         FROM activity_enterprises
        WHERE type = 'quality_evaluated' AND newEmployment = 1
          AND occurredAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ?
        ${groupBy ? 'GROUP BY grp' : ''}`,
      [period.from, period.to, range.low, range.high],
    ),
  ]);
  return [...sums, ...distinct, ...newEmployment].map((r) => ({
    grp: String(r.grp),
    type: r.type as ActivityCountRow['type'],
    n: num(r.n),
  }));
}

export interface KeyTaskRow {
  grp: string;
  keyEnterprises: number;
  withOwnContract: number;
  withOwnContractInEffect: number;
  qualityEvaluated: number;
}

/**
 * The contracts `c` an enterprise `o` is party to that are its own (not an industry or regional one). CROSS JOIN keeps
 * SQLite reading the enterprise's parties first (IDX_contract_parties_organization): left to itself it range-scans
 * IDX_contracts_stats on signedAt for every key enterprise (measured: 35 s instead of milliseconds for 100,000
 * contracts); on MySQL CROSS JOIN is an inner join and the planner starts from the parties anyway.
 */
const OWN_CONTRACT = `SELECT 1 FROM contract_parties p CROSS JOIN contracts c
                       WHERE p.organizationId = o.id AND c.id = p.contractId AND c.scope IN ('enterprise', 'new_employment')`;

/**
 * Section 五, from the registry: key enterprises of the region (by the enterprise's own region); those party to a
 * contract of their own (an enterprise or new-employment one, not an industry or regional one) signed by `asOf`, not
 * expired on it and not sent back by an objection pending on it (received by then, not filed again by then); of
 * those, the ones whose contract is legally in effect on `asOf`; those named by a quality evaluation on or before `asOf`.
 * Indexes: IDX_organizations_key (isKeyEnterprise, type, regionCode); IDX_contract_parties_organization;
 *          IDX_activity_enterprises_organization (organizationId, type, occurredAt).
 */
export async function keyTaskCounts(db: DataSource, range: Range, asOf: string, groupBy?: StatisticsGroupBy): Promise<KeyTaskRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${groupExpr('o.regionCode', groupBy)} AS grp,
            COUNT(*) AS keyEnterprises,
            SUM(CASE WHEN EXISTS (${OWN_CONTRACT}
                     AND c.signedAt <= ? AND c.expiresAt >= ?
                     AND NOT (c.objectionReceivedAt IS NOT NULL AND c.objectionReceivedAt <= ?
                              AND (c.filedAt <= c.objectionReceivedAt OR c.filedAt > ?))) THEN 1 ELSE 0 END) AS withOwnContract,
            SUM(CASE WHEN EXISTS (${OWN_CONTRACT}
                     AND c.effectiveOn <= ? AND c.expiresAt >= ?) THEN 1 ELSE 0 END) AS withOwnContractInEffect,
            SUM(CASE WHEN EXISTS (
                  SELECT 1 FROM activity_enterprises ae
                   WHERE ae.organizationId = o.id AND ae.type = 'quality_evaluated' AND ae.occurredAt <= ?) THEN 1 ELSE 0 END) AS qualityEvaluated
       FROM organizations o
      WHERE o.isKeyEnterprise = 1 AND o.type = 'enterprise' AND o.regionCode BETWEEN ? AND ?
      ${groupBy ? 'GROUP BY grp' : ''}`,
    [asOf, asOf, asOf, asOf, asOf, asOf, asOf, range.low, range.high],
  );
  return rows.map((r) => ({
    grp: String(r.grp),
    keyEnterprises: num(r.keyEnterprises),
    withOwnContract: num(r.withOwnContract),
    withOwnContractInEffect: num(r.withOwnContractInEffect),
    qualityEvaluated: num(r.qualityEvaluated),
  }));
}

// ---- the ledger (工作台账明细表): a detail listing, one row per enterprise, so these return rows by design ----

export interface LedgerEnterpriseRow {
  id: string;
  name: string;
  regionCode: string;
  uscc: string | null;
  industry: string | null;
  isPlatform: boolean;
  hasUnion: boolean;
  unionisedAt: string | null;
  employees: number | null;
  isKeyEnterprise: boolean;
}

export interface LedgerContractRow {
  organizationId: string | null;
  contractId: string;
  packageId: string | null;
  scope: ContractScope;
  kind: ContractKind;
  title: string;
  regionCode: string;
  signedAt: string;
  expiresAt: string;
  renewed: boolean;
}

/** An instant as either driver returns it: a Date (mysql2) or UTC text without a zone (SQLite). */
export const instant = rawDate;

/** mysql2 hands DATE columns over as Date at UTC midnight (timezone 'Z'); SQLite as the stored text. */
export const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export interface LedgerInvitationRow {
  organizationId: string;
  status: string;
  sentAt: Date | null;
  replyDueAt: Date | null;
  replyLate: boolean;
}

// ---- the ledger's queries, page by page ----
// A page is PAGE enterprises (keyset on regionCode, name, id: IDX_organizations_type_region) and what belongs to
// them, looked up by id (IDX_contract_parties_organization, IDX_activity_enterprises_organization,
// IDX_invitations_to/from, IDX_sessions_invitation); then PAGE industry rows (IDX_contracts_stats, IDX_contracts_package).
// Keysets are written `a >= ? AND NOT (a = ? AND …)` rather than `a > ? OR (a = ? AND …)`: SQLite turns the OR into a
// scan from the start of the index on every page.

export const PAGE = 1000;
/** Each page of industry rows sorts what is left of the region's industry contracts (MariaDB picks no range for the
 *  keyset), so these pages are larger: 5,000 short rows. */
export const INDUSTRY_PAGE = 5000;
const marks = (n: number) => Array(n).fill('?').join(', ');

/** A contract's ledger columns; `renewed` by a contract signed on or before the one `?` (asOf). */
const LEDGER_CONTRACT_COLUMNS = `c.id AS contractId, c.packageId, c.scope, c.kind, c.title, c.regionCode, c.signedAt, c.expiresAt,
  CASE WHEN EXISTS (SELECT 1 FROM contracts r WHERE r.renewsContractId = c.id AND r.signedAt <= ?) THEN 1 ELSE 0 END AS renewed`;

export async function enterprisePage(db: DataSource, range: Range, after?: LedgerEnterpriseRow): Promise<LedgerEnterpriseRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT id, name, regionCode, uscc, industry, isPlatform, hasUnion, unionisedAt, employees, isKeyEnterprise
       FROM organizations
      WHERE type = 'enterprise' AND regionCode BETWEEN ? AND ?
        ${after ? 'AND regionCode >= ? AND NOT (regionCode = ? AND (name < ? OR (name = ? AND id <= ?)))' : ''}
      ORDER BY regionCode, name, id
      LIMIT ${PAGE}`,
    [range.low, range.high, ...(after ? [after.regionCode, after.regionCode, after.name, after.name, after.id] : [])],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    regionCode: String(r.regionCode),
    uscc: (r.uscc as string) ?? null,
    industry: (r.industry as string) ?? null,
    isPlatform: Number(r.isPlatform) === 1,
    hasUnion: Number(r.hasUnion) === 1,
    unionisedAt: r.unionisedAt === null || r.unionisedAt === undefined ? null : day(r.unionisedAt),
    employees: r.employees === null || r.employees === undefined ? null : Number(r.employees),
    isKeyEnterprise: Number(r.isKeyEnterprise) === 1,
  }));
}

function toContract(r: Record<string, unknown>): LedgerContractRow {
  return {
    organizationId: (r.organizationId as string) ?? null,
    contractId: String(r.contractId),
    packageId: (r.packageId as string) ?? null,
    scope: r.scope as LedgerContractRow['scope'],
    kind: r.kind as ContractKind,
    title: String(r.title),
    regionCode: String(r.regionCode),
    signedAt: day(r.signedAt),
    expiresAt: day(r.expiresAt),
    renewed: Number(r.renewed) === 1,
  };
}

/** The contracts each enterprise of the page is party to, signed by `asOf`, oldest first. */
export async function pageContracts(db: DataSource, ids: string[], asOf: string): Promise<LedgerContractRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT p.organizationId, ${LEDGER_CONTRACT_COLUMNS}
       FROM contract_parties p INNER JOIN contracts c ON c.id = p.contractId
      WHERE p.organizationId IN (${marks(ids.length)}) AND c.signedAt <= ?
      ORDER BY c.signedAt, c.id`,
    [asOf, ...ids, asOf],
  );
  return rows.map(toContract);
}

export async function pageQualityEvaluated(db: DataSource, ids: string[], asOf: string): Promise<Set<string>> {
  const rows: { organizationId: string }[] = await db.query(
    `SELECT DISTINCT organizationId FROM activity_enterprises
      WHERE type = 'quality_evaluated' AND organizationId IN (${marks(ids.length)}) AND occurredAt <= ?`,
    [...ids, asOf],
  );
  return new Set(rows.map((r) => String(r.organizationId)));
}

/** The latest invitation (by sentAt, sent before `until`) to or from each enterprise of the page. */
export async function pageInvitations(db: DataSource, ids: string[], until: string): Promise<Map<string, LedgerInvitationRow>> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT i.toOrganizationId, i.fromOrganizationId, i.status, i.sentAt, i.replyDueAt, i.replyLate
       FROM invitations i
      WHERE i.sentAt IS NOT NULL AND i.sentAt < ?
        AND (i.toOrganizationId IN (${marks(ids.length)}) OR i.fromOrganizationId IN (${marks(ids.length)}))
      ORDER BY i.sentAt`,
    [until, ...ids, ...ids],
  );
  const page = new Set(ids);
  const out = new Map<string, LedgerInvitationRow>();
  for (const r of rows) {
    const row: Omit<LedgerInvitationRow, 'organizationId'> = {
      status: String(r.status),
      sentAt: r.sentAt ? instant(r.sentAt) : null,
      replyDueAt: r.replyDueAt ? instant(r.replyDueAt) : null,
      replyLate: Number(r.replyLate) === 1,
    };
    for (const org of new Set([r.toOrganizationId, r.fromOrganizationId])) {
      if (typeof org === 'string' && page.has(org)) out.set(org, { organizationId: org, ...row }); // last wins
    }
  }
  return out;
}

/**
 * Employers of the page owing an invitation to a workers' petition past its clock (`now`, as instant columns store
 * it): the last day of the earliest such clock, by employer. Uses IDX_petitions_organization_due.
 */
export async function pageOverduePetitions(db: DataSource, ids: string[], now: string): Promise<Map<string, Date>> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT p.organizationId, MIN(p.dueAt) AS dueAt
       FROM petitions p
      WHERE p.organizationId IN (${marks(ids.length)}) AND p.dueAt IS NOT NULL AND p.dueAt < ? AND p.answeredAt IS NULL
      GROUP BY p.organizationId`,
    [...ids, now],
  );
  return new Map(rows.map((r) => [String(r.organizationId), instant(r.dueAt)]));
}

/** The latest negotiation session (held before `until`) of each enterprise of the page. */
export async function pageLatestSessions(db: DataSource, ids: string[], until: string): Promise<Map<string, Date>> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT i.toOrganizationId, i.fromOrganizationId, MAX(s.heldAt) AS heldAt
       FROM invitations i INNER JOIN negotiation_sessions s ON s.invitationId = i.id AND s.heldAt < ?
      WHERE i.toOrganizationId IN (${marks(ids.length)}) OR i.fromOrganizationId IN (${marks(ids.length)})
      GROUP BY i.id, i.toOrganizationId, i.fromOrganizationId`,
    [until, ...ids, ...ids],
  );
  const page = new Set(ids);
  const out = new Map<string, Date>();
  for (const r of rows) {
    const heldAt = instant(r.heldAt);
    for (const org of new Set([r.toOrganizationId, r.fromOrganizationId])) {
      if (typeof org !== 'string' || !page.has(org)) continue;
      const seen = out.get(org);
      if (!seen || seen.getTime() < heldAt.getTime()) out.set(org, heldAt);
    }
  }
  return out;
}

/**
 * The industry and regional contracts of the region signed by `asOf` that open a ledger row: each contract outside a
 * package, and the first-signed contract of each package, in the order (signedAt, id). The package's first contract
 * is looked up by packageId alone (IDX_contracts_package): bounding it by date too makes SQLite range-scan
 * IDX_contracts_stats for every row instead (measured: minutes for 33,500 rows).
 */
export async function industryLeaderPage(
  db: DataSource,
  range: Range,
  asOf: string,
  after?: LedgerContractRow,
): Promise<LedgerContractRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT NULL AS organizationId, ${LEDGER_CONTRACT_COLUMNS}
       FROM contracts c
      WHERE c.scope = 'industry_regional' AND c.regionCode BETWEEN ? AND ? AND c.signedAt <= ?
        ${after ? 'AND c.signedAt >= ? AND NOT (c.signedAt = ? AND c.id <= ?)' : ''}
        AND (c.packageId IS NULL OR c.id = (SELECT o.id FROM contracts o
                                             WHERE o.packageId = c.packageId AND o.scope = 'industry_regional' AND o.regionCode BETWEEN ? AND ?
                                             ORDER BY o.signedAt, o.id LIMIT 1))
      ORDER BY c.signedAt, c.id
      LIMIT ${INDUSTRY_PAGE}`,
    [asOf, range.low, range.high, asOf, ...(after ? [after.signedAt, after.signedAt, after.contractId] : []), range.low, range.high],
  );
  return rows.map(toContract);
}

/** All industry and regional contracts of the region signed by `asOf` in the packages the leaders open, oldest first. */
export async function packageMembers(
  db: DataSource,
  range: Range,
  asOf: string,
  leaders: LedgerContractRow[],
): Promise<LedgerContractRow[]> {
  const packages = [...new Set(leaders.map((l) => l.packageId).filter((p): p is string => !!p))];
  if (!packages.length) return [];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT NULL AS organizationId, ${LEDGER_CONTRACT_COLUMNS}
       FROM contracts c
      WHERE c.packageId IN (${marks(packages.length)}) AND c.scope = 'industry_regional' AND c.regionCode BETWEEN ? AND ?
        AND c.signedAt <= ?
      ORDER BY c.signedAt, c.id`,
    [asOf, ...packages, range.low, range.high, asOf],
  );
  return rows.map(toContract);
}

export interface CongressCountRow {
  held: number;
  adopted: number;
  electorate: number;
  attendance: number;
  approve: number;
  contracts: number;
  responses: number;
  aware: number;
  satisfied: number;
}

/**
 * The workers' congress beside the quality rates: congresses closed in the period (their sums of electorate,
 * attendance and approvals), contracts signed in the period from a resolution, and workers' ratings of publications.
 * `since`/`until` are the period's instants (Asia/Shanghai days). Indexes: IDX_congresses_region (regionCode,
 * closedAt); contracts by signedAt and regionCode; publications by invitation.
 */
export async function congressCounts(
  db: DataSource,
  range: Range,
  period: Period,
  since: string,
  until: string,
): Promise<CongressCountRow> {
  const [c] = await db.query(
    `SELECT COUNT(*) AS held, SUM(CASE WHEN adopted = 1 THEN 1 ELSE 0 END) AS adopted,
            SUM(electorate) AS electorate, SUM(attendance) AS attendance, SUM(approve) AS approve
       FROM congresses
      WHERE regionCode BETWEEN ? AND ? AND closedAt IS NOT NULL AND closedAt >= ? AND closedAt < ?`,
    [range.low, range.high, since, until],
  );
  const [k] = await db.query(
    `SELECT COUNT(*) AS n FROM contracts
      WHERE resolution IS NOT NULL AND signedAt BETWEEN ? AND ? AND regionCode BETWEEN ? AND ?`,
    [period.from, period.to, range.low, range.high],
  );
  const [f] = await db.query(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN f.rating >= 4 THEN 1 ELSE 0 END) AS satisfied,
            SUM(CASE WHEN f.knowsContract = 1 THEN 1 ELSE 0 END) AS aware
       FROM publication_feedback f
       JOIN publications p ON p.id = f.publicationId
       JOIN invitations i ON i.id = p.invitationId
      WHERE i.regionCode BETWEEN ? AND ? AND f.submittedAt >= ? AND f.submittedAt < ?`,
    [range.low, range.high, since, until],
  );
  return {
    held: num(c?.held),
    adopted: num(c?.adopted),
    electorate: num(c?.electorate),
    attendance: num(c?.attendance),
    approve: num(c?.approve),
    contracts: num(k?.n),
    responses: num(f?.n),
    aware: num(f?.aware),
    satisfied: num(f?.satisfied),
  };
}
