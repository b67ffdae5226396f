import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CONSULTATION_LIMITS,
  catalogTopic,
  INDUSTRY_LABELS,
  type BallotReceipt,
  type Consultation,
  type ConsultationResults,
  type ConsultationStatus,
  type ConsultationTopic,
  type Industry,
  type MyBallot,
  type Participation,
  type PublishedResults,
  type PublishedTally,
  type ResultsPublication,
  type Roll,
  type RollScope,
  type UnpublishedReason,
} from '@xst/shared-types';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AuditService, snapshot } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { ballotKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { rawDate, sqlTime } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { isWithin, regionPath, regionRange } from '../regions/region-codes.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { RollService } from '../roll/roll.service.js';
import { BallotBatcher } from './ballot-batcher.js';
import { BallotEntity, ConsultationEntity, ConsultationTopicEntity } from './consultation.entity.js';
import type {
  BallotDto,
  CreateConsultationDto,
  ExtendConsultationDto,
  ListConsultationsDto,
  UpdateConsultationDto,
} from './consultations.dto.js';
import { keptCounts, type CountRow } from './ballot-counts.js';
import { ResultSnapshotEntity } from './result-snapshot.entity.js';
import { ResultsPublisher, publishedSuggestions, type Published } from './results-publication.js';
import { breakdown, groupsOf, rollGroups, tally } from './tally.js';

const MAX_DURATION_MS = 366 * 86400_000;
const LIST_LIMIT = 100;

export function statusAt(c: { opensAt: Date; closesAt: Date }, now: Date): ConsultationStatus {
  if (now < c.opensAt) return 'upcoming';
  return now < c.closesAt ? 'open' : 'closed';
}

/** The city of a region code: its first four digits followed by 00. */
export const cityOf = (regionCode: string) => `${regionCode.slice(0, 4)}00`;

/** What the ballot path needs of a consultation, kept in memory: none of it changes once the consultation is open. */
interface Questions {
  id: string;
  revision: number;
  regionCode: string;
  industries: Industry[];
  mode: ConsultationEntity['mode'];
  maxChoices: number;
  allowSuggestions: boolean;
  topicIds: Set<string>;
  opensAt: Date;
  closesAt: Date;
  eligibility: ConsultationEntity['eligibility'];
  platformOrgId: string | null;
}

const QUESTIONS_CACHE_SIZE = 1000;

/**
 * Whether a consultation has been opened to an enterprise. Invitations answer it (one that attaches a consultation
 * shows its results to the enterprise it is sent to); until that capability registers its answer, nobody is.
 */
export type EnterpriseShare = (organizationId: string, consultationId: string) => Promise<boolean>;

/** A worker's ballot as they may take it away (their own data), choices by topic title. */
export interface OwnBallot {
  consultationId: string;
  consultationTitle: string;
  submittedAt: Date;
  choices: string[];
  suggestion: string | null;
}

/** The suggestions of the published snapshot, or null texts (and why) while nothing is published. */
export interface PublishedSuggestions {
  texts: string[] | null;
  reason?: UnpublishedReason;
  publication: ResultsPublication;
}

@Injectable()
export class ConsultationsService {
  private readonly questions = new Map<string, Questions>();
  private sharedWithEnterprise: EnterpriseShare = async () => false;

  constructor(
    @InjectRepository(ConsultationEntity) private readonly consultations: Repository<ConsultationEntity>,
    @InjectRepository(ConsultationTopicEntity) private readonly topics: Repository<ConsultationTopicEntity>,
    @InjectRepository(BallotEntity) private readonly ballots: Repository<BallotEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BallotBatcher) private readonly batcher: BallotBatcher,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(RollService) private readonly verifiedRoll: RollService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(ModerationService) private readonly moderation: ModerationService,
    @Inject(ResultsPublisher) private readonly publisher: ResultsPublisher,
  ) {
    this.batcher.onStale = (id) => this.questions.delete(id);
  }

  /** The keyed pseudonym ballots are stored under: one per person, useless without the server's secret. */
  voterKey(auth: AuthContext): string {
    return ballotKey(this.config.ballotSecret, auth);
  }

  /** Who answers whether an enterprise may see a consultation (see EnterpriseShare). */
  shareWithEnterprisesBy(answer: EnterpriseShare): void {
    this.sharedWithEnterprise = answer;
  }

  /** Whether an enterprise account may see this consultation and its results. */
  async enterpriseMaySee(auth: AuthContext, consultationId: string): Promise<boolean> {
    if (auth.role !== 'enterprise' || !auth.organizationId) return false;
    return this.sharedWithEnterprise(auth.organizationId, consultationId);
  }

  // ---------------------------------------------------------------- what other capabilities read

  /** The region of a consultation, or null when there is none with this id. */
  async regionOf(id: string): Promise<string | null> {
    return (await this.consultations.findOne({ select: { regionCode: true }, where: { id } }))?.regionCode ?? null;
  }

  /** Consultations a worker is in scope of: their region within the consultation's, their industry among its own. */
  async idsInScopeOf(auth: AuthContext): Promise<string[]> {
    if (!auth.regionCode || !auth.industry) return [];
    const rows = await this.consultations
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect('c.regionCode', 'regionCode')
      .where('c.industries LIKE :ind', { ind: `%,${auth.industry},%` })
      .getRawMany<{ id: string; regionCode: string }>();
    return rows.filter((r) => isWithin(auth.regionCode, r.regionCode)).map((r) => r.id);
  }

  /** The ballots stored under a worker's key, oldest first, with the titles of what they chose. */
  async ballotsOf(key: string): Promise<OwnBallot[]> {
    const rows: { consultationId: string; title: string; submittedAt: Date | string; choices: string; suggestion: string | null }[] =
      await this.ballots
        .createQueryBuilder('b')
        .innerJoin(ConsultationEntity, 'c', 'c.id = b.consultationId')
        .select(['b.consultationId AS consultationId', 'c.title AS title', 'b.submittedAt AS submittedAt'])
        .addSelect(['b.choices AS choices', 'b.suggestion AS suggestion'])
        .where('b.voterKey = :key', { key })
        .orderBy('b.submittedAt', 'ASC')
        .getRawMany();
    const topicIds = [...new Set(rows.flatMap((b) => JSON.parse(b.choices) as string[]))];
    const titles = new Map(
      topicIds.length
        ? (await this.topics.find({ select: { id: true, title: true }, where: { id: In(topicIds) } })).map((t) => [t.id, t.title])
        : [],
    );
    return rows.map((b) => ({
      consultationId: b.consultationId,
      consultationTitle: b.title,
      submittedAt: rawDate(b.submittedAt),
      choices: (JSON.parse(b.choices) as string[]).map((id) => titles.get(id) ?? id),
      suggestion: b.suggestion,
    }));
  }

  /**
   * Moves a worker's ballots to another key inside the caller's transaction, counts kept: all of them, or (`closedBy`)
   * only those of consultations closed by then — a ballot of an open consultation stays with its person, so that
   * signing in again cannot cast a second one.
   */
  async rekeyBallots(em: EntityManager, from: string, to: string, closedBy?: Date): Promise<void> {
    const qb = em.createQueryBuilder().update(BallotEntity).set({ voterKey: to }).where('voterKey = :from', { from });
    if (closedBy) {
      qb.andWhere('consultationId IN (SELECT c.id FROM consultations c WHERE c.closesAt <= :closedBy)', { closedBy: sqlTime(closedBy) });
    }
    await qb.execute();
  }

  // ---------------------------------------------------------------- reading

  private requireProfile(auth: AuthContext): { regionCode: string; industry: Industry } {
    if (!auth.regionCode || !auth.industry) {
      throw conflict('profile_required', '请先在“我的”里填写所在城市和行业，再参加意见征集');
    }
    return { regionCode: auth.regionCode, industry: auth.industry };
  }

  private workerInScope(auth: AuthContext, c: { regionCode: string; industries: Industry[] }): boolean {
    return Boolean(auth.industry && isWithin(auth.regionCode, c.regionCode) && c.industries.includes(auth.industry));
  }

  /** The parts of the verified roll a verified consultation takes its voters from: one per industry. */
  private rollScopes(c: { regionCode: string; industries: Industry[]; platformOrgId: string | null }): RollScope[] {
    return c.industries.map((industry) => ({ industry, regionCode: c.regionCode, platformOrgId: c.platformOrgId }));
  }

  private async onRoll(auth: AuthContext, c: ConsultationEntity | Questions) {
    return this.verifiedRoll.verificationIn(auth.userId, this.rollScopes(c));
  }

  private async myBallotRow(auth: AuthContext, consultationId: string): Promise<BallotEntity | null> {
    return this.ballots.findOneBy({ consultationId, voterKey: this.voterKey(auth) });
  }

  /** A consultation the caller may see, or a 404 that says nothing about whether it exists elsewhere. */
  private async visible(auth: AuthContext, id: string): Promise<{ c: ConsultationEntity; mine: BallotEntity | null }> {
    const c = await this.consultations.findOneBy({ id });
    if (!c) throw notFound('意见征集');
    if (auth.role === 'worker') {
      const mine = await this.myBallotRow(auth, id);
      if (mine || this.workerInScope(auth, c)) return { c, mine };
      if (c.eligibility === 'verified' && (await this.onRoll(auth, c))) return { c, mine };
      throw notFound('意见征集');
    }
    if (auth.role === 'enterprise') {
      if (await this.enterpriseMaySee(auth, id)) return { c, mine: null };
      throw notFound('意见征集');
    }
    if (!isWithin(c.regionCode, auth.regionCode)) throw notFound('意见征集');
    return { c, mine: null };
  }

  private async topicsOf(ids: string[]): Promise<Map<string, ConsultationTopic[]>> {
    const out = new Map<string, ConsultationTopic[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const rows = await this.topics.find({ where: { consultationId: In(ids) }, order: { consultationId: 'ASC', position: 'ASC' } });
    for (const t of rows) out.get(t.consultationId)!.push({ id: t.id, code: t.code, title: t.title, description: t.description });
    return out;
  }

  private toMyBallot(b: BallotEntity): MyBallot {
    return { choices: JSON.parse(b.choices), suggestion: b.suggestion, submittedAt: b.submittedAt.toISOString() };
  }

  private async toDtos(auth: AuthContext, rows: ConsultationEntity[], mine?: Map<string, BallotEntity>): Promise<Consultation[]> {
    const ids = rows.map((c) => c.id);
    const topics = await this.topicsOf(ids);
    const staff = auth.role === 'organizer' || auth.role === 'admin';
    // Staff see the ballots of the published snapshot, as stored: a list never advances it.
    const counts = staff ? await this.publisher.shownBallots(ids) : null;
    const now = this.clock.now();
    const platforms = await this.organizations.byIds(rows.map((c) => c.platformOrgId));
    const out: Consultation[] = [];
    for (const c of rows) {
      const status = statusAt(c, now);
      const my = auth.role === 'worker' ? (mine?.get(c.id) ?? null) : undefined;
      const canSeeResults =
        !this.resultsRefusal(auth, c, status, Boolean(my)) && (auth.role !== 'enterprise' || (await this.enterpriseMaySee(auth, c.id)));
      out.push({
        id: c.id,
        title: c.title,
        description: c.description,
        regionCode: c.regionCode,
        regionName: await this.regions.fullName(c.regionCode),
        industries: c.industries,
        opensAt: c.opensAt.toISOString(),
        closesAt: c.closesAt.toISOString(),
        closedEarly: Boolean(c.closedEarly),
        status,
        mode: c.mode,
        maxChoices: c.maxChoices,
        topics: topics.get(c.id)!,
        allowSuggestions: Boolean(c.allowSuggestions),
        resultsVisibility: c.resultsVisibility,
        canSeeResults,
        ...(my !== undefined ? { myBallot: my ? this.toMyBallot(my) : null } : {}),
        ...(counts ? { ballots: canSeeResults ? (counts.get(c.id) ?? null) : null } : {}),
        eligibility: c.eligibility,
        platformOrgId: c.platformOrgId,
        platformName: c.platformOrgId ? (platforms.get(c.platformOrgId)?.name ?? null) : null,
        headcount: c.headcount,
        headcountSource: c.headcountSource,
        ...(auth.role === 'worker' && c.eligibility === 'verified' ? { onRoll: Boolean(await this.onRoll(auth, c)) } : {}),
        createdAt: c.createdAt.toISOString(),
      });
    }
    return out;
  }

  async get(auth: AuthContext, id: string): Promise<Consultation> {
    const { c, mine } = await this.visible(auth, id);
    const [dto] = await this.toDtos(auth, [c], mine ? new Map([[id, mine]]) : new Map());
    return dto;
  }

  async list(auth: AuthContext, q: ListConsultationsDto): Promise<Consultation[]> {
    const now = this.clock.now();
    const qb = this.consultations.createQueryBuilder('c');
    let mine = new Map<string, BallotEntity>();
    if (auth.role === 'worker') {
      if (q.voted === 'true') {
        const ballots = await this.ballots.findBy({ voterKey: this.voterKey(auth) });
        if (!ballots.length) return [];
        mine = new Map(ballots.map((b) => [b.consultationId, b]));
        qb.where('c.id IN (:...ids)', { ids: [...mine.keys()] });
      } else {
        const { regionCode, industry } = this.requireProfile(auth);
        qb.where('c.regionCode IN (:...path)', { path: regionPath(regionCode) }).andWhere('c.industries LIKE :industry', {
          industry: `%,${industry},%`,
        });
      }
    } else {
      if (!auth.regionCode) return [];
      const [low, high] = regionRange(auth.regionCode);
      qb.where('c.regionCode BETWEEN :low AND :high', { low, high });
    }
    if (q.status === 'upcoming') qb.andWhere('c.opensAt > :now', { now });
    if (q.status === 'open') qb.andWhere('c.opensAt <= :now AND c.closesAt > :now', { now });
    if (q.status === 'closed') qb.andWhere('c.closesAt <= :now', { now });
    if (q.status === 'open' || q.status === 'upcoming') qb.orderBy('c.closesAt', 'ASC');
    else qb.orderBy('c.closesAt', 'DESC');
    const rows = await qb.addOrderBy('c.id', 'ASC').take(LIST_LIMIT).getMany();
    if (auth.role === 'worker' && q.voted !== 'true' && rows.length) {
      const ballots = await this.ballots.findBy({ voterKey: this.voterKey(auth), consultationId: In(rows.map((r) => r.id)) });
      mine = new Map(ballots.map((b) => [b.consultationId, b]));
    }
    let out = await this.toDtos(auth, rows, mine);
    if (q.voted === 'false' && auth.role === 'worker') out = out.filter((c) => !c.myBallot);
    return out;
  }

  // ---------------------------------------------------------------- organizing

  /** Checks a whole consultation (after merging an update) and resolves catalog topics; throws before any write. */
  private async validated(
    auth: AuthContext,
    d: Required<Omit<CreateConsultationDto, 'description' | 'maxChoices' | 'platformOrgId' | 'headcount' | 'headcountSource'>> & {
      description?: string | null;
      maxChoices?: number;
      platformOrgId: string | null;
      headcount: number | null;
      headcountSource: string | null;
    },
  ) {
    if (!(await this.regions.exists(d.regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(d.regionCode, auth.regionCode)) throw invalid('regionCode', '只能在你管辖的地区内发起意见征集');
    const opensAt = new Date(d.opensAt);
    const closesAt = new Date(d.closesAt);
    if (Number.isNaN(opensAt.getTime())) throw invalid('opensAt', '开始时间 opensAt 格式不正确');
    if (Number.isNaN(closesAt.getTime())) throw invalid('closesAt', '截止时间 closesAt 格式不正确');
    if (closesAt <= opensAt) throw invalid('closesAt', '截止时间应晚于开始时间');
    if (closesAt <= this.clock.now()) throw invalid('closesAt', '截止时间应晚于现在');
    if (closesAt.getTime() - opensAt.getTime() > MAX_DURATION_MS) throw invalid('closesAt', '一次意见征集最长一年');
    const topics = d.topics.map((t, i) => {
      const cat = t.code ? catalogTopic(t.code) : undefined;
      const title = (t.title ?? cat?.title ?? '').trim();
      if (!title) throw invalid(`topics[${i}].title`, `第 ${i + 1} 个议题需要填写名称`);
      const description = (t.description ?? cat?.description ?? '').trim() || null;
      return { code: t.code ?? null, title, description };
    });
    const titles = new Set(topics.map((t) => t.title));
    if (titles.size !== topics.length) throw invalid('topics', '议题名称不能重复');
    const codes = topics.filter((t) => t.code).map((t) => t.code);
    if (new Set(codes).size !== codes.length) throw invalid('topics', '同一个目录议题不能添加两次');
    const n = topics.length;
    let maxChoices = d.maxChoices;
    if (d.mode === 'single') {
      if (maxChoices !== undefined && maxChoices !== 1) throw invalid('maxChoices', '单选时最多可选 maxChoices 只能为 1');
      maxChoices = 1;
    } else {
      maxChoices ??= d.mode === 'multiple' ? Math.min(3, n) : n;
      if (maxChoices > n) throw invalid('maxChoices', `最多可选 maxChoices 不能多于议题数（${n}）`);
    }
    const headcountSource = d.headcountSource?.trim() || null;
    if (d.eligibility === 'verified') {
      if (d.headcount !== null) throw invalid('headcount', '仅限已核验的意见征集以核验名册为参与率的分母，不用填写范围内人数');
      if (d.platformOrgId && !(await this.organizations.byId(d.platformOrgId))?.isPlatform) {
        throw invalid('platformOrgId', '平台 platformOrgId 不是已登记的平台企业');
      }
    } else {
      if (d.platformOrgId) throw invalid('platformOrgId', '只有仅限已核验的意见征集才能限定平台');
      if (headcountSource && d.headcount === null) throw invalid('headcount', '填写了人数来源，也请填写范围内人数 headcount');
    }
    return {
      title: d.title.trim(),
      description: d.description?.trim() || null,
      regionCode: d.regionCode,
      industries: d.industries,
      opensAt,
      closesAt,
      mode: d.mode,
      maxChoices,
      allowSuggestions: d.allowSuggestions,
      resultsVisibility: d.resultsVisibility,
      eligibility: d.eligibility,
      platformOrgId: d.platformOrgId,
      headcount: d.headcount,
      headcountSource: d.headcount === null ? null : headcountSource,
      topics,
    };
  }

  private async writeTopics(
    em: EntityManager,
    consultationId: string,
    topics: { code: string | null; title: string; description: string | null }[],
  ) {
    await em.insert(
      ConsultationTopicEntity,
      topics.map((t, position) => ({ id: newId(), consultationId, position, ...t })),
    );
  }

  async create(auth: AuthContext, dto: CreateConsultationDto): Promise<Consultation> {
    const v = await this.validated(auth, {
      ...dto,
      allowSuggestions: dto.allowSuggestions ?? false,
      resultsVisibility: dto.resultsVisibility ?? 'after_vote',
      eligibility: dto.eligibility ?? 'self_declared',
      platformOrgId: dto.platformOrgId ?? null,
      headcount: dto.headcount ?? null,
      headcountSource: dto.headcountSource ?? null,
    });
    const id = newId();
    await this.tx.run(async (em) => {
      const { topics, ...fields } = v;
      await em.insert(ConsultationEntity, {
        id,
        ...fields,
        closedEarly: false,
        revision: 0,
        organizationId: auth.organizationId,
        createdBy: auth.userId,
      });
      await this.writeTopics(em, id, topics);
      await this.audit.record(em, auth, { entity: 'consultation', entityId: id, action: 'created', regionCode: v.regionCode, after: v });
    });
    return this.get(auth, id);
  }

  /** The consultation when the caller may read its results (the rules of GET results), for views built beside them. */
  readable(auth: AuthContext, id: string): Promise<ConsultationEntity> {
    return this.readableResults(auth, id);
  }

  /** The consultation when the caller may manage it (organizers and admins of its region). */
  manageable(auth: AuthContext, id: string): Promise<ConsultationEntity> {
    return this.managed(auth, id);
  }

  /** A consultation the organizer or admin may manage: in their region subtree. */
  async managed(auth: AuthContext, id: string): Promise<ConsultationEntity> {
    const c = await this.consultations.findOneBy({ id });
    if (!c || !isWithin(c.regionCode, auth.regionCode)) throw notFound('意见征集');
    return c;
  }

  async update(auth: AuthContext, id: string, dto: UpdateConsultationDto): Promise<Consultation> {
    const c = await this.managed(auth, id);
    if (statusAt(c, this.clock.now()) !== 'upcoming') {
      throw conflict('consultation_already_open', '意见征集已经开始，不能再修改内容；可以提前结束或延长截止时间');
    }
    const currentTopics = (await this.topicsOf([id])).get(id)!;
    const v = await this.validated(auth, {
      title: dto.title ?? c.title,
      description: dto.description !== undefined ? dto.description : c.description,
      regionCode: dto.regionCode ?? c.regionCode,
      industries: dto.industries ?? c.industries,
      opensAt: dto.opensAt ?? c.opensAt.toISOString(),
      closesAt: dto.closesAt ?? c.closesAt.toISOString(),
      mode: dto.mode ?? c.mode,
      // A new mode or a new list of topics recomputes the default limit unless one is given.
      maxChoices: dto.maxChoices ?? (dto.mode || dto.topics ? undefined : c.maxChoices),
      topics:
        dto.topics ?? currentTopics.map((t) => ({ code: t.code ?? undefined, title: t.title, description: t.description ?? undefined })),
      allowSuggestions: dto.allowSuggestions ?? Boolean(c.allowSuggestions),
      resultsVisibility: dto.resultsVisibility ?? c.resultsVisibility,
      eligibility: dto.eligibility ?? c.eligibility,
      platformOrgId: dto.platformOrgId !== undefined ? dto.platformOrgId : c.platformOrgId,
      headcount: dto.headcount !== undefined ? dto.headcount : c.headcount,
      headcountSource: dto.headcountSource !== undefined ? dto.headcountSource : c.headcountSource,
    });
    await this.tx.run(async (em) => {
      const { topics, ...fields } = v;
      // Only while still upcoming: an update racing the opening moment loses.
      const res = await em
        .createQueryBuilder()
        .update(ConsultationEntity)
        .set({ ...fields, revision: () => 'revision + 1' })
        .where('id = :id AND opensAt > :now', { id, now: this.clock.now() })
        .execute();
      if (!res.affected) throw conflict('consultation_already_open', '意见征集已经开始，不能再修改内容；可以提前结束或延长截止时间');
      if (dto.topics) {
        await em.delete(ConsultationTopicEntity, { consultationId: id });
        await this.writeTopics(em, id, topics);
      }
      await this.audit.record(em, auth, {
        entity: 'consultation',
        entityId: id,
        action: 'updated',
        regionCode: v.regionCode,
        before: { ...snapshot(c), topics: currentTopics },
        after: v,
      });
    });
    this.questions.delete(id);
    return this.get(auth, id);
  }

  /**
   * Publishes the final results of consultations that closed on their own in the last 30 days and have none yet
   * (run by the sweep): those who took part hear of the results when they are out, not when someone reads them.
   */
  async publishClosed(): Promise<number> {
    const now = this.clock.now();
    const due = await this.consultations
      .createQueryBuilder('c')
      .leftJoin(ResultSnapshotEntity, 's', 's.consultationId = c.id')
      .where('c.closesAt <= :now AND c.closesAt > :since', { now, since: new Date(now.getTime() - 30 * 86400_000) })
      .andWhere('(s.consultationId IS NULL OR s.final = :no)', { no: false })
      .orderBy('c.closesAt', 'ASC')
      .limit(50)
      .getMany();
    for (const c of due) await this.published(c);
    return due.length;
  }

  async close(auth: AuthContext, id: string): Promise<Consultation> {
    const c = await this.managed(auth, id);
    const status = statusAt(c, this.clock.now());
    if (status === 'closed') throw conflict('consultation_closed', '这次意见征集已经结束');
    if (status === 'upcoming') throw conflict('consultation_not_open', '意见征集还没有开始；可以修改开始和截止时间');
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      // The row lock this takes waits for ballot batches in flight: a ballot is either committed before the close
      // or refused after it.
      const res = await em
        .createQueryBuilder()
        .update(ConsultationEntity)
        .set({ closesAt: now, closedEarly: true })
        .where('id = :id AND opensAt <= :now AND closesAt > :now', { id, now })
        .execute();
      if (!res.affected) throw conflict('consultation_closed', '这次意见征集已经结束');
      await this.audit.record(em, auth, {
        entity: 'consultation',
        entityId: id,
        action: 'closed_early',
        regionCode: c.regionCode,
        before: { closesAt: c.closesAt.toISOString() },
        after: { closesAt: now.toISOString() },
      });
    });
    this.questions.delete(id);
    // The final results are published at the close (and those who took part told of them), not at the next reading.
    await this.published(await this.consultations.findOneByOrFail({ id }));
    return this.get(auth, id);
  }

  async extend(auth: AuthContext, id: string, dto: ExtendConsultationDto): Promise<Consultation> {
    const c = await this.managed(auth, id);
    const now = this.clock.now();
    if (statusAt(c, now) === 'closed') throw conflict('consultation_closed', '这次意见征集已经结束，不能再延长');
    const closesAt = new Date(dto.closesAt);
    if (closesAt <= c.closesAt || closesAt <= now) throw invalid('closesAt', '新的截止时间应晚于原截止时间');
    if (closesAt.getTime() - c.opensAt.getTime() > MAX_DURATION_MS) throw invalid('closesAt', '一次意见征集最长一年');
    await this.tx.run(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(ConsultationEntity)
        .set({ closesAt })
        .where('id = :id AND closesAt > :now', { id, now: this.clock.now() })
        .execute();
      if (!res.affected) throw conflict('consultation_closed', '这次意见征集已经结束，不能再延长');
      await this.audit.record(em, auth, {
        entity: 'consultation',
        entityId: id,
        action: 'extended',
        regionCode: c.regionCode,
        before: { closesAt: c.closesAt.toISOString() },
        after: { closesAt: closesAt.toISOString() },
      });
    });
    this.questions.delete(id);
    return this.get(auth, id);
  }

  // ---------------------------------------------------------------- voting (the hot path)

  private async loadQuestions(id: string): Promise<Questions | null> {
    const c = await this.consultations.findOneBy({ id });
    if (!c) {
      this.questions.delete(id);
      return null;
    }
    const topics = await this.topics.find({ select: { id: true }, where: { consultationId: id } });
    const q: Questions = {
      id,
      revision: c.revision,
      regionCode: c.regionCode,
      industries: c.industries,
      mode: c.mode,
      maxChoices: c.maxChoices,
      allowSuggestions: Boolean(c.allowSuggestions),
      topicIds: new Set(topics.map((t) => t.id)),
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      eligibility: c.eligibility,
      platformOrgId: c.platformOrgId,
    };
    if (this.questions.size >= QUESTIONS_CACHE_SIZE) this.questions.clear();
    this.questions.set(id, q);
    return q;
  }

  /**
   * The questions of a consultation that is open by its cached times. A cached entry may be stale about the
   * window (closed or extended by another server): a refusal is therefore always re-checked against the
   * database, and the batch re-checks acceptance inside its transaction.
   */
  private async openQuestions(id: string): Promise<Questions> {
    let q = this.questions.get(id) ?? (await this.loadQuestions(id));
    if (q && statusAt(q, this.clock.now()) !== 'open') q = await this.loadQuestions(id);
    if (!q) throw notFound('意见征集');
    return q;
  }

  /**
   * Who the ballot is from, for breakdowns: in a verified consultation the industry and region of the worker's
   * verification (the profile does not enter into it), otherwise the profile's.
   */
  private async voterOf(auth: AuthContext, q: Questions): Promise<{ regionCode: string; industry: Industry }> {
    if (q.eligibility === 'verified') {
      const v = await this.onRoll(auth, q);
      if (!v) {
        throw new DomainError(
          403,
          'roll_not_verified',
          '这次意见征集只限已核验的劳动者参加。请先在“我的 → 身份核验”里用核验码或手机号核验',
        );
      }
      return v;
    }
    const profile = this.requireProfile(auth);
    if (!this.workerInScope(auth, q)) throw forbidden('你所在的城市或行业不在这次意见征集的范围内');
    return profile;
  }

  async vote(auth: AuthContext, id: string, dto: BallotDto): Promise<BallotReceipt> {
    const q = await this.openQuestions(id);
    const { regionCode, industry } = await this.voterOf(auth, q);
    const status = statusAt(q, this.clock.now());
    if (status === 'upcoming') throw conflict('consultation_not_open', '这次意见征集还没有开始');
    if (status === 'closed') throw conflict('consultation_closed', '这次意见征集已经结束，不能再提交');
    const choices = dto.choices.map((c) => c.toLowerCase());
    if (choices.some((c) => !q.topicIds.has(c))) throw invalid('choices', '选择中有不属于本次征集的议题，请刷新后重选');
    if (new Set(choices).size !== choices.length) throw invalid('choices', '同一个议题不能重复选择');
    if (choices.length > q.maxChoices)
      throw invalid('choices', q.maxChoices === 1 ? '只能选择 1 个议题' : `最多只能选择 ${q.maxChoices} 个议题`);
    const suggestion = dto.suggestion?.trim() || null;
    if (suggestion && !q.allowSuggestions) throw invalid('suggestion', '这次意见征集不收集文字建议');
    // Checked with WeChat before the ballot is written; one to be held is held first, so it is never shown unchecked.
    // The held item names the consultation and the text, never the worker.
    const held = await this.moderation.screen(auth, {
      kind: 'suggestion',
      field: 'suggestion',
      label: '建议 suggestion',
      scene: 2,
      text: suggestion,
    });
    if (held) await this.tx.run((em) => this.moderation.hold(em, held, id, q.regionCode));
    const acceptedAt = await this.batcher.submit({
      consultationId: id,
      revision: q.revision,
      voterKey: this.voterKey(auth),
      choices,
      suggestion,
      industry,
      cityCode: cityOf(regionCode),
    });
    return { consultationId: id, choices, suggestion, acceptedAt: acceptedAt.toISOString() };
  }

  // ---------------------------------------------------------------- results

  /**
   * Every suggestion's text, read from the ballots, for a snapshot: held ones too, since what moderation holds or
   * hides is applied when a snapshot is read (`withModeration`), so an approval shows at once and a hiding hides at once.
   */
  private async suggestionsOf(consultationId: string): Promise<string[]> {
    const rows: { suggestion: string }[] = await this.ballots
      .createQueryBuilder('b')
      .select('b.suggestion', 'suggestion')
      .where('b.consultationId = :consultationId AND b.suggestion IS NOT NULL', { consultationId })
      .getRawMany();
    return publishedSuggestions(rows.map((r) => r.suggestion));
  }

  /** A snapshot as it may be read now: suggestions held for review or hidden by moderation left out. */
  private async withModeration(c: ConsultationEntity, p: Published): Promise<Published> {
    if (!p.tally || p.tally.suggestions.length === 0) return p;
    const held = await this.moderation.hiddenIn('suggestion', [c.id]);
    return {
      ...p,
      tally: { ...p.tally, suggestions: p.tally.suggestions.filter((text) => !ModerationService.isHidden(held, c.id, text)) },
    };
  }

  /**
   * Why the caller may not read this consultation's results now, or null when they may. resultsVisibility holds for
   * every role: 'after_close' hides them from organizers and admins too until close. Enterprises read them only
   * after close (and only when the consultation was shared with them, checked by `visible`).
   */
  private resultsRefusal(auth: AuthContext, c: ConsultationEntity, status: ConsultationStatus, voted: boolean): DomainError | null {
    if (status === 'closed') return null;
    if (auth.role === 'enterprise') {
      return new DomainError(403, 'results_after_close', '企业账号在意见征集结束后才能查看结果，届时只看到最终公布的结果');
    }
    if (c.resultsVisibility === 'after_close') {
      return new DomainError(403, 'results_after_close', '这次意见征集结束后才公布结果');
    }
    if (auth.role === 'worker' && !voted) return new DomainError(403, 'results_after_vote', '提交你的选择后就能看到大家的结果');
    return null;
  }

  private async readableResults(auth: AuthContext, id: string): Promise<ConsultationEntity> {
    const { c, mine } = await this.visible(auth, id);
    const refusal = this.resultsRefusal(auth, c, statusAt(c, this.clock.now()), Boolean(mine));
    if (refusal) throw refusal;
    return c;
  }

  private async cityLabel(code: string): Promise<string> {
    return (await this.regions.name(code)) ?? code;
  }

  async results(auth: AuthContext, id: string): Promise<ConsultationResults> {
    const c = await this.readableResults(auth, id);
    return this.toResults(c, await this.withModeration(c, await this.published(c)), false);
  }

  /**
   * The suggestions of the published snapshot (advanced first when due), sorted by their normalised text, or null
   * while nothing is published: every reading of suggestions (groups, search, files) goes through this, so they move
   * only in the snapshot's steps of k ballots, as the figures do. A text hidden by moderation since the snapshot was
   * taken is left out at once, and one approved since shows at once.
   */
  async publishedSuggestions(c: ConsultationEntity): Promise<PublishedSuggestions> {
    const p = await this.withModeration(c, await this.published(c));
    return p.tally
      ? { texts: p.tally.suggestions, publication: p.publication }
      : { texts: null, reason: p.reason, publication: p.publication };
  }

  /** The published snapshot of a consultation (advanced first when due), with the tally it is taken from. */
  private published(c: ConsultationEntity): Promise<Published> {
    const closed = statusAt(c, this.clock.now()) === 'closed';
    return this.publisher.current({ id: c.id, closed }, () => this.tallyOf(c));
  }

  /**
   * The answer of the results endpoint from a snapshot. The snapshot keeps every suggestion; the answer carries
   * their text only while there are few of them (all of them for an export).
   */
  private toResults(c: ConsultationEntity, p: Published, everySuggestion: boolean): ConsultationResults {
    const head = { consultationId: c.id, status: statusAt(c, this.clock.now()), mode: c.mode, publication: p.publication };
    if (!p.tally) return { ...head, published: false, reason: p.reason };
    const listed = everySuggestion || p.tally.suggestionCount <= CONSULTATION_LIMITS.suggestionsInResults;
    return { ...head, published: true, ...p.tally, suggestions: listed ? p.tally.suggestions : [] };
  }

  private async labels(groups: Map<string, unknown>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const code of groups.keys()) names.set(code, await this.cityLabel(code));
    return names;
  }

  /**
   * Every figure of the results, from the kept counts (a read of topics × groups rows, whatever the number of
   * ballots) and every suggestion: what a snapshot stores.
   */
  private async tallyOf(c: ConsultationEntity): Promise<PublishedTally> {
    const topics = (await this.topicsOf([c.id])).get(c.id)!;
    const counts: CountRow[] = await keptCounts(this.ballots.manager, c.id);
    const t = tally(c.mode, topics, groupsOf(counts, 'all').get('') ?? { ballots: 0, positions: new Map() });
    const industries = groupsOf(counts, 'industry');
    const cities = groupsOf(counts, 'city');
    const cityNames = await this.labels(cities);
    const suggestionCount = c.allowSuggestions ? counts.filter((r) => r.dimension === 'suggestion').reduce((n, r) => n + r.n, 0) : 0;
    return {
      ballots: t.ballots,
      topics: t.topics,
      ...(t.order ? { order: t.order } : {}),
      // Below k ballots nothing is shown: their text is not even kept in the snapshot.
      suggestions: suggestionCount > 0 && t.ballots >= this.publisher.step ? await this.suggestionsOf(c.id) : [],
      suggestionCount,
      breakdowns: {
        industry: breakdown(c.mode, topics, industries, (k) => INDUSTRY_LABELS[k as Industry] ?? k),
        city: breakdown(c.mode, topics, cities, (k) => cityNames.get(k) ?? k),
      },
    };
  }

  /** Workers registered in scope: profile region within the consultation's region, industry among its industries. */
  private async registered(c: ConsultationEntity): Promise<number> {
    return this.identity.countWorkers(regionRange(c.regionCode), c.industries);
  }

  /**
   * 参与率 and what it divides by: the verified roll of the consultation's scope, the headcount the organizer entered,
   * or (self-declared without one) the workers registered in the app, which the label marks 未核验.
   */
  private async participationOf(c: ConsultationEntity, ballots: number | null): Promise<Participation> {
    const registered = await this.registered(c);
    const verified = c.eligibility === 'verified' ? await this.verifiedRoll.countVerifiedInAny(this.rollScopes(c)) : null;
    let denominator: Participation['denominator'];
    let denominatorCount: number;
    let denominatorLabel: string;
    if (verified !== null) {
      [denominator, denominatorCount, denominatorLabel] = ['verified_roll', verified, `已核验名册 ${verified} 人`];
    } else if (c.headcount !== null) {
      const source = c.headcountSource ? `（${c.headcountSource}）` : '（组织者填写）';
      [denominator, denominatorCount, denominatorLabel] = ['headcount', c.headcount, `范围内人数 ${c.headcount} 人${source}`];
    } else {
      [denominator, denominatorCount, denominatorLabel] = ['registered', registered, `本应用登记 ${registered} 人（未核验）`];
    }
    return {
      consultationId: c.id,
      ballots,
      registered,
      eligibility: c.eligibility,
      denominator,
      denominatorCount,
      denominatorLabel,
      verified,
      rate: denominatorCount && ballots !== null ? Math.round(Math.min(1, ballots / denominatorCount) * 10000) / 10000 : null,
    };
  }

  /** The ballots of the published results the caller may see, or null (participation is published with them). */
  private async shownBallots(auth: AuthContext, c: ConsultationEntity): Promise<number | null> {
    if (this.resultsRefusal(auth, c, statusAt(c, this.clock.now()), false)) return null;
    const p = await this.published(c);
    return p.tally?.ballots ?? null;
  }

  async participation(auth: AuthContext, id: string): Promise<Participation> {
    const c = await this.managed(auth, id);
    return this.participationOf(c, await this.shownBallots(auth, c));
  }

  async roll(auth: AuthContext, id: string): Promise<Roll> {
    const c = await this.managed(auth, id);
    if (statusAt(c, this.clock.now()) !== 'closed') {
      throw conflict('consultation_not_closed', '意见征集结束后才能查看参与情况名册');
    }
    const shown = await this.shownBallots(auth, c);
    const participation = await this.participationOf(c, shown);
    // Below k ballots in all the roll shows nothing either.
    if (shown === null) return { ...participation, byIndustry: [], byCity: [] };
    const counts = await keptCounts(this.ballots.manager, id);
    const cities = groupsOf(counts, 'city');
    const cityNames = await this.labels(cities);
    return {
      ...participation,
      byIndustry: rollGroups(groupsOf(counts, 'industry'), (k) => INDUSTRY_LABELS[k as Industry] ?? k),
      byCity: rollGroups(cities, (k) => cityNames.get(k) ?? k),
    };
  }

  /**
   * The published results for the export files, every suggestion included: organizers and admins of the region, by
   * the same rule as the results page; nothing to export while nothing is published.
   */
  async exportable(
    auth: AuthContext,
    id: string,
  ): Promise<{ c: ConsultationEntity; results: PublishedResults; participation: Participation }> {
    const c = await this.managed(auth, id);
    const refusal = this.resultsRefusal(auth, c, statusAt(c, this.clock.now()), false);
    if (refusal) throw refusal;
    const results = this.toResults(c, await this.withModeration(c, await this.published(c)), true);
    if (!results.published) {
      throw conflict('results_not_published', `不足 ${this.publisher.step} 人或还没到公布的时候，暂不公布，也不能导出`);
    }
    return { c, results, participation: await this.participationOf(c, results.ballots) };
  }
}
