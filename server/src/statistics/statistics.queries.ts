// Every query behind the statistics table, in one place, as the SQL it is. Each one aggregates in the database
// (GROUP BY / COUNT DISTINCT over the indexes named beside it) and returns a handful of rows: never the records.
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
  qualityEvaluated: number;
}

/**
 * Section 五, from the registry: key enterprises of the region (by the enterprise's own region); those party to an
 * enterprise or new-employment contract in effect on `asOf` (their own, not an industry or regional one); those
 * named by a quality evaluation on or before `asOf`.
 * Indexes: IDX_organizations_key (isKeyEnterprise, type, regionCode); IDX_contract_parties_organization;
 *          IDX_activity_enterprises_organization (organizationId, type, occurredAt).
 */
export async function keyTaskCounts(db: DataSource, range: Range, asOf: string, groupBy?: StatisticsGroupBy): Promise<KeyTaskRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${groupExpr('o.regionCode', groupBy)} AS grp,
            COUNT(*) AS keyEnterprises,
            SUM(CASE WHEN EXISTS (
                  SELECT 1 FROM contract_parties p INNER JOIN contracts c ON c.id = p.contractId
                   WHERE p.organizationId = o.id AND c.scope IN ('enterprise', 'new_employment')
                     AND c.effectiveOn <= ? AND c.expiresAt >= ?) THEN 1 ELSE 0 END) AS withOwnContract,
            SUM(CASE WHEN EXISTS (
                  SELECT 1 FROM activity_enterprises ae
                   WHERE ae.organizationId = o.id AND ae.type = 'quality_evaluated' AND ae.occurredAt <= ?) THEN 1 ELSE 0 END) AS qualityEvaluated
       FROM organizations o
      WHERE o.isKeyEnterprise = 1 AND o.type = 'enterprise' AND o.regionCode BETWEEN ? AND ?
      ${groupBy ? 'GROUP BY grp' : ''}`,
    [asOf, asOf, asOf, range.low, range.high],
  );
  return rows.map((r) => ({
    grp: String(r.grp),
    keyEnterprises: num(r.keyEnterprises),
    withOwnContract: num(r.withOwnContract),
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
}
