import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CONGRESS_CHOICES,
  type CongressChoice,
  type Congress,
  type CongressMember,
  type CongressResult,
  type ContractResolution,
} from '@xst/shared-types';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { chineseDateTime, Clock, shanghaiDate } from '../common/clock.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { ballotKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { sqlTime } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import { congressStatus, decide, quorumNeeds, ruleFor } from './congress-rules.js';
import type { CongressBallotDto, CreateCongressDto, RecordAdoptedContractDto } from './congress.dto.js';
import { CongressBallotEntity, CongressEntity, CongressMemberEntity } from './congress.entity.js';
import { DraftsService } from './drafts.service.js';
import { Electorate } from './electorate.js';

/** A congress may be called to open a little in the past (the phone's clock, "start now"), not further. */
const OPENS_TOLERANCE_MS = 10 * 60_000;
const MAX_DURATION_MS = 30 * 86400_000;
const MEMBER_CHUNK = 500;

@Injectable()
export class CongressService {
  constructor(
    @InjectRepository(CongressEntity) private readonly congresses: Repository<CongressEntity>,
    @InjectRepository(CongressMemberEntity) private readonly members: Repository<CongressMemberEntity>,
    @InjectRepository(CongressBallotEntity) private readonly ballots: Repository<CongressBallotEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(Electorate) private readonly electorate: Electorate,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ContractsService) private readonly contracts: ContractsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- access ----

  /** Staff of the region see a congress; a worker only one they are a member of; else a 404 that says nothing. */
  async visible(auth: AuthContext, id: string): Promise<CongressEntity> {
    const c = await this.settle(id);
    if (!c) throw notFound('职代会');
    if ((auth.role === 'organizer' || auth.role === 'admin') && isWithin(c.regionCode, auth.regionCode)) return c;
    if (auth.role === 'worker' && (await this.members.countBy({ congressId: id, userId: auth.userId }))) return c;
    throw notFound('职代会');
  }

  /** Called, checked in at and closed by the union side's organizers of the draft's negotiation. */
  private async runs(auth: AuthContext, id: string): Promise<CongressEntity> {
    const c = await this.visible(auth, id);
    await this.drafts.writable(auth, c.draftId);
    return c;
  }

  // ---- calling a congress ----

