import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  catalogTopic,
  type Invitation,
  type Petition,
  type PetitionEmployer,
  type PetitionFigures,
  type PetitionStatus,
} from '@xst/shared-types';
import { createHmac } from 'node:crypto';
import { In, type EntityManager, type Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { addDays, Clock, daysBetween, isCalendarDate, shanghaiDate } from '../common/clock.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { deadlineAfter } from '../common/legal-clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { IdentityService } from '../identity/identity.service.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import { RegionsService } from '../regions/regions.service.js';
import { PetitionNoticesService } from './petition-notices.service.js';
import { cityOf, PetitionRoll, type PetitionScope } from './petition-roll.js';
import { PetitionEntity, PetitionSignatureEntity } from './petition.entity.js';
import type { ListPetitionsDto, PetitionFiguresDto, PetitionInvitationDto, StartPetitionDto } from './petitions.dto.js';

const LIST_LIMIT = 200;

const provinceOf = (regionCode: string) => `${regionCode.slice(0, 2)}0000`;

/** Stored state to what the petition reads as now: an unanswered obligation past its clock is overdue. */
export function petitionStatus(p: Pick<PetitionEntity, 'reachedAt' | 'dueAt' | 'answeredAt'>, now: Date): PetitionStatus {
  if (p.answeredAt) return 'answered';
  if (!p.reachedAt) return 'collecting';
  return p.dueAt && now.getTime() > p.dueAt.getTime() ? 'overdue' : 'obliged';
}

/** Co-signers it takes of a roll: the share, rounded up (exactly one fifth of 25 is 5). */
export const needed = (roll: number, percent: number) => Math.ceil((roll * percent) / 100);

/** Whether `signatures` of `roll` reach `percent`, in whole numbers: 5 of 25 at 20% does, 4 does not. */
export const reaches = (signatures: number, roll: number, percent: number) => roll > 0 && signatures * 100 >= roll * percent;

/** Co-signers as published: in whole steps, nothing below one step. */
export const stepped = (n: number, step: number) => (n >= step ? Math.floor(n / step) * step : null);

const notEligible = () =>
  new DomainError(403, 'petition_not_eligible', '你还不在这家企业所在城市、行业的核验名册上，请先到工会驿站核验身份再联署');

/** Whether a scope the worker is verified for covers the petition's (a platform's verification covers its city too). */
const covers = (s: PetitionScope, p: Pick<PetitionEntity, 'industry' | 'regionCode' | 'platformOrgId'>) =>
  s.industry === p.industry && s.regionCode === p.regionCode && (!p.platformOrgId || s.platformOrgId === p.platformOrgId);
const answered = () => conflict('petition_answered', '工会已就这份联署发出要约，联署已结束');

@Injectable()
export class PetitionsService {
  constructor(
    @InjectRepository(PetitionEntity) private readonly petitions: Repository<PetitionEntity>,
    @InjectRepository(PetitionSignatureEntity) private readonly signatures: Repository<PetitionSignatureEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(PetitionRoll) private readonly roll: PetitionRoll,
    @Inject(PetitionNoticesService) private readonly notices: PetitionNoticesService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private scopeOf(p: Pick<PetitionEntity, 'industry' | 'regionCode' | 'platformOrgId'>): PetitionScope {
    return { industry: p.industry, regionCode: p.regionCode, platformOrgId: p.platformOrgId };
  }

  /**
   * The pseudonym a co-signature is stored under: an HMAC of the person's WeChat openid (which survives deleting
   * the account and signing in again), under its own label so that it cannot be joined with ballot pseudonyms.
   */
  private async signerKey(auth: AuthContext): Promise<string> {
    const user = await this.identity.activeAccount(auth.userId);
    if (!user?.openid) throw forbidden();
    return createHmac('sha256', this.config.ballotSecret).update(`petition:${user.openid}`).digest('hex');
  }

  // ---------------------------------------------------------------- reading

  private staffMaySee(auth: AuthContext, p: PetitionEntity): boolean {
    return (auth.role === 'organizer' || auth.role === 'admin') && isWithin(p.regionCode, auth.regionCode);
  }

  private async signedBy(key: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.signatures.find({ select: { petitionId: true }, where: { signerKey: key, petitionId: In(ids) } });
    return new Set(rows.map((r) => r.petitionId));
  }

  /** The petition if the caller may see it; else a 404 that says nothing about whether it exists. */
  private async visible(auth: AuthContext, id: string): Promise<{ p: PetitionEntity; mine?: boolean }> {
    const p = await this.petitions.findOneBy({ id });
    if (!p) throw notFound('联署');
    if (auth.role === 'worker') {
      const mine = (await this.signedBy(await this.signerKey(auth), [id])).has(id);
      if (mine || (await this.roll.isEligible(auth.userId, this.scopeOf(p)))) return { p, mine };
      throw notFound('联署');
    }
    if (!this.staffMaySee(auth, p)) throw notFound('联署');
    return { p };
  }

  private async toDto(p: PetitionEntity, now: Date, mine?: boolean): Promise<Petition> {
    const { sharePercent, step } = this.config.petition;
    const employer = await this.organizations.byId(p.organizationId);
    const status = petitionStatus(p, now);
    // Once reached, the figures that obliged stay those of that day.
    const size = p.reachedAt ? (p.rollAtReach ?? 0) : await this.roll.size(this.scopeOf(p));
    const verified = p.reachedAt ? Boolean(p.verifiedRoll) : this.roll.verified;
    const dueLastDay = p.dueAt ? shanghaiDate(p.dueAt) : null;
    const owed = status === 'obliged' || status === 'overdue';
    return {
      id: p.id,
      status,
      industry: p.industry,
      regionCode: p.regionCode,
      regionName: await this.regions.fullName(p.regionCode),
      employer: { id: p.organizationId, name: employer?.name ?? '' },
      topics: p.topics,
      signatures: { shown: stepped(p.signatures, step), step },
      roll: { size, verified },
      threshold: { percent: sharePercent, needed: needed(size, sharePercent) },
      startedOn: shanghaiDate(p.createdAt),
      reachedOn: p.reachedAt ? shanghaiDate(p.reachedAt) : null,
      inviteDays: p.inviteDays,
      dueLastDay,
      dueAt: p.dueAt?.toISOString() ?? null,
      daysLeft: owed && dueLastDay ? daysBetween(shanghaiDate(now), dueLastDay) : null,
      invitationId: p.invitationId,
      answeredAt: p.answeredAt?.toISOString() ?? null,
      answeredInTime: p.answeredAt ? !p.dueAt || p.answeredAt.getTime() <= p.dueAt.getTime() : null,
      ...(mine !== undefined ? { mySignature: mine } : {}),
    };
  }

  async get(auth: AuthContext, id: string): Promise<Petition> {
    const { p, mine } = await this.visible(auth, id);
    return this.toDto(p, this.clock.now(), mine);
  }

  /**
   * Workers: the petitions of their industry and city, and those they signed. Staff: their region's, the ones
   * owing an invitation first (the nearest clock first), then those collecting, then the answered.
   */
  async list(auth: AuthContext, q: ListPetitionsDto): Promise<Petition[]> {
    const now = this.clock.now();
    const qb = this.petitions.createQueryBuilder('p');
    let key: string | null = null;
    let scopes: PetitionScope[] = [];
    let signedIds = new Set<string>();
    if (auth.role === 'worker') {
      key = await this.signerKey(auth);
      const signed = (await this.signatures.find({ select: { petitionId: true }, where: { signerKey: key } })).map((s) => s.petitionId);
      scopes = await this.roll.scopesOf(auth);
      if (!scopes.length && !signed.length) return [];
      qb.where('1 = 0');
      for (const [i, sc] of scopes.entries()) {
        qb.orWhere(`(p.industry = :ind${i} AND p.regionCode = :city${i})`, { [`ind${i}`]: sc.industry, [`city${i}`]: sc.regionCode });
      }
      if (signed.length) qb.orWhere('p.id IN (:...signed)', { signed });
      signedIds = new Set(signed);
    } else {
      if (!auth.regionCode) return [];
      const [low, high] = regionRange(auth.regionCode);
      qb.where('p.regionCode BETWEEN :low AND :high', { low, high });
    }
    const rows = await qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'ASC').take(LIST_LIMIT).getMany();
    const rank: Record<PetitionStatus, number> = { overdue: 0, obliged: 1, collecting: 2, answered: 3 };
    const sorted = rows
      .map((p) => ({ p, status: petitionStatus(p, now) }))
      .filter((r) => !q.status || r.status === q.status)
      // A platform's petition concerns only the workers verified for that platform.
      .filter((r) => auth.role !== 'worker' || signedIds.has(r.p.id) || scopes.some((sc) => covers(sc, r.p)))
      .sort((a, b) => {
        if (rank[a.status] !== rank[b.status]) return rank[a.status] - rank[b.status];
        if (a.p.dueAt && b.p.dueAt) return a.p.dueAt.getTime() - b.p.dueAt.getTime();
        return 0;
      });
    const mine = key
      ? await this.signedBy(
          key,
          sorted.map((r) => r.p.id),
        )
      : null;
    const out: Petition[] = [];
    for (const { p } of sorted) out.push(await this.toDto(p, now, mine ? mine.has(p.id) : undefined));
    return out;
  }

  /** The employers a worker may petition: those registered in the cities of the worker's verifications. */
  async employers(auth: AuthContext): Promise<PetitionEmployer[]> {
    const cities = [...new Set((await this.roll.scopesOf(auth)).map((sc) => sc.regionCode))];
    const out: PetitionEmployer[] = [];
    for (const city of cities) {
      for (const o of await this.organizations.employersWithin(city))
        out.push({ id: o.id, name: o.name, isPlatform: Boolean(o.isPlatform) });
    }
    return out;
  }

  // ---------------------------------------------------------------- signing

  /** Starts a petition of the worker's industry and city to an employer, or joins the one already open; and signs. */
  async start(auth: AuthContext, dto: StartPetitionDto): Promise<Petition> {
    const employer = await this.organizations.byId(dto.organizationId);
    if (!employer || employer.type === 'union') throw invalid('organizationId', '请选择一家企业或行业协会');
    const codes = [...new Set(dto.topics ?? [])];
    const topics = codes.map((code, i) => {
      const t = catalogTopic(code);
      if (!t) throw invalid(`topics[${i}]`, `议题 ${code} 不在议题目录里`);
      return { code, title: t.title };
    });
    const city = cityOf(employer.regionCode);
    const platformOrgId = employer.isPlatform ? employer.id : null;
    // The scope is the employer's city and platform, in the industry the worker is verified for there.
    const mine = (await this.roll.scopesOf(auth)).find((sc) => covers(sc, { industry: sc.industry, regionCode: city, platformOrgId }));
    if (!mine) throw notEligible();
    const industry = mine.industry;
    const openScope = `${city}:${industry}:${employer.id}`;
    let p = await this.petitions.findOneBy({ openScope });
    if (!p) {
      const id = newId();
      try {
        await this.tx.run((em) =>
          em.insert(PetitionEntity, {
            id,
            industry,
            regionCode: city,
            organizationId: employer.id,
            platformOrgId,
            topics,
            signatures: 0,
            openScope,
            reachedAt: null,
            rollAtReach: null,
            signaturesAtReach: null,
            verifiedRoll: false,
            inviteDays: null,
            dueAt: null,
            invitationId: null,
            answeredAt: null,
          }),
        );
      } catch (e) {
        // Another worker opened it a moment before: theirs is the one to sign.
        if (!isUniqueViolation(e)) throw e;
      }
      p = await this.petitions.findOneByOrFail({ openScope });
    }
    return this.sign(auth, p.id);
  }

  /** One tap signs; again changes nothing (one signature per person, however many accounts). */
  async sign(auth: AuthContext, id: string): Promise<Petition> {
    const { p } = await this.visible(auth, id);
    if (p.answeredAt) throw answered();
    if (!(await this.roll.isEligible(auth.userId, this.scopeOf(p)))) throw notEligible();
    const key = await this.signerKey(auth);
    const size = await this.roll.size(this.scopeOf(p));
    const reached = await this.tx.run(async (em) => {
      if (await em.findOneBy(PetitionSignatureEntity, { petitionId: id, signerKey: key })) return false;
      try {
        await em.insert(PetitionSignatureEntity, { id: newId(), petitionId: id, signerKey: key });
      } catch (e) {
        if (isUniqueViolation(e)) return false; // the same person from a second phone, a moment earlier
        throw e;
      }
      const res = await em
        .createQueryBuilder()
        .update(PetitionEntity)
        .set({ signatures: () => 'signatures + 1' })
        .where('id = :id AND answeredAt IS NULL', { id })
        .execute();
      if (!res.affected) throw answered();
      return this.reachIfDue(em, id, size);
    });
    if (reached) this.notices.kick();
    return this.get(auth, id);
  }

  /** Stores the obligation when the co-signers reach the share of the roll, and queues the organizers' notice. */
  private async reachIfDue(em: EntityManager, id: string, size: number): Promise<boolean> {
    const p = await em.findOneByOrFail(PetitionEntity, { id });
    if (p.reachedAt || !reaches(p.signatures, size, this.config.petition.sharePercent)) return false;
    const now = this.clock.now();
    const days = this.config.petition.inviteDays;
    const res = await em
      .createQueryBuilder()
      .update(PetitionEntity)
      .set({
        reachedAt: now,
        rollAtReach: size,
        signaturesAtReach: p.signatures,
        verifiedRoll: this.roll.verified,
        inviteDays: days,
        dueAt: deadlineAfter(now, days).endsAt,
      })
      .where('id = :id AND reachedAt IS NULL', { id })
      .execute();
    if (!res.affected) return false;
    const recipients = await this.identity.organizersOf([p.regionCode, provinceOf(p.regionCode)], em);
    await this.notices.enqueue(em, id, recipients, now);
    return true;
  }

  /** Takes one's signature back while the petition is unanswered; an obligation already reached stays. */
  async withdraw(auth: AuthContext, id: string): Promise<Petition> {
    const { p } = await this.visible(auth, id);
    if (p.answeredAt) throw answered();
    const key = await this.signerKey(auth);
    await this.tx.run(async (em) => {
      const res = await em.delete(PetitionSignatureEntity, { petitionId: id, signerKey: key });
      if (!res.affected) return;
      const upd = await em
        .createQueryBuilder()
        .update(PetitionEntity)
        .set({ signatures: () => 'signatures - 1' })
        .where('id = :id AND answeredAt IS NULL', { id })
        .execute();
      if (!upd.affected) throw answered();
    });
    return this.get(auth, id);
  }

  // ---------------------------------------------------------------- answering

  /** Sends the invitation the petition asks for, to its employer: the petition is answered in the same transaction. */
  async invite(auth: AuthContext, id: string, dto: PetitionInvitationDto): Promise<Invitation> {
    const { p } = await this.visible(auth, id);
    if (p.answeredAt) throw answered();
    return this.invitations.create(auth, { ...dto, toOrganizationId: p.organizationId, draft: false }, async (em, inv) => {
      const res = await em
        .createQueryBuilder()
        .update(PetitionEntity)
        .set({ invitationId: inv.id, answeredAt: inv.sentAt, openScope: null })
        .where('id = :id AND answeredAt IS NULL', { id })
        .execute();
      if (!res.affected) throw answered();
    });
  }

  // ---------------------------------------------------------------- figures

  /** Petitions of a region whose share was reached in the period (Asia/Shanghai days), and what became of them. */
  async figures(auth: AuthContext, q: PetitionFiguresDto): Promise<PetitionFigures> {
    const regionCode = q.regionCode ?? auth.regionCode;
    if (!regionCode || !isWithin(regionCode, auth.regionCode)) throw invalid('regionCode', '只能查看你管辖地区的统计');
    const today = shanghaiDate(this.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 4)}-01-01`;
    if (!isCalendarDate(from)) throw invalid('from', '开始日期 from 不是有效的日期');
    if (!isCalendarDate(to)) throw invalid('to', '结束日期 to 不是有效的日期');
    if (from > to) throw invalid('to', '结束日期 to 不能早于开始日期');
    const [low, high] = regionRange(regionCode);
    const now = this.clock.now();
    const reachedRows = await this.petitions
      .createQueryBuilder('p')
      .where('p.regionCode BETWEEN :low AND :high', { low, high })
      .andWhere('p.reachedAt >= :start AND p.reachedAt < :end', {
        start: new Date(`${from}T00:00:00+08:00`),
        end: new Date(`${addDays(to, 1)}T00:00:00+08:00`),
      })
      .getMany();
    const out: PetitionFigures = {
      regionCode,
      from,
      to,
      reached: reachedRows.length,
      answeredInTime: 0,
      answeredLate: 0,
      overdue: 0,
      pending: 0,
      collecting: await this.collectingIn(low, high),
      verified: reachedRows.every((p) => Boolean(p.verifiedRoll)),
    };
    for (const p of reachedRows) {
      if (p.answeredAt) {
        if (p.dueAt && p.answeredAt.getTime() > p.dueAt.getTime()) out.answeredLate++;
        else out.answeredInTime++;
      } else if (petitionStatus(p, now) === 'overdue') out.overdue++;
      else out.pending++;
    }
    return out;
  }

  private async collectingIn(low: string, high: string): Promise<number> {
    const row = await this.petitions
      .createQueryBuilder('p')
      .select('COUNT(*)', 'n')
      .where('p.regionCode BETWEEN :low AND :high', { low, high })
      .andWhere('p.reachedAt IS NULL AND p.answeredAt IS NULL')
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }
}
