import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { HELD_TEXT, maskPhone, normalizeMobile, type Organization, type Page } from '@xst/shared-types';
import { keysetPage, type SortKey } from '../common/paging.js';
import { Brackets, In, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { Clock, isCalendarDate, shanghaiDate } from '../common/clock.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { Transactions } from '../database/transactions.js';
import { ModerationService } from '../moderation/moderation.service.js';
import type { CreateOrganizationDto, ListOrganizationsQueryDto, UpdateOrganizationDto } from './organizations.dto.js';
import { OrganizationEntity } from './organization.entity.js';
import { isWithin, regionPath, regionRange } from './region-codes.js';
import { RegionsService } from './regions.service.js';
import { isValidUscc } from './uscc.js';

/**
 * The organization as the API shows it. The contact phone is masked unless `fullPhone` (the caller manages the
 * organization or belongs to it, and is not reading a list): audit records and lists keep it masked.
 */
export function toOrganization(o: OrganizationEntity, fullPhone = false): Organization {
  return {
    id: o.id,
    type: o.type,
    name: o.name,
    regionCode: o.regionCode,
    uscc: o.uscc,
    industry: o.industry,
    isPlatform: Boolean(o.isPlatform),
    employees: o.employees,
    isKeyEnterprise: Boolean(o.isKeyEnterprise),
    hasUnion: Boolean(o.hasUnion),
    unionisedAt: o.unionisedAt,
    contactPhone: o.contactPhone ? (fullPhone ? o.contactPhone : maskPhone(o.contactPhone)) : null,
    contactPhoneMasked: Boolean(o.contactPhone) && !fullPhone,
    createdAt: o.createdAt.toISOString(),
  };
}

/** 联系手机 as stored (11 digits), null to clear; a 400 naming the field when it is not a mainland mobile number. */
function contactPhoneOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const phone = normalizeMobile(raw);
  if (!phone) throw invalid('contactPhone', '联系手机 contactPhone 应为 11 位大陆手机号，如 13812345678');
  return phone;
}