  async create(auth: AuthContext, dto: CreateCongressDto): Promise<Congress> {
    const { draft, invitation } = await this.drafts.writable(auth, dto.draftId).catch((e) => {
      throw e.status === 404 ? invalid('draftId', '合同草案 draftId 不存在或无权查看') : e;
    });
    if (!draft.publishedAt) throw conflict('draft_not_published', '草案须先向职工公开征求意见，才能提交职代会表决');
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    const now = this.clock.now().getTime();
    if (opensAt.getTime() < now - OPENS_TOLERANCE_MS) throw invalid('opensAt', '开始时间 opensAt 不能早于现在');
    if (closesAt <= opensAt) throw invalid('closesAt', '结束时间 closesAt 应晚于开始时间');
    if (closesAt.getTime() - opensAt.getTime() > MAX_DURATION_MS) throw invalid('closesAt', '表决时间最长 30 天');
    const industry = dto.industry ?? (invitation.consultationId ? await this.consultationIndustry(auth, invitation.consultationId) : null);
    if (!industry) throw invalid('industry', '请选择参会职工的行业 industry');
    // The covered workers of the region and industry, however they were verified (a code sheet of the region, or a
    // platform's roster): a congress is of all the workers the draft covers.
    const scope = { industry, regionCode: draft.regionCode };
    let members: { userId: string }[];
    if (dto.electorate === 'roll') {
      if (dto.memberUserIds) throw invalid('memberUserIds', '全体职工参会（扩大会议）时不用填写职工代表 memberUserIds');
      members = await this.electorate.wholeRoll(scope);
      if (!members.length) throw invalid('electorate', '本范围已核验的职工名册上还没有职工，不能召开扩大会议');
    } else {
      if (!dto.memberUserIds?.length) throw invalid('memberUserIds', '请选择参会的职工代表 memberUserIds');
      members = await this.electorate.onRoll(scope, dto.memberUserIds);
      const missing = dto.memberUserIds.length - members.length;
      if (missing) throw invalid('memberUserIds', `有 ${missing} 个账号不在本范围已核验的职工名册上，不能作为职工代表`);
    }
    const id = newId();
    try {
      await this.tx.run(async (em) => {
        const row = em.create(CongressEntity, {
          id,
          draftId: draft.id,
          draftVersion: draft.currentVersion,
          invitationId: draft.invitationId,
          regionCode: draft.regionCode,
          scope: draft.scope,
          industry,
          title: dto.title.trim(),
          electorateKind: dto.electorate,
          opensAt,
          closesAt,
          venue: dto.venue?.trim() || null,
          electorate: members.length,
          attendance: 0,
          checkedIn: 0,
          closedAt: null,
          voted: null,
          approve: null,
          reject: null,
          abstain: null,
          adopted: null,
          rule: null,
          contractId: null,
          filing: null,
          createdBy: auth.userId,
        });
        await em.insert(CongressEntity, row);
        for (let i = 0; i < members.length; i += MEMBER_CHUNK) {
          await em.insert(
            CongressMemberEntity,
            members
              .slice(i, i + MEMBER_CHUNK)
              .map((m) => ({ congressId: id, userId: m.userId, voted: false, checkedInAt: null, checkedInBy: null })),
          );
        }
        await this.audit.record(em, auth, {
          entity: 'congress',
          entityId: id,
          action: 'called',
          regionCode: row.regionCode,
          after: { ...row, memberUserIds: members.map((m) => m.userId) },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('congress_in_progress', '这份草案已经提交过职代会了');
      throw e;
    }
    return this.get(auth, id);
  }

  private async consultationIndustry(auth: AuthContext, consultationId: string) {
    const c = await this.consultations.get(auth, consultationId).catch(() => null);
    return c?.industries[0] ?? null;
  }

  // ---- reading ----

  async get(auth: AuthContext, id: string): Promise<Congress> {
    return this.view(auth, await this.visible(auth, id));
  }

  private async view(auth: AuthContext, c: CongressEntity): Promise<Congress> {
    const { draft, version } = await this.drafts.forCongress(c.draftId, c.draftVersion);
    const status = congressStatus(c, this.clock.now());
    const rule = c.rule ?? ruleFor(c.scope, this.config.congress);
    const isMember = auth.role === 'worker' && (await this.members.countBy({ congressId: c.id, userId: auth.userId })) > 0;
    let myChoice: CongressChoice | null = null;
    if (isMember) {
      const mine = await this.ballots.findOneBy({ congressId: c.id, voterKey: ballotKey(this.config.ballotSecret, auth) });
      myChoice = mine?.choice ?? null;
    }
    return {
      id: c.id,
      draftId: c.draftId,
      draftVersion: c.draftVersion,
      invitationId: c.invitationId,
      regionCode: c.regionCode,
      scope: c.scope,
      kind: draft.kind,
      title: c.title,
      draftTitle: draft.title,
      text: version.text,
      summary: version.summary,
      electorate: c.electorateKind,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      venue: c.venue,
      status,
      attendance: {
        electorate: c.electorate,
        attendance: c.attendance,
        checkedIn: c.checkedIn,
        quorumNeeds: quorumNeeds(c.electorate, rule.quorum),
      },
      result: status === 'closed' && c.closedAt ? resultOf(c) : null,
      myChoice,
      isMember,
      contractId: c.contractId,
      createdAt: c.createdAt.toISOString(),
    };
  }

  /** Staff: the congresses of their region, newest first. A worker: those they are a member of. */
  async list(auth: AuthContext): Promise<Congress[]> {
    let rows: CongressEntity[];
    if (auth.role === 'worker') {
      const ids = (await this.members.find({ select: { congressId: true }, where: { userId: auth.userId } })).map((m) => m.congressId);
      rows = ids.length ? await this.congresses.find({ where: { id: In(ids) }, order: { opensAt: 'DESC' }, take: 100 }) : [];
    } else {
      if (!auth.regionCode) return [];
      const [low, high] = regionRange(auth.regionCode);
      rows = await this.congresses
        .createQueryBuilder('c')
        .where('c.regionCode BETWEEN :low AND :high', { low, high })
        .orderBy('c.opensAt', 'DESC')
        .take(100)
        .getMany();
    }
    const out: Congress[] = [];
    for (const r of rows) out.push(await this.view(auth, (await this.settle(r.id))!));
    return out;
  }

  /** The members as the officer at the venue sees them: name and whether checked in; never whether they voted. */
  async listMembers(auth: AuthContext, id: string): Promise<CongressMember[]> {
    const c = await this.runs(auth, id);
    const rows = await this.members.find({ where: { congressId: c.id } });
    const names = new Map((await this.electorate.members(rows.map((r) => r.userId))).map((m) => [m.userId, m.name]));
    return rows
      .map((r) => ({ userId: r.userId, name: names.get(r.userId) ?? '已注销的账号', checkedIn: Boolean(r.checkedInAt) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  // ---- voting and checking in ----

  /**
   * Takes the congress row for this transaction while it is open (an UPDATE that matches only then): a vote or a
   * check-in and the close cannot interleave, and nothing lands after the closing time.
   */
  private async holdOpen(em: EntityManager, c: CongressEntity): Promise<void> {
    const now = this.clock.now();
    if (now < c.opensAt) throw conflict('congress_not_open', `表决还没有开始，开始时间：${chineseDateTime(c.opensAt)}`);
    const held = await em
      .createQueryBuilder()
      .update(CongressEntity)
      .set({ updatedAt: now })
      .where('id = :id AND closedAt IS NULL AND closesAt > :now', { id: c.id, now: sqlTime(now) })
      .execute();
    if (!held.affected) throw conflict('congress_closed', '表决已经结束');
  }

  /** A member's 赞成 / 反对 / 弃权, replaceable until close; stored under the pseudonym, attendance counted once. */
  async vote(auth: AuthContext, id: string, dto: CongressBallotDto): Promise<Congress> {
    const c = await this.visible(auth, id);
    if (auth.role !== 'worker' || !(await this.members.countBy({ congressId: id, userId: auth.userId }))) {
      throw forbidden('你不在本次职代会的参会名单上');
    }
    const key = ballotKey(this.config.ballotSecret, auth);
    const cast = async () =>
      this.tx.run(async (em) => {
        await this.holdOpen(em, c);
        const mine = await em.findOneBy(CongressBallotEntity, { congressId: id, voterKey: key });
        if (mine) {
          await em.update(CongressBallotEntity, { id: mine.id }, { choice: dto.choice });
          return;
        }
        await em.insert(CongressBallotEntity, { id: newId(), congressId: id, voterKey: key, choice: dto.choice });
        const first = await em.update(CongressMemberEntity, { congressId: id, userId: auth.userId, voted: false }, { voted: true });
        if (first.affected) {
          const present = await em.countBy(CongressMemberEntity, { congressId: id, userId: auth.userId, checkedInAt: IsNull() });
          // A member already checked in at the venue is already in the attendance.
          if (present) await em.increment(CongressEntity, { id }, 'attendance', 1);
        }
      });
    try {
      await cast();
    } catch (e) {
      // The same phone sending its first vote twice at once: the second finds the first and replaces it.
      if (!isUniqueViolation(e)) throw e;
      await cast();
    }
    return this.get(auth, id);
  }

  /** An officer checks a member in at the venue; checking in twice changes nothing. */
  async checkIn(auth: AuthContext, id: string, userId: string): Promise<Congress> {
    const c = await this.runs(auth, id);
    if (!c.venue) throw invalid('userId', '这次职代会没有设现场会场，参会职工在手机上表决即可');
    if (!(await this.members.countBy({ congressId: id, userId }))) throw invalid('userId', '这名职工不在本次职代会的参会名单上');
    await this.tx.run(async (em) => {
      await this.holdOpen(em, c);
      const now = this.clock.now();
      const first = await em.update(
        CongressMemberEntity,
        { congressId: id, userId, checkedInAt: IsNull() },
        { checkedInAt: now, checkedInBy: auth.userId },
      );
      if (!first.affected) return;
      const voted = await em.countBy(CongressMemberEntity, { congressId: id, userId, voted: true });
      await em.increment(CongressEntity, { id }, 'checkedIn', 1);
      if (!voted) await em.increment(CongressEntity, { id }, 'attendance', 1);
      await this.audit.record(em, auth, {
        entity: 'congress',
        entityId: id,
        action: 'checked_in',
        regionCode: c.regionCode,
        after: { userId },
      });
    });
    return this.get(auth, id);
  }

  // ---- closing ----

  /** Staff close it once the closing time has come (or every member has taken part); the server decides. */
  async close(auth: AuthContext, id: string): Promise<Congress> {
    const c = await this.runs(auth, id);
    if (!c.closedAt) {
      const everyone = (await this.members.countBy({ congressId: id, voted: false })) === 0;
      if (this.clock.now() < c.closesAt && !everyone) {
        throw conflict('congress_in_progress', `表决尚未结束（结束时间：${chineseDateTime(c.closesAt)}），还有参会职工没有表决`);
      }
      await this.finish(id, this.clock.now(), auth);
    }
    return this.get(auth, id);
  }

  /** The congress, closed first if its closing time has passed (so every read after it sees the decision). */
  private async settle(id: string): Promise<CongressEntity | null> {
    const c = await this.congresses.findOneBy({ id });
    if (!c || c.closedAt || this.clock.now() < c.closesAt) return c;
    await this.finish(id, c.closesAt, null);
    return this.congresses.findOneBy({ id });
  }

  /** Counts the ballots and decides, once: the figures are recounted from the rows, not taken from the counters. */
  private async finish(id: string, closedAt: Date, auth: AuthContext | null): Promise<void> {
    await this.tx.run(async (em) => {
      const took = await em
        .createQueryBuilder()
        .update(CongressEntity)
        .set({ closedAt })
        .where('id = :id AND closedAt IS NULL', { id })
        .execute();
      if (!took.affected) return;
      const c = await em.findOneByOrFail(CongressEntity, { id });
      const tally: Record<CongressChoice, number> = { approve: 0, reject: 0, abstain: 0 };
      const rows: { choice: CongressChoice; n: number | string }[] = await em
        .createQueryBuilder(CongressBallotEntity, 'b')
        .select('b.choice', 'choice')
        .addSelect('COUNT(*)', 'n')
        .where('b.congressId = :id', { id })
        .groupBy('b.choice')
        .getRawMany();
      for (const r of rows) if (CONGRESS_CHOICES.includes(r.choice)) tally[r.choice] = Number(r.n);
      const count = async (where: string) =>
        Number(
          (
            await em
              .createQueryBuilder(CongressMemberEntity, 'm')
              .select('COUNT(*)', 'n')
              .where(`m.congressId = :id AND (${where})`, { id })
              .getRawOne<{ n: number | string }>()
          )?.n ?? 0,
        );
      const attendance = await count('m.voted = 1 OR m.checkedInAt IS NOT NULL');
      const voted = await count('m.voted = 1');
      const checkedIn = await count('m.checkedInAt IS NOT NULL');
      const rule = ruleFor(c.scope, this.config.congress);
      const decision = decide({ electorate: c.electorate, attendance, approve: tally.approve }, rule);
      const figures = { attendance, checkedIn, voted, ...tally, adopted: decision.adopted, rule };
      await em.update(CongressEntity, { id }, figures);
      await this.audit.record(em, auth, {
        entity: 'congress',
        entityId: id,
        action: 'closed',
        regionCode: c.regionCode,
        after: { closedAt, ...figures },
      });
    });
  }

  // ---- the contract ----

  /** Once adopted and signed: the contract recorded from the draft with its resolution. */
  async recordContract(auth: AuthContext, id: string, dto: RecordAdoptedContractDto): Promise<Congress> {
    const c = await this.runs(auth, id);
    if (!c.closedAt) throw conflict('congress_not_closed', '职代会表决尚未结束');
    if (!c.adopted) throw conflict('congress_not_adopted', '职代会没有通过这份草案，不能据此登记合同；请重新协商后再提交表决');
    if (c.contractId) throw conflict('contract_already_recorded', '这份草案已经登记为合同了');
    const decidedOn = shanghaiDate(c.closedAt);
    if (dto.signedAt < decidedOn)
      throw invalid('signedAt', `签订日期 signedAt 不能早于职代会通过的日期（${decidedOn}）：草案须先通过再签字`);
    const { draft } = await this.drafts.forCongress(c.draftId, c.draftVersion);
    const chiefs = [dto.workerSide.chief.trim(), dto.employerSide.chief.trim()];
    if (chiefs[0] === chiefs[1]) throw invalid('employerSide.chief', '同一人不能同时担任双方的首席代表');
    const workers = new Set([chiefs[0], ...dto.workerSide.members.map((m) => m.trim())]);
    const both = [chiefs[1], ...dto.employerSide.members.map((m) => m.trim())].find((m) => workers.has(m));
    if (both) throw invalid('employerSide.members', `${both} 不能同时是双方的协商代表（《集体合同规定》第二十三条）`);
    const resolution: ContractResolution = {
      congressId: c.id,
      decidedOn,
      electorate: c.electorate,
      attendance: c.attendance,
      approve: c.approve ?? 0,
      reject: c.reject ?? 0,
      abstain: c.abstain ?? 0,
    };
    await this.tx.run(async (em) => {
      const contractId = await this.contracts.recordAdopted(
        em,
        auth,
        {
          invitationId: c.invitationId,
          scope: c.scope,
          kind: draft.kind,
          title: draft.title,
          regionCode: c.regionCode,
          partyOrganizationIds: draft.partyOrganizationIds,
          signedAt: dto.signedAt,
          effectiveFrom: dto.effectiveFrom,
          expiresAt: dto.expiresAt,
          enterprisesCovered: dto.enterprisesCovered,
          workersCovered: dto.workersCovered,
        },
        resolution,
      );
      const filing = {
        workerSide: { chief: chiefs[0], members: dto.workerSide.members.map((m) => m.trim()) },
        employerSide: { chief: chiefs[1], members: dto.employerSide.members.map((m) => m.trim()) },
        representativesChosen: dto.representativesChosen.trim(),
      };
      const linked = await em
        .createQueryBuilder()
        .update(CongressEntity)
        .set({ contractId, filing })
        .where('id = :id AND contractId IS NULL', { id })
        .execute();
      if (!linked.affected) throw conflict('contract_already_recorded', '这份草案已经登记为合同了');
      await this.audit.record(em, auth, {
        entity: 'congress',
        entityId: id,
        action: 'contract_recorded',
        regionCode: c.regionCode,
        after: { contractId },
      });
    });
    return this.get(auth, id);
  }

  // ---- a worker's own data ----

  /** Moves a worker's congress ballots to another key inside the caller's transaction (account deletion). */
  async rekeyBallots(em: EntityManager, from: string, to: string): Promise<void> {
    await em.update(CongressBallotEntity, { voterKey: from }, { voterKey: to });
  }

  /** What the documents need: the congress as stored, once the caller may see it. */
  async forDocuments(auth: AuthContext, id: string): Promise<CongressEntity> {
    const c = await this.visible(auth, id);
    if (auth.role === 'worker') throw forbidden();
    return c;
  }
}

export function resultOf(c: CongressEntity): CongressResult {
  const rule = c.rule!;
  const decision = decide({ electorate: c.electorate, attendance: c.attendance, approve: c.approve ?? 0 }, rule);
  return {
    electorate: c.electorate,
    attendance: c.attendance,
    voted: c.voted ?? 0,
    checkedIn: c.checkedIn,
    approve: c.approve ?? 0,
    reject: c.reject ?? 0,
    abstain: c.abstain ?? 0,
    quorumMet: decision.quorumMet,
    adopted: Boolean(c.adopted),
    decidedAt: c.closedAt!.toISOString(),
    decidedOn: shanghaiDate(c.closedAt!),
    rule,
  };
}
