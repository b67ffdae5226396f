import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuthResponse, InviteCode, User as UserDto } from '@xst/shared-types';
import { randomInt } from 'node:crypto';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { authContextOf, type AuthContext, type TokenPayload } from '../common/auth.js';
import { AuthCache } from '../common/auth-cache.js';
import { Clock } from '../common/clock.js';
import { conflict, forbidden, invalid, notFound, unavailable } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { personOf } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import type { OrganizationEntity } from '../regions/organization.entity.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin } from '../regions/region-codes.js';
import { RegionsService } from '../regions/regions.service.js';
import { WechatClient } from '../wechat/wechat.client.js';
import type { CreateInviteCodeDto, DevLoginDto, UpdateMeDto } from './identity.dto.js';
import { InviteCodeEntity } from './invite-code.entity.js';
import { User } from './user.entity.js';

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    role: u.role,
    displayName: u.displayName,
    industry: u.industry,
    platform: u.platform,
    regionCode: u.regionCode,
    organizationId: u.organizationId,
    createdAt: u.createdAt.toISOString(),
  };
}

/** An openid shortened for logs: enough to tell accounts apart, not enough to identify anyone. */
export const maskOpenid = (openid: string) => `${openid.slice(0, 3)}…${openid.length}`;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  // ---- what other capabilities read of the accounts ----

  /** Active worker accounts among these ids, with what their ballots are keyed on (subscribe messages to voters). */
  async activeWorkers(ids: readonly string[], em?: EntityManager): Promise<User[]> {
    const out: User[] = [];
    const repo = em?.getRepository(User) ?? this.users;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(...(await repo.findBy({ id: In(chunk), role: 'worker', deletedAt: IsNull() })));
    }
    return out;
  }

  /** The account a token names, unless it was deleted. */
  async activeAccount(id: string): Promise<User | null> {
    return this.users.findOneBy({ id, deletedAt: IsNull() });
  }

  /** Staff accounts (not workers, not deleted) of these organizations: whom a reminder goes to. */
  async staffOf(organizationIds: readonly (string | null)[], em?: EntityManager): Promise<string[]> {
    const ids = [...new Set(organizationIds.filter((x): x is string => Boolean(x)))];
    if (!ids.length) return [];
    const rows = await (em?.getRepository(User) ?? this.users)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.organizationId IN (:...ids)', { ids })
      .andWhere("u.role <> 'worker'")
      .andWhere('u.deletedAt IS NULL')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Workers registered in a region subtree [low, high] whose industry is one of `industries`. */
  /** Organizer accounts (not deleted) whose region is exactly one of these codes: whom a region's news goes to. */
  async organizersOf(regionCodes: readonly string[], em?: EntityManager): Promise<string[]> {
    if (!regionCodes.length) return [];
    const rows = await (em?.getRepository(User) ?? this.users)
      .createQueryBuilder('u')
      .select(['u.id AS id', 'u.regionCode AS regionCode'])
      .where("u.role = 'organizer' AND u.deletedAt IS NULL")
      .andWhere('u.regionCode IN (:...codes)', { codes: [...regionCodes] })
      .getRawMany<{ id: string; regionCode: string }>();
    // The nearest level that has organizers: the city's, else the province's.
    for (const code of regionCodes) {
      const here = rows.filter((r) => r.regionCode === code).map((r) => r.id);
      if (here.length) return here;
    }
    return [];
  }

  async countWorkers(range: [string, string], industries: readonly string[]): Promise<number> {
    const row = await this.users
      .createQueryBuilder('u')
      .select('COUNT(*)', 'n')
      .where("u.role = 'worker' AND u.deletedAt IS NULL")
      .andWhere('u.regionCode BETWEEN :low AND :high', { low: range[0], high: range[1] })
      .andWhere('u.industry IN (:...industries)', { industries })
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /** Active worker accounts among `ids`, with what a congress's electorate needs of them. */
  async workerAccounts(ids: readonly string[]): Promise<Pick<User, 'id' | 'displayName' | 'industry' | 'regionCode'>[]> {
    if (!ids.length) return [];
    return this.users.find({
      select: { id: true, displayName: true, industry: true, regionCode: true },
      where: { id: In([...ids]), role: 'worker', deletedAt: IsNull() },
    });
  }

  /** Accounts created before ballots were keyed on the person: their id and openid (see PrivacyService). */
  async unkeyedAccounts(limit: number): Promise<{ id: string; openid: string }[]> {
    return this.users
      .createQueryBuilder('u')
      .select(['u.id AS id', 'u.openid AS openid'])
      .where('u.person IS NULL AND u.openid IS NOT NULL AND u.deletedAt IS NULL')
      .orderBy('u.id', 'ASC')
      .limit(limit)
      .getRawMany();
  }

  /** Sets the person of an account that has none yet, inside the caller's transaction; false if it had one. */
  async keyOnPerson(em: EntityManager, id: string, person: string): Promise<boolean> {
    const res = await em.createQueryBuilder().update(User).set({ person }).where('id = :id AND person IS NULL', { id }).execute();
    this.authCache.forgetUser(id);
    return Boolean(res.affected);
  }

  // ---- signing in ----

  async issue(user: User): Promise<AuthResponse> {
    this.authCache.forgetUser(user.id);
    const payload: TokenPayload = { sub: user.id, tv: user.tokenVersion };
    const token = await this.jwt.signAsync(payload, { expiresIn: this.config.tokenTtlSeconds, algorithm: 'HS256' });
    return {
      token,
      expiresAt: new Date(Date.now() + this.config.tokenTtlSeconds * 1000).toISOString(),
      user: toUserDto(user),
    };
  }

  /**
   * Finds the account of an openid, creating a worker account on first sign-in, keyed for its ballots on the person
   * (`person`, fixed at creation): an account deleted and created again gets the same one.
   */
  private async findOrCreate(em: EntityManager, openid: string, person: string): Promise<{ user: User; created: boolean }> {
    const existing = await em.findOneBy(User, { openid });
    if (existing) return { user: existing, created: false };
    const user = em.create(User, { id: newId(), openid, person, role: 'worker', tokenVersion: 0 });
    await em.insert(User, user);
    return { user: (await em.findOneBy(User, { id: user.id }))!, created: true };
  }

  async signInWithWechat(code: string): Promise<AuthResponse> {
    const session = await this.wechat.code2Session(code);
    const person = personOf(this.config.wechat.identity, session);
    if (!person) {
      this.logger.warn(`jscode2session returned no unionid for ${maskOpenid(session.openid)} (WECHAT_IDENTITY=unionid)`);
      throw unavailable('wechat_unionid_missing', '微信没有返回 unionid，暂时不能登录：请管理员确认小程序已绑定微信开放平台');
    }
    const user = await this.tx.run(async (em) => {
      const { user, created } = await this.findOrCreate(em, session.openid, person);
      if (created) {
        await this.audit.record(em, authContextOf(user), {
          entity: 'account',
          entityId: user.id,
          action: 'created',
          regionCode: null,
          after: toUserDto(user),
        });
      }
      return user;
    });
    this.logger.log(`signed in ${maskOpenid(session.openid)}`);
    return this.issue(user);
  }

  async devLogin(dto: DevLoginDto): Promise<AuthResponse> {
    if (!this.config.devLogin) throw notFound('接口');
    let org: OrganizationEntity | null = null;
    const existing = await this.users.findOneBy({ openid: dto.openid });
    const keepBinding = existing?.role === dto.role && existing.organizationId && !dto.organizationId && !dto.regionCode;
    if (keepBinding) {
      org = await this.organizations.byId(existing.organizationId!);
    } else if (dto.role !== 'worker') {
      if (dto.organizationId) {
        org = await this.organizations.byId(dto.organizationId);
        if (!org) throw invalid('organizationId', '组织 organizationId 不存在');
      } else {
        const regionCode = dto.regionCode ?? '510000';
        if (!(await this.regions.exists(regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
        org = await this.organizations.demoOrganization(dto.role === 'enterprise' ? 'enterprise' : 'union', regionCode);
      }
    } else if (dto.regionCode && !(await this.regions.exists(dto.regionCode))) {
      throw invalid('regionCode', '地区代码 regionCode 不存在');
    }
    const user = await this.tx.run(async (em) => {
      // Dev sign-in has no WeChat behind it: its openid is the person, whatever WECHAT_IDENTITY says.
      const { user } = await this.findOrCreate(em, dto.openid, personOf('openid', { openid: dto.openid })!);
      const before = toUserDto(user);
      user.role = dto.role;
      user.organizationId = org?.id ?? null;
      user.regionCode = org?.regionCode ?? dto.regionCode ?? user.regionCode;
      await em.save(User, user);
      await this.audit.record(em, authContextOf(user), {
        entity: 'account',
        entityId: user.id,
        action: 'dev_login',
        regionCode: user.regionCode,
        before,
        after: toUserDto(user),
      });
      return user;
    });
    return this.issue(user);
  }

  async me(auth: AuthContext): Promise<UserDto> {
    const user = await this.users.findOneByOrFail({ id: auth.userId });
    return toUserDto(user);
  }

  async updateMe(auth: AuthContext, dto: UpdateMeDto): Promise<UserDto> {
    if (auth.role !== 'worker' && (dto.industry !== undefined || dto.platform !== undefined || dto.regionCode !== undefined)) {
      throw forbidden('工作人员账号的地区和行业由所属组织决定，不能在这里修改');
    }
    if (dto.regionCode) {
      const level = await this.regions.level(dto.regionCode);
      if (!level) throw invalid('regionCode', '所在城市 regionCode 不存在');
      if (level === 'province') throw invalid('regionCode', '请选择到市或区县');
    }
    const updated = await this.tx.run(async (em) => {
      const user = await em.findOneByOrFail(User, { id: auth.userId });
      const before = toUserDto(user);
      Object.assign(user, dto);
      await em.save(User, user);
      await this.audit.record(em, auth, {
        entity: 'account',
        entityId: user.id,
        action: 'profile_updated',
        regionCode: user.regionCode,
        before,
        after: toUserDto(user),
      });
      return toUserDto(user);
    });
    this.authCache.forgetUser(auth.userId);
    return updated;
  }

  /** Deletes a worker's account inside the caller's transaction: identity gone, every token revoked (after commit). */
  async erase(em: EntityManager, userId: string): Promise<void> {
    const user = await em.findOneByOrFail(User, { id: userId });
    Object.assign(user, {
      openid: null,
      person: null,
      displayName: null,
      platform: null,
      industry: null,
      regionCode: null,
      deletedAt: this.clock.now(),
      tokenVersion: user.tokenVersion + 1,
    });
    await em.save(User, user);
  }

  /** Signs out everywhere: every token issued so far stops working. */
  async revokeTokens(auth: AuthContext): Promise<void> {
    await this.tx.run(async (em) => {
      await em.increment(User, { id: auth.userId }, 'tokenVersion', 1);
      await this.audit.record(em, auth, {
        entity: 'account',
        entityId: auth.userId,
        action: 'tokens_revoked',
        regionCode: auth.regionCode,
      });
    });
    this.authCache.forgetUser(auth.userId);
  }

  async createInviteCode(auth: AuthContext, dto: CreateInviteCodeDto, createdBy: string | null = auth.userId): Promise<InviteCode> {
    const org = await this.organizations.byId(dto.organizationId);
    if (!org || !isWithin(org.regionCode, auth.regionCode)) throw invalid('organizationId', '组织不存在或不在你的管辖范围内');
    if (auth.role === 'organizer' && dto.role !== 'enterprise') throw forbidden('工会工作人员只能为企业代表发放邀请码');
    if (dto.role === 'enterprise' ? org.type === 'union' : org.type !== 'union') {
      throw invalid('role', dto.role === 'enterprise' ? '企业代表账号只能属于企业或行业协会' : '工会工作人员和管理员账号只能属于工会');
    }
    if (!isWithin(dto.regionCode, auth.regionCode) || !isWithin(org.regionCode, dto.regionCode)) {
      throw invalid('regionCode', '地区应为该组织所在地区或其上级，并在你的管辖范围内');
    }
    return this.tx.run(async (em) => {
      const code = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      const row = em.create(InviteCodeEntity, {
        code,
        role: dto.role,
        organizationId: org.id,
        regionCode: dto.regionCode,
        createdBy,
        expiresAt: new Date(this.clock.now().getTime() + (dto.validDays ?? 14) * 86400_000),
        redeemedBy: null,
        redeemedAt: null,
      });
      await em.insert(InviteCodeEntity, row);
      await this.audit.record(em, auth, {
        entity: 'account',
        entityId: org.id,
        action: 'invite_code_created',
        regionCode: org.regionCode,
        after: { role: dto.role, organizationId: org.id, regionCode: dto.regionCode },
      });
      return this.toInviteCode(row);
    });
  }

  private toInviteCode(r: InviteCodeEntity): InviteCode {
    return {
      code: r.code,
      role: r.role,
      organizationId: r.organizationId,
      regionCode: r.regionCode,
      expiresAt: r.expiresAt.toISOString(),
      redeemedAt: r.redeemedAt?.toISOString() ?? null,
    };
  }

  async redeem(auth: AuthContext, code: string): Promise<AuthResponse> {
    const user = await this.tx.run(async (em) => {
      const row = await em.findOneBy(InviteCodeEntity, { code });
      if (!row) throw invalid('code', '邀请码不存在，请核对后再输入');
      if (row.redeemedAt) throw conflict('invite_code_used', '这个邀请码已经用过了，请向发放单位重新申请');
      if (row.expiresAt.getTime() < this.clock.now().getTime())
        throw conflict('invite_code_expired', '这个邀请码已过期，请向发放单位重新申请');
      const user = await em.findOneByOrFail(User, { id: auth.userId });
      const before = toUserDto(user);
      user.role = row.role;
      user.organizationId = row.organizationId;
      user.regionCode = row.regionCode;
      user.industry = null;
      user.platform = null;
      await em.save(User, user);
      // The guard against two redemptions racing: only one update finds the code still unredeemed.
      const res = await em
        .createQueryBuilder()
        .update(InviteCodeEntity)
        .set({ redeemedAt: this.clock.now(), redeemedBy: user.id })
        .where('code = :code AND redeemedAt IS NULL', { code })
        .execute();
      if (!res.affected) throw conflict('invite_code_used', '这个邀请码已经用过了，请向发放单位重新申请');
      await this.audit.record(em, auth, {
        entity: 'account',
        entityId: user.id,
        action: 'invite_code_redeemed',
        regionCode: user.regionCode,
        before,
        after: toUserDto(user),
      });
      return user;
    });
    return this.issue(user);
  }
}