const BY_NAME: SortKey<OrganizationEntity>[] = [
  { column: 'o.name', direction: 'ASC', of: (o) => o.name },
  { column: 'o.id', direction: 'ASC', of: (o) => o.id },
];

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ModerationService) private readonly moderation: ModerationService,
  ) {}

  /**
   * Names held after WeChat's content check read as HELD_TEXT until an organizer approves them. The contact phone
   * is shown in full only to `fullPhoneFor` (one organization's page), masked everywhere else.
   */
  private async shown(rows: OrganizationEntity[], fullPhoneFor?: AuthContext): Promise<Organization[]> {
    const held = await this.moderation.hiddenIn(
      'organization_name',
      rows.map((o) => o.id),
    );
    return rows.map((o) => ({
      ...toOrganization(o, fullPhoneFor ? this.answersFor(fullPhoneFor, o) : false),
      ...(ModerationService.isHidden(held, o.id, o.name) ? { name: HELD_TEXT } : {}),
    }));
  }

  /**
   * Who answers for an organization's record, and so reads its contact phone in full: the staff who may edit it
   * (organizers and admins of its region; a union's record, admins only) and its own accounts.
   */
  answersFor(auth: AuthContext, org: OrganizationEntity): boolean {
    if (auth.organizationId && auth.organizationId === org.id) return true;
    if (auth.role === 'admin') return isWithin(org.regionCode, auth.regionCode);
    return auth.role === 'organizer' && org.type !== 'union' && isWithin(org.regionCode, auth.regionCode);
  }

  // ---- the contact phones an account entered: its own data, exported with it and erased with it ----

  /** The contact phones this account entered (in full: they are the account's to take away). */
  async contactPhonesEnteredBy(userId: string): Promise<{ organizationId: string; organizationName: string; contactPhone: string }[]> {
    const rows = await this.orgs.find({ where: { contactPhoneSetBy: userId }, order: { name: 'ASC' } });
    return rows
      .filter((o) => o.contactPhone)
      .map((o) => ({ organizationId: o.id, organizationName: o.name, contactPhone: o.contactPhone! }));
  }

  /** Clears the contact phones this account entered, inside the caller's transaction (its deletion). */
  async forgetContactPhonesOf(em: EntityManager, userId: string): Promise<number> {
    const res = await em.update(OrganizationEntity, { contactPhoneSetBy: userId }, { contactPhone: null, contactPhoneSetBy: null });
    return res.affected ?? 0;
  }

  // ---- what other capabilities read of the registry (inside their transaction when they pass one) ----

  //
  // Every organization handed to another capability carries its name as others may read it: a name held after
  // WeChat's content check (or hidden) reads as HELD_TEXT in invitations, letters, sessions, contracts, petitions,
  // statistics and their exports alike, until an organizer approves it. They are copies: never saved back.

  private async masked(rows: OrganizationEntity[], em?: EntityManager): Promise<OrganizationEntity[]> {
    if (!rows.length) return rows;
    const held = await this.moderation.hiddenIn(
      'organization_name',
      rows.map((o) => o.id),
      em,
    );
    return rows.map((o) =>
      ModerationService.isHidden(held, o.id, o.name) ? Object.assign(new OrganizationEntity(), o, { name: HELD_TEXT }) : o,
    );
  }

  async byId(id: string, em?: EntityManager): Promise<OrganizationEntity | null> {
    const row = await (em?.getRepository(OrganizationEntity) ?? this.orgs).findOneBy({ id });
    return row ? (await this.masked([row], em))[0] : null;
  }

  /** The name as others may read it: null while WeChat's content check holds it (see ModerationService). */
  async checkedName(org: OrganizationEntity): Promise<string | null> {
    // An organization from byId/byIds already reads HELD_TEXT when its name is held.
    if (org.name === HELD_TEXT) return null;
    const held = await this.moderation.hiddenIn('organization_name', [org.id]);
    return ModerationService.isHidden(held, org.id, org.name) ? null : org.name;
  }

  /** The organizations of `ids` that exist, by id. */
  async byIds(ids: readonly (string | null | undefined)[], em?: EntityManager): Promise<Map<string, OrganizationEntity>> {
    const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
    if (!wanted.length) return new Map();
    const rows = await this.masked(await (em?.getRepository(OrganizationEntity) ?? this.orgs).findBy({ id: In(wanted) }), em);
    return new Map(rows.map((o) => [o.id, o]));
  }

  /** Held names of these organizations (the ledger export reads the registry in its own SQL). */
  heldNames(ids: string[]): Promise<Set<string>> {
    return this.moderation.hiddenIn('organization_name', ids);
  }

  /** Enterprises and industry associations registered in a region's subtree, platforms first, then by name. */
  async employersWithin(regionCode: string, limit = 200): Promise<OrganizationEntity[]> {
    const [low, high] = regionRange(regionCode);
    return this.orgs
      .createQueryBuilder('o')
      .where("o.type <> 'union' AND o.regionCode BETWEEN :low AND :high", { low, high })
      .orderBy('o.isPlatform', 'DESC')
      .addOrderBy('o.name', 'ASC')
      .take(limit)
      .getMany()
      .then((rows) => this.masked(rows));
  }

  /** The demo union (or enterprise) of a region, created on first use, for dev sign-in and scripts. */
  async demoOrganization(type: 'union' | 'enterprise', regionCode: string): Promise<OrganizationEntity> {
    const regionName = (await this.regions.name(regionCode)) ?? regionCode;
    const name = type === 'union' ? `${regionName}总工会（演示）` : `${regionName}演示平台企业`;
    return this.tx.run(async (em) => {
      const found = await em.findOneBy(OrganizationEntity, { name, regionCode });
      if (found) return found;
      const org = em.create(OrganizationEntity, {
        id: newId(),
        type,
        name,
        regionCode,
        uscc: null,
        industry: type === 'enterprise' ? 'I' : null,
        isPlatform: type === 'enterprise',
        employees: null,
        isKeyEnterprise: false,
        hasUnion: type === 'enterprise',
        unionisedAt: null,
      });
      await em.insert(OrganizationEntity, org);
      return org;
    });
  }

  // ---- the organizations API ----

  /** An organization the caller may see, or a 404 that says nothing about whether it exists elsewhere. */
  async visible(auth: AuthContext, id: string): Promise<OrganizationEntity> {
    const org = await this.orgs.findOneBy({ id });
    if (!org) throw notFound('组织');
    if (auth.role === 'enterprise') {
      if (org.id === auth.organizationId) return org;
      const own = auth.organizationId ? await this.orgs.findOneBy({ id: auth.organizationId }) : null;
      if (own && org.type === 'union' && this.unionReachable(own.regionCode, org.regionCode)) return org;
      throw notFound('组织');
    }
    if (auth.role === 'worker' || !isWithin(org.regionCode, auth.regionCode)) throw notFound('组织');
    return org;
  }

  /** An enterprise may address the unions above it and those of its own city. */
  private unionReachable(enterpriseRegion: string, unionRegion: string): boolean {
    return regionPath(enterpriseRegion).includes(unionRegion) || isWithin(unionRegion, `${enterpriseRegion.slice(0, 4)}00`);
  }

  async list(auth: AuthContext, q: ListOrganizationsQueryDto): Promise<Page<Organization>> {
    const qb = this.orgs.createQueryBuilder('o');
    if (auth.role === 'enterprise') {
      const own = auth.organizationId ? await this.orgs.findOneBy({ id: auth.organizationId }) : null;
      if (!own) return { items: [], total: 0, next: null };
      const [low, high] = regionRange(`${own.regionCode.slice(0, 4)}00`);
      qb.where(
        new Brackets((w) =>
          w
            .where('o.id = :own', { own: own.id })
            .orWhere(
              new Brackets((u) =>
                u
                  .where("o.type = 'union'")
                  .andWhere(
                    new Brackets((r) =>
                      r
                        .where('o.regionCode IN (:...path)', { path: regionPath(own.regionCode) })
                        .orWhere('o.regionCode BETWEEN :low AND :high', { low, high }),
                    ),
                  ),
              ),
            ),
        ),
      );
    } else {
      if (!auth.regionCode) return { items: [], total: 0, next: null };
      const scope = q.regionCode ?? auth.regionCode;
      if (!isWithin(scope, auth.regionCode)) throw forbidden('只能查看你所辖地区的组织');
      const [low, high] = regionRange(scope);
      qb.where('o.regionCode BETWEEN :low AND :high', { low, high });
    }
    if (q.type) qb.andWhere('o.type = :type', { type: q.type });
    if (q.q) qb.andWhere('o.name LIKE :q', { q: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    return keysetPage(qb, BY_NAME, q, 500, (rows) => this.shown(rows));
  }

  async get(auth: AuthContext, id: string): Promise<Organization> {
    return (await this.shown([await this.visible(auth, id)], auth))[0];
  }

  private async checkFields(auth: AuthContext, type: string, regionCode: string, uscc: string | null | undefined): Promise<void> {
    if (!(await this.regions.exists(regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(regionCode, auth.regionCode)) throw forbidden('只能在你所辖地区内登记组织');
    if (type === 'enterprise' && !uscc) throw invalid('uscc', '企业必须填写统一社会信用代码 uscc');
    if (uscc && !isValidUscc(uscc)) throw invalid('uscc', '统一社会信用代码 uscc 不正确，请核对（含校验位）');
  }

  /** A founding date is a real day, not in the future, of an organization that has a union. */
  private checkUnionisedAt(unionisedAt: string | null, hasUnion: boolean): void {
    if (!unionisedAt) return;
    if (!isCalendarDate(unionisedAt)) throw invalid('unionisedAt', '建会日期 unionisedAt 不是有效的日期');
    if (unionisedAt > shanghaiDate(this.clock.now())) throw invalid('unionisedAt', '建会日期 unionisedAt 不能晚于今天');
    if (!hasUnion) throw invalid('unionisedAt', '填写了建会日期 unionisedAt，已建工会 hasUnion 就应为“是”');
  }

  async create(auth: AuthContext, dto: CreateOrganizationDto): Promise<Organization> {
    if (dto.type === 'union' && auth.role !== 'admin') throw forbidden('只有总工会管理员可以登记工会组织');
    await this.checkFields(auth, dto.type, dto.regionCode, dto.uscc);
    const contactPhone = contactPhoneOf(dto.contactPhone);
    const hasUnion = dto.hasUnion ?? Boolean(dto.unionisedAt);
    this.checkUnionisedAt(dto.unionisedAt ?? null, hasUnion);
    const heldName = await this.moderation.screen(auth, {
      kind: 'organization_name',
      field: 'name',
      label: '名称 name',
      scene: 1,
      text: dto.name,
    });
    try {
      return await this.tx.run(async (em) => {
        const org = em.create(OrganizationEntity, {
          id: newId(),
          type: dto.type,
          name: dto.name.trim(),
          regionCode: dto.regionCode,
          uscc: dto.uscc ?? null,
          industry: dto.industry ?? null,
          isPlatform: dto.isPlatform ?? false,
          employees: dto.employees ?? null,
          isKeyEnterprise: dto.isKeyEnterprise ?? false,
          hasUnion,
          unionisedAt: dto.unionisedAt ?? null,
          contactPhone,
          contactPhoneSetBy: contactPhone ? auth.userId : null,
        });
        await em.insert(OrganizationEntity, org);
        await this.moderation.hold(em, heldName, org.id, org.regionCode);
        const saved = await em.findOneByOrFail(OrganizationEntity, { id: org.id });
        await this.audit.record(em, auth, {
          entity: 'organization',
          entityId: org.id,
          action: 'created',
          regionCode: org.regionCode,
          after: toOrganization(saved),
        });
        return toOrganization(saved, true);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('uscc_taken', '这个统一社会信用代码已经登记过了');
      throw e;
    }
  }

  async update(auth: AuthContext, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    const current = await this.visible(auth, id);
    if (auth.role === 'enterprise') return this.updateOwnContactPhone(auth, current, dto);
    if (current.type === 'union' && auth.role !== 'admin') throw forbidden('只有总工会管理员可以修改工会组织');
    await this.checkFields(auth, current.type, dto.regionCode ?? current.regionCode, dto.uscc !== undefined ? dto.uscc : current.uscc);
    const contactPhone = dto.contactPhone === undefined ? undefined : contactPhoneOf(dto.contactPhone);
    const unionisedAt = dto.unionisedAt === undefined ? current.unionisedAt : dto.unionisedAt;
    this.checkUnionisedAt(unionisedAt, dto.hasUnion ?? (Boolean(current.hasUnion) || Boolean(dto.unionisedAt)));
    const heldName =
      dto.name !== undefined && dto.name.trim() !== current.name
        ? await this.moderation.screen(auth, { kind: 'organization_name', field: 'name', label: '名称 name', scene: 1, text: dto.name })
        : null;
    try {
      return await this.tx.run(async (em) => {
        const org = await em.findOneByOrFail(OrganizationEntity, { id });
        const before = toOrganization(org);
        const { contactPhone: _typed, ...fields } = dto;
        Object.assign(org, fields);
        if (contactPhone !== undefined && contactPhone !== org.contactPhone) {
          org.contactPhone = contactPhone;
          org.contactPhoneSetBy = contactPhone ? auth.userId : null;
        }
        if (dto.unionisedAt && dto.hasUnion === undefined) org.hasUnion = true;
        await em.save(OrganizationEntity, org);
        await this.moderation.hold(em, heldName, id, org.regionCode);
        await this.audit.record(em, auth, {
          entity: 'organization',
          entityId: id,
          action: 'updated',
          regionCode: org.regionCode,
          before,
          after: toOrganization(org),
        });
        return toOrganization(org, this.answersFor(auth, org));
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('uscc_taken', '这个统一社会信用代码已经登记过了');
      throw e;
    }
  }

  /** An enterprise's or association's own account may set (or clear) its organization's contact phone, and nothing else. */
  private async updateOwnContactPhone(auth: AuthContext, current: OrganizationEntity, dto: UpdateOrganizationDto): Promise<Organization> {
    if (current.id !== auth.organizationId) throw forbidden('只能修改你所在单位的联系手机');
    const other = Object.keys(dto).filter((k) => k !== 'contactPhone' && (dto as Record<string, unknown>)[k] !== undefined);
    if (other.length || dto.contactPhone === undefined) throw forbidden('企业账号只能修改本单位的联系手机 contactPhone');
    const contactPhone = contactPhoneOf(dto.contactPhone);
    return this.tx.run(async (em) => {
      const org = await em.findOneByOrFail(OrganizationEntity, { id: current.id });
      const before = toOrganization(org);
      if (contactPhone !== org.contactPhone) {
        org.contactPhone = contactPhone;
        org.contactPhoneSetBy = contactPhone ? auth.userId : null;
        await em.save(OrganizationEntity, org);
        await this.audit.record(em, auth, {
          entity: 'organization',
          entityId: org.id,
          action: 'updated',
          regionCode: org.regionCode,
          before,
          after: toOrganization(org),
        });
      }
      return toOrganization(org, true);
    });
  }
}
