import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  CodeBatch,
  Industry,
  MyRoll,
  Roster,
  RosterUploadResult,
  VerifyPhoneResult,
  RollScope,
  RollSummary,
  RollSummaryGroup,
  RollVerification,
  VerificationMethod,
} from '@xst/shared-types';
import { ROLL_LIMITS } from '@xst/shared-types';
import { In, IsNull, QueryFailedError, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { conflict, DomainError, invalid, notFound } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import { RegionsService } from '../regions/regions.service.js';
import { WechatPhoneNumber } from '../wechat/phone-number.js';
import { codeSheet } from './code-sheet.js';
import { formatCode, normalizeCode, normalizePhone, RollKeys } from './roll-keys.js';
import { readRoster } from './roster-file.js';
import type { CreateCodeBatchDto, RevokeCodesDto, UploadRosterDto } from './roll.dto.js';
import { RollCodeBatchEntity, RollCodeEntity, RollRosterEntity, RollRosterEntryEntity, RollVerificationEntity } from './roll.entity.js';

/** The key that makes one worker appear once per scope. */
export const scopeKey = (s: { industry: string; regionCode: string; platformOrgId?: string | null }) =>
  `${s.industry}:${s.regionCode}:${s.platformOrgId ?? '-'}`;

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && /UNIQUE|Duplicate/i.test(e.message);

/** What a verification grants, as the code sheet or roster that gave it defines it. */
interface Grant {
  industry: Industry;
  regionCode: string;
  platformOrgId: string | null;
  method: VerificationMethod;
  codeId?: string;
  rosterEntryId?: string;
  verifiedBy: string;
  organizationId: string | null;
}

/**
 * The verified roll (核验名册). Other capabilities ask it three questions about a scope
 * (`{ industry, regionCode, platformOrgId? }`, see RollScope in shared-types):
 *
 * - `isVerified(userId, scope)`: is this worker on the roll of the scope?
 * - `countVerified(scope)`: how many workers are (the denominator of participation);
 * - `verifiedUserIds(scope)`: which accounts (an electorate), never with how anyone voted.
 *
 * A verification counts for a scope when its industry is the scope's, its region lies within the scope's region
 * (a worker verified for 锦江区 is on 成都市's roll; one verified for 成都市 is not on 锦江区's), and, when the scope
 * names a platform, it was made for that platform. A worker's profile (industry, city) never enters into it.
 */
@Injectable()
export class RollService {
  readonly keys: RollKeys;

  constructor(
    @InjectRepository(RollVerificationEntity) private readonly verifications: Repository<RollVerificationEntity>,
    @InjectRepository(RollCodeBatchEntity) private readonly batches: Repository<RollCodeBatchEntity>,
    @InjectRepository(RollCodeEntity) private readonly codes: Repository<RollCodeEntity>,
    @InjectRepository(RollRosterEntity) private readonly rosters: Repository<RollRosterEntity>,
    @InjectRepository(RollRosterEntryEntity) private readonly entries: Repository<RollRosterEntryEntity>,
    @Inject(WechatPhoneNumber) private readonly phones: WechatPhoneNumber,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new RollKeys(config.ballotSecret);
  }

  // ---------------------------------------------------------------- what other capabilities ask

  private inScope(qb: SelectQueryBuilder<RollVerificationEntity>, scope: RollScope, i = 0): string {
    const [low, high] = regionRange(scope.regionCode);
    qb.setParameters({ [`ind${i}`]: scope.industry, [`low${i}`]: low, [`high${i}`]: high, [`pf${i}`]: scope.platformOrgId ?? null });
    return `(v.industry = :ind${i} AND v.regionCode BETWEEN :low${i} AND :high${i}${scope.platformOrgId ? ` AND v.platformOrgId = :pf${i}` : ''})`;
  }

  private anyScope(scopes: readonly RollScope[]): SelectQueryBuilder<RollVerificationEntity> {
    const qb = this.verifications.createQueryBuilder('v');
    if (!scopes.length) return qb.where('1 = 0');
    return qb.where(`(${scopes.map((s, i) => this.inScope(qb, s, i)).join(' OR ')})`);
  }

  /** Whether the worker is on the roll of the scope. */
  async isVerified(userId: string, scope: RollScope): Promise<boolean> {
    return Boolean(await this.verificationIn(userId, [scope]));
  }

  /** Workers on the roll of the scope. */
  async countVerified(scope: RollScope): Promise<number> {
    return this.countVerifiedInAny([scope]);
  }

  /** The accounts on the roll of the scope, sorted (an electorate; never linked to any ballot). */
  async verifiedUserIds(scope: RollScope): Promise<string[]> {
    const rows = await this.anyScope([scope])
      .select('DISTINCT v.userId', 'userId')
      .orderBy('v.userId', 'ASC')
      .getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }

  /** Distinct workers on the roll of any of the scopes (a consultation of several industries). */
  async countVerifiedInAny(scopes: readonly RollScope[]): Promise<number> {
    const row = await this.anyScope(scopes).select('COUNT(DISTINCT v.userId)', 'n').getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /** The worker's verification for one of the scopes (the first in the order given), or null. */
  async verificationIn(userId: string, scopes: readonly RollScope[]): Promise<{ industry: Industry; regionCode: string } | null> {
    if (!scopes.length) return null;
    const rows = await this.anyScope(scopes)
      .andWhere('v.userId = :userId', { userId })
      .select(['v.industry AS industry', 'v.regionCode AS regionCode'])
      .getRawMany<{ industry: Industry; regionCode: string }>();
    for (const s of scopes) {
      const hit = rows.find((r) => r.industry === s.industry && isWithin(r.regionCode, s.regionCode));
      if (hit) return hit;
    }
    return rows[0] ?? null;
  }

  /** Erases a worker's verifications inside the caller's transaction (account deletion): the code stays used. */
  async forget(em: EntityManager, userId: string): Promise<void> {
    await em.delete(RollVerificationEntity, { userId });
  }

  // ---------------------------------------------------------------- the worker's side

  private async toVerificationDtos(rows: RollVerificationEntity[]): Promise<RollVerification[]> {
    const orgs = await this.organizations.byIds(rows.flatMap((r) => [r.platformOrgId, r.organizationId]));
    const out: RollVerification[] = [];
    for (const r of rows) {
      out.push({
        id: r.id,
        industry: r.industry,
        regionCode: r.regionCode,
        regionName: await this.regions.fullName(r.regionCode),
        platformOrgId: r.platformOrgId,
        platformName: r.platformOrgId ? (orgs.get(r.platformOrgId)?.name ?? null) : null,
        method: r.method,
        verifiedByOrganization: r.organizationId ? (orgs.get(r.organizationId)?.name ?? null) : null,
        verifiedAt: r.verifiedAt.toISOString(),
      });
    }
    return out;
  }

  async mine(auth: AuthContext): Promise<MyRoll> {
    const rows = await this.verifications.find({ where: { userId: auth.userId }, order: { verifiedAt: 'ASC' } });
    return { verifications: await this.toVerificationDtos(rows) };
  }

  /** Writes a verification, or says the worker already has one for this scope (nothing written then). */
  protected async grant(em: EntityManager, auth: AuthContext, g: Grant): Promise<RollVerificationEntity> {
    const row: RollVerificationEntity = {
      id: newId(),
      userId: auth.userId,
      scopeKey: scopeKey(g),
      industry: g.industry,
      regionCode: g.regionCode,
      platformOrgId: g.platformOrgId,
      method: g.method,
      codeId: g.codeId ?? null,
      rosterEntryId: g.rosterEntryId ?? null,
      verifiedBy: g.verifiedBy,
      organizationId: g.organizationId,
      verifiedAt: this.clock.now(),
    };
    try {
      await em.insert(RollVerificationEntity, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('roll_already_verified', '你已经核验过这个行业和地区，不用再核验');
      throw e;
    }
    return row;
  }

  /** Redeems a one-time code: once, before it expires, unless revoked. Two redemptions at once: one wins. */
  async redeemCode(auth: AuthContext, raw: string): Promise<RollVerification> {
    const code = normalizeCode(raw);
    const wrong = () =>
      new DomainError(400, 'roll_code_invalid', '核验码不对，请核对后重新输入', [{ field: 'code', message: '核验码不对' }]);
    if (!code) throw wrong();
    const codeKey = this.keys.codeKey(code);
    const row = await this.tx.run(async (em) => {
      const c = await em.findOneBy(RollCodeEntity, { codeKey });
      if (!c) throw wrong();
      const batch = (await em.findOneBy(RollCodeBatchEntity, { id: c.batchId }))!;
      const now = this.clock.now();
      if (c.revokedAt) throw conflict('roll_code_revoked', '这个核验码已经作废，请向发码的工会工作人员要一个新的');
      if (c.usedAt) throw conflict('roll_code_used', '这个核验码已经用过了，每个码只能用一次');
      if (batch.expiresAt <= now) throw conflict('roll_code_expired', '这个核验码已经过期，请向发码的工会工作人员要一个新的');
      const existing = await em.findOneBy(RollVerificationEntity, { userId: auth.userId, scopeKey: scopeKey(batch) });
      if (existing) throw conflict('roll_already_verified', '你已经核验过这个行业和地区，不用再核验');
      // The row lock of this update decides between two redemptions at once: the second finds the code used.
      const res = await em
        .createQueryBuilder()
        .update(RollCodeEntity)
        .set({ usedAt: now })
        .where('id = :id AND usedAt IS NULL AND revokedAt IS NULL', { id: c.id })
        .execute();
      if (!res.affected) throw conflict('roll_code_used', '这个核验码已经用过了，每个码只能用一次');
      return this.grant(em, auth, {
        industry: batch.industry,
        regionCode: batch.regionCode,
        platformOrgId: batch.platformOrgId,
        method: 'code',
        codeId: c.id,
        verifiedBy: batch.createdBy,
        organizationId: batch.organizationId,
      });
    });
    return (await this.toVerificationDtos([row]))[0];
  }

  // ---------------------------------------------------------------- the organizer's side: code sheets

  /** Checks the scope staff give a sheet or roster: within their region, a real region, a platform organization. */
  async checkScope(auth: AuthContext, s: { regionCode: string; platformOrgId?: string | null }): Promise<void> {
    if (!(await this.regions.exists(s.regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(s.regionCode, auth.regionCode)) throw invalid('regionCode', '只能为你管辖的地区核验劳动者');
    if (s.platformOrgId) {
      const org = await this.organizations.byId(s.platformOrgId);
      if (!org?.isPlatform) throw invalid('platformOrgId', '平台 platformOrgId 不是已登记的平台企业');
    }
  }

  async createBatch(auth: AuthContext, dto: CreateCodeBatchDto): Promise<CodeBatch> {
    await this.checkScope(auth, dto);
    const expiresAt = new Date(dto.expiresAt);
    const now = this.clock.now();
    if (expiresAt <= now) throw invalid('expiresAt', '有效期 expiresAt 应晚于现在');
    if (expiresAt.getTime() - now.getTime() > ROLL_LIMITS.maxCodeDays * 86400_000) {
      throw invalid('expiresAt', `有效期 expiresAt 最长 ${ROLL_LIMITS.maxCodeDays} 天`);
    }
    const batch: RollCodeBatchEntity = {
      id: newId(),
      label: dto.label.trim(),
      industry: dto.industry,
      regionCode: dto.regionCode,
      platformOrgId: dto.platformOrgId ?? null,
      count: dto.count,
      expiresAt,
      organizationId: auth.organizationId,
      createdBy: auth.userId,
      createdAt: now,
    };
    if (!batch.label) throw invalid('label', '名称 label 不能为空');
    await this.tx.run(async (em) => {
      await em.insert(RollCodeBatchEntity, batch);
      const rows = Array.from({ length: dto.count }, (_, i) => ({
        id: newId(),
        batchId: batch.id,
        number: i + 1,
        codeKey: this.keys.codeKey(this.keys.code(batch.id, i + 1)),
        usedAt: null,
        revokedAt: null,
        revokedBy: null,
      }));
      for (let i = 0; i < rows.length; i += 100) await em.insert(RollCodeEntity, rows.slice(i, i + 100));
      await this.audit.record(em, auth, {
        entity: 'roll_codes',
        entityId: batch.id,
        action: 'created',
        regionCode: batch.regionCode,
        after: {
          label: batch.label,
          industry: batch.industry,
          regionCode: batch.regionCode,
          platformOrgId: batch.platformOrgId,
          count: batch.count,
          expiresAt: expiresAt.toISOString(),
        },
      });
    });
    return (await this.toBatchDtos([batch]))[0];
  }

  private async toBatchDtos(rows: RollCodeBatchEntity[]): Promise<CodeBatch[]> {
    if (!rows.length) return [];
    const stats: { batchId: string; used: number | string; revoked: number | string }[] = await this.codes
      .createQueryBuilder('c')
      .select('c.batchId', 'batchId')
      .addSelect('SUM(CASE WHEN c.usedAt IS NOT NULL THEN 1 ELSE 0 END)', 'used')
      .addSelect('SUM(CASE WHEN c.usedAt IS NULL AND c.revokedAt IS NOT NULL THEN 1 ELSE 0 END)', 'revoked')
      .where('c.batchId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .groupBy('c.batchId')
      .getRawMany();
    const byBatch = new Map(stats.map((s) => [s.batchId, { used: Number(s.used), revoked: Number(s.revoked) }]));
    const orgs = await this.organizations.byIds(rows.flatMap((r) => [r.platformOrgId, r.organizationId]));
    const now = this.clock.now();
    const out: CodeBatch[] = [];
    for (const b of rows) {
      const s = byBatch.get(b.id) ?? { used: 0, revoked: 0 };
      const expired = b.expiresAt <= now;
      out.push({
        id: b.id,
        label: b.label,
        industry: b.industry,
        regionCode: b.regionCode,
        regionName: await this.regions.fullName(b.regionCode),
        platformOrgId: b.platformOrgId,
        platformName: b.platformOrgId ? (orgs.get(b.platformOrgId)?.name ?? null) : null,
        organizationName: b.organizationId ? (orgs.get(b.organizationId)?.name ?? null) : null,
        count: b.count,
        used: s.used,
        revoked: s.revoked,
        usable: expired ? 0 : b.count - s.used - s.revoked,
        expiresAt: b.expiresAt.toISOString(),
        expired,
        createdAt: b.createdAt.toISOString(),
      });
    }
    return out;
  }

  async listBatches(auth: AuthContext): Promise<CodeBatch[]> {
    if (!auth.regionCode) return [];
    const [low, high] = regionRange(auth.regionCode);
    const rows = await this.batches
      .createQueryBuilder('b')
      .where('b.regionCode BETWEEN :low AND :high', { low, high })
      .orderBy('b.createdAt', 'DESC')
      .addOrderBy('b.id', 'ASC')
      .take(200)
      .getMany();
    return this.toBatchDtos(rows);
  }

  /** A sheet the caller may manage: in their region subtree, else a 404 that says nothing more. */
  async managedBatch(auth: AuthContext, id: string): Promise<RollCodeBatchEntity> {
    const b = await this.batches.findOneBy({ id });
    if (!b || !isWithin(b.regionCode, auth.regionCode)) throw notFound('核验码');
    return b;
  }

  /** Revokes codes of a sheet not used yet (a lost or leaked sheet): the numbers given, or all of them. */
  async revoke(auth: AuthContext, id: string, dto: RevokeCodesDto): Promise<CodeBatch> {
    const b = await this.managedBatch(auth, id);
    if (dto.numbers?.some((n) => n > b.count)) throw invalid('numbers', `编号 numbers 应在 1 到 ${b.count} 之间`);
    await this.tx.run(async (em) => {
      const where: Record<string, unknown> = { batchId: id, usedAt: IsNull(), revokedAt: IsNull() };
      if (dto.numbers) where.number = In(dto.numbers);
      const res = await em.update(RollCodeEntity, where, { revokedAt: this.clock.now(), revokedBy: auth.userId });
      await this.audit.record(em, auth, {
        entity: 'roll_codes',
        entityId: id,
        action: 'revoked',
        regionCode: b.regionCode,
        after: { numbers: dto.numbers ?? 'all_unused', revoked: res.affected ?? 0 },
      });
    });
    return (await this.toBatchDtos([b]))[0];
  }

  /** The sheet to print: the codes not used nor revoked, with their QR codes; an expired sheet has none to print. */
  async sheet(auth: AuthContext, id: string): Promise<{ buffer: Buffer; filename: string }> {
    const b = await this.managedBatch(auth, id);
    const [dto] = await this.toBatchDtos([b]);
    const usable = dto.expired
      ? []
      : await this.codes.find({
          select: { number: true },
          where: { batchId: id, usedAt: IsNull(), revokedAt: IsNull() },
          order: { number: 'ASC' },
        });
    const buffer = await codeSheet(
      dto,
      usable.map((c) => ({ number: c.number, code: formatCode(this.keys.code(id, c.number)) })),
    );
    return { buffer, filename: `核验码-${b.label}.docx` };
  }

  // ---------------------------------------------------------------- rosters and phone numbers

  private async toRosterDtos(rows: RollRosterEntity[]): Promise<Roster[]> {
    if (!rows.length) return [];
    const verified: { rosterId: string; n: number | string }[] = await this.entries
      .createQueryBuilder('e')
      .innerJoin(RollVerificationEntity, 'v', 'v.rosterEntryId = e.id')
      .select('e.rosterId', 'rosterId')
      .addSelect('COUNT(*)', 'n')
      .where('e.rosterId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .groupBy('e.rosterId')
      .getRawMany();
    const byRoster = new Map(verified.map((v) => [v.rosterId, Number(v.n)]));
    const orgs = await this.organizations.byIds(rows.flatMap((r) => [r.platformOrgId, r.organizationId]));
    const out: Roster[] = [];
    for (const r of rows) {
      out.push({
        id: r.id,
        label: r.label,
        industry: r.industry,
        regionCode: r.regionCode,
        regionName: await this.regions.fullName(r.regionCode),
        platformOrgId: r.platformOrgId,
        platformName: r.platformOrgId ? (orgs.get(r.platformOrgId)?.name ?? null) : null,
        organizationName: r.organizationId ? (orgs.get(r.organizationId)?.name ?? null) : null,
        entries: r.entries,
        verified: byRoster.get(r.id) ?? 0,
        createdAt: r.createdAt.toISOString(),
      });
    }
    return out;
  }

  /** Reads a roster file and keeps only the keyed hashes of its numbers; a file with none is refused, nothing kept. */
  async uploadRoster(auth: AuthContext, dto: UploadRosterDto, file: { buffer: Buffer } | undefined): Promise<RosterUploadResult> {
    await this.checkScope(auth, dto);
    const label = dto.label.trim();
    if (!label) throw invalid('label', '名称 label 不能为空');
    if (!file?.buffer?.length) throw invalid('file', '请选择名单文件（file）：csv 或 xlsx，每行一个手机号');
    const read = await readRoster(file.buffer);
    if (!read)
      throw new DomainError(400, 'roster_file_invalid', '名单文件读不出来：请上传 csv 或 xlsx 文件', [
        { field: 'file', message: '不是 csv 或 xlsx 文件' },
      ]);
    if (!read.phones.length) {
      throw new DomainError(400, 'roster_file_invalid', '名单里没有找到有效的手机号（11 位，1 开头）', [
        { field: 'file', message: '没有有效的手机号' },
      ]);
    }
    if (read.phones.length > ROLL_LIMITS.maxRosterEntries) {
      throw new DomainError(400, 'roster_file_invalid', `一个名单最多 ${ROLL_LIMITS.maxRosterEntries} 个手机号，请分开上传`, [
        { field: 'file', message: '手机号太多' },
      ]);
    }
    const keys = read.phones.map((p) => this.keys.phoneKey(p));
    read.phones.length = 0;
    const roster: RollRosterEntity = {
      id: newId(),
      label,
      industry: dto.industry,
      regionCode: dto.regionCode,
      platformOrgId: dto.platformOrgId ?? null,
      entries: keys.length,
      organizationId: auth.organizationId,
      createdBy: auth.userId,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async (em) => {
      await em.insert(RollRosterEntity, roster);
      for (let i = 0; i < keys.length; i += 500) {
        await em.insert(
          RollRosterEntryEntity,
          keys.slice(i, i + 500).map((phoneKey) => ({ id: newId(), rosterId: roster.id, phoneKey })),
        );
      }
      await this.audit.record(em, auth, {
        entity: 'roll_roster',
        entityId: roster.id,
        action: 'uploaded',
        regionCode: roster.regionCode,
        after: {
          label,
          industry: roster.industry,
          regionCode: roster.regionCode,
          platformOrgId: roster.platformOrgId,
          entries: keys.length,
        },
      });
    });
    return {
      roster: (await this.toRosterDtos([roster]))[0],
      skipped: read.skipped,
      skippedCount: read.skippedCount,
      duplicates: read.duplicates,
    };
  }

  async listRosters(auth: AuthContext): Promise<Roster[]> {
    if (!auth.regionCode) return [];
    const [low, high] = regionRange(auth.regionCode);
    const rows = await this.rosters
      .createQueryBuilder('r')
      .where('r.regionCode BETWEEN :low AND :high', { low, high })
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .take(200)
      .getMany();
    return this.toRosterDtos(rows);
  }

  /**
   * Verifies the worker on every roster that lists the phone number they confirmed in WeChat. The number is hashed
   * at once and goes no further; one roster entry verifies one account.
   */
  async verifyPhone(auth: AuthContext, code: string): Promise<VerifyPhoneResult> {
    const answer = await this.phones.exchange(code);
    const phone = answer.countryCode && answer.countryCode !== '86' ? null : normalizePhone(answer.purePhoneNumber);
    if (!phone) throw conflict('roll_phone_not_listed', '只能核验中国大陆的手机号；也可以向工会工作人员要一个核验码');
    const phoneKey = this.keys.phoneKey(phone);
    const listed = await this.entries
      .createQueryBuilder('e')
      .innerJoin(RollRosterEntity, 'r', 'r.id = e.rosterId')
      .select(['e.id AS entryId', 'r.industry AS industry', 'r.regionCode AS regionCode', 'r.platformOrgId AS platformOrgId'])
      .addSelect(['r.createdBy AS createdBy', 'r.organizationId AS organizationId'])
      .where('e.phoneKey = :phoneKey', { phoneKey })
      .orderBy('r.createdAt', 'ASC')
      .getRawMany<{
        entryId: string;
        industry: Industry;
        regionCode: string;
        platformOrgId: string | null;
        createdBy: string;
        organizationId: string | null;
      }>();
    if (!listed.length) {
      throw conflict('roll_phone_not_listed', '你的手机号不在工会上传的名单里。可以向工会工作人员要一个核验码');
    }
    const scopes = await this.tx.run(async (em) => {
      const kept: string[] = [];
      let taken = 0;
      for (const e of listed) {
        const key = scopeKey(e);
        const claimed = await em.findOneBy(RollVerificationEntity, { rosterEntryId: e.entryId });
        if (claimed && claimed.userId !== auth.userId) {
          taken++;
          continue;
        }
        if (claimed || (await em.findOneBy(RollVerificationEntity, { userId: auth.userId, scopeKey: key }))) {
          kept.push(key);
          continue;
        }
        const g: Grant = { ...e, method: 'roster', rosterEntryId: e.entryId, verifiedBy: e.createdBy, organizationId: e.organizationId };
        try {
          await this.grant(em, auth, g);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'roll_already_verified')
            throw conflict('roll_phone_taken', '这个手机号刚刚被核验了，请再试一次');
          throw err;
        }
        kept.push(key);
      }
      if (!kept.length && taken) {
        throw conflict('roll_phone_taken', '这个手机号已经由另一个微信账号核验过了。如有疑问，请联系工会工作人员');
      }
      return new Set(kept);
    });
    const mine = await this.verifications.find({ where: { userId: auth.userId }, order: { verifiedAt: 'ASC' } });
    return { verifications: await this.toVerificationDtos(mine.filter((v) => scopes.has(v.scopeKey))) };
  }

  // ---------------------------------------------------------------- counts for staff

  /** Verified workers in the caller's region (or a region within it), by scope and method: counts, never people. */
  async summary(auth: AuthContext, regionCode?: string): Promise<RollSummary> {
    const region = regionCode ?? auth.regionCode;
    if (!region || !isWithin(region, auth.regionCode)) throw invalid('regionCode', '只能查看你管辖地区的核验名册');
    const [low, high] = regionRange(region);
    const rows: { industry: Industry; regionCode: string; platformOrgId: string | null; method: VerificationMethod; n: number | string }[] =
      await this.verifications
        .createQueryBuilder('v')
        .select(['v.industry AS industry', 'v.regionCode AS regionCode', 'v.platformOrgId AS platformOrgId', 'v.method AS method'])
        .addSelect('COUNT(*)', 'n')
        .where('v.regionCode BETWEEN :low AND :high', { low, high })
        .groupBy('v.industry')
        .addGroupBy('v.regionCode')
        .addGroupBy('v.platformOrgId')
        .addGroupBy('v.method')
        .getRawMany();
    const distinct: { key: string; n: number | string }[] = await this.verifications
      .createQueryBuilder('v')
      .select('v.scopeKey', 'key')
      .addSelect('COUNT(DISTINCT v.userId)', 'n')
      .where('v.regionCode BETWEEN :low AND :high', { low, high })
      .groupBy('v.scopeKey')
      .getRawMany();
    const totals = new Map(distinct.map((d) => [d.key, Number(d.n)]));
    const all = await this.verifications
      .createQueryBuilder('v')
      .select('COUNT(DISTINCT v.userId)', 'n')
      .where('v.regionCode BETWEEN :low AND :high', { low, high })
      .getRawOne<{ n: number | string }>();
    const orgs = await this.organizations.byIds(rows.map((r) => r.platformOrgId));
    const groups = new Map<string, RollSummaryGroup>();
    for (const r of rows) {
      const key = scopeKey(r);
      let g = groups.get(key);
      if (!g) {
        g = {
          industry: r.industry,
          regionCode: r.regionCode,
          regionName: await this.regions.fullName(r.regionCode),
          platformOrgId: r.platformOrgId,
          platformName: r.platformOrgId ? (orgs.get(r.platformOrgId)?.name ?? null) : null,
          byCode: 0,
          byRoster: 0,
          total: totals.get(key) ?? 0,
        };
        groups.set(key, g);
      }
      if (r.method === 'code') g.byCode += Number(r.n);
      else g.byRoster += Number(r.n);
    }
    return {
      regionCode: region,
      regionName: await this.regions.fullName(region),
      total: Number(all?.n ?? 0),
      groups: [...groups.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.industry.localeCompare(b.industry)),
    };
  }
}
