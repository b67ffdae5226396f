import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  HELD_TEXT,
  INVITATION_STATUS_LABELS,
  MIN_REPRESENTATIVES_PER_SIDE,
  PUBLISH_WITHIN_DAYS,
  type FeedbackSummary,
  type NegotiationProgress,
  type NegotiationSession,
  type Page,
  type Publication,
  type SessionCounts,
} from '@xst/shared-types';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { chineseDateTime, Clock, shanghaiDate } from '../common/clock.js';
import { periodLastDay } from '../common/legal-clock.js';
import { keysetPage, type SortKey } from '../common/paging.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { ballotKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { ModerationService, type HeldText, type ScreenRequest } from '../moderation/moderation.service.js';
import { ProgressNotices, type ProgressNews } from '../consultations/progress-notices.js';
import { rawDate } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import type { InvitationEntity } from '../invitations/invitation.entity.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { regionRange } from '../regions/region-codes.js';
import type {
  CreateSessionDto,
  FeedbackDto,
  ListSessionsQueryDto,
  PublishDto,
  PublishOutcomeDto,
  UpdateSessionDto,
} from './sessions.dto.js';
import { FeedbackEntity, PublicationEntity, SessionEntity } from './session.entity.js';

/** The kind of progress message telling a consultation's workers of a publication (minutes or outcome). */
const PUBLICATION_NEWS = 'publication';
/** The kind of progress message telling them a draft contract is out for their comment (published as an outcome). */
const DRAFT_NEWS = 'draft_publication';
const NEGOTIATION_PAGE = 'pages/negotiation/index';

/** A session may be logged this long after "now" at most: clocks of phones drift, meetings are not logged ahead. */
const HELD_AT_TOLERANCE_MS = 10 * 60_000;

/** A worker's rating of a publication as they may take it away (their own data). */
export interface OwnFeedback {
  publicationId: string;
  title: string;
  rating: number;
  knowsContract: boolean;
  submittedAt: Date;
}

type SessionFields = Pick<
  CreateSessionDto,
  'type' | 'workerSide' | 'employerSide' | 'recorder' | 'online' | 'place' | 'heldAt' | 'suspended'
>;

/** `hiddenIn`'s answer for each kind of a session's texts others read. */
interface SessionHeld {
  minutes: Set<string>;
  topics: Set<string>;
  place: Set<string>;
}

/** The region's sessions, the latest held first. */
const BY_HELD: SortKey<SessionEntity>[] = [
  { column: 's.heldAt', direction: 'DESC', of: (s) => s.heldAt },
  { column: 's.id', direction: 'ASC', of: (s) => s.id },
];

@Injectable()
export class SessionsService implements OnModuleInit {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(PublicationEntity) private readonly publications: Repository<PublicationEntity>,
    @InjectRepository(FeedbackEntity) private readonly feedback: Repository<FeedbackEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ContractsService) private readonly contracts: ContractsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProgressNotices) private readonly progress: ProgressNotices,
    @Inject(ModerationService) private readonly moderation: ModerationService,
  ) {}

  onModuleInit(): void {
    this.progress.register(PUBLICATION_NEWS, (id) => this.publicationNews(id));
    this.progress.register(DRAFT_NEWS, (id) => this.publicationNews(id, true));
  }

  // ---- access -------------------------------------------------------------------------------------------------

  /** The invitation, if the caller may see it (invitation-access.ts); a 404 that reveals nothing otherwise. */
  private invitationFor(auth: AuthContext, invitationId: string): Promise<InvitationEntity> {
    return this.invitations.visible(auth, invitationId);
  }

  /** Sessions are logged, corrected and published by the union side's organizers. */
  private checkLogs(auth: AuthContext, invitation: InvitationEntity): void {
    if (auth.role !== 'organizer' || !this.invitations.actsForUnionSide(auth, invitation)) {
      throw forbidden('只有工会一方的工作人员可以记录和公开协商会议');
    }
  }

  private async sessionFor(auth: AuthContext, id: string): Promise<{ session: SessionEntity; invitation: InvitationEntity }> {
    const session = await this.sessions.findOneBy({ id });
    if (!session) throw notFound('会议记录');
    try {
      return { session, invitation: await this.invitationFor(auth, session.invitationId) };
    } catch {
      throw notFound('会议记录');
    }
  }

  // ---- rules --------------------------------------------------------------------------------------------------

  /** The rules of 《集体合同规定》 a session record must meet; each refusal names the field and the rule. */
  private checkRules(s: SessionFields, invitation: InvitationEntity): void {
    const heldAt = Date.parse(s.heldAt);
    if (heldAt > this.clock.now().getTime() + HELD_AT_TOLERANCE_MS) throw invalid('heldAt', '会议时间不能晚于现在：请在会后记录');
    // Negotiation follows the invitation (arts. 32–34): a meeting before it was sent is a typing error. Meeting times
    // are entered to the minute, so the minute it was sent counts as after it.
    if (invitation.sentAt && heldAt < Math.floor(invitation.sentAt.getTime() / 60_000) * 60_000) {
      throw invalid('heldAt', `会议时间不能早于要约发出的时间（${chineseDateTime(invitation.sentAt)}）`);
    }
    if (!s.online && !s.place) throw invalid('place', '线下会议请填写会议地点 place');
    if (s.type === 'negotiation') {
      if (s.workerSide.count !== s.employerSide.count) {
        throw invalid('employerSide.count', '正式集体协商双方代表人数应当对等（《集体合同规定》第十九条）');
      }
      if (s.workerSide.count < MIN_REPRESENTATIVES_PER_SIDE) {
        throw invalid('workerSide.count', `正式集体协商每方代表不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人（《集体合同规定》第十九条）`);
      }
    }
    const chiefs = [s.workerSide.chief.trim(), s.employerSide.chief.trim()];
    if (chiefs[0] === chiefs[1]) throw invalid('employerSide.chief', '同一人不能同时担任双方的首席代表');
    if (s.recorder && chiefs.includes(s.recorder.trim()))
      throw invalid('recorder', '记录员应由非协商代表担任（《集体合同规定》第三十三条）');
    if (s.suspended && Date.parse(s.suspended.nextAt) <= heldAt) throw invalid('suspended.nextAt', '下次会议时间应晚于本次会议');
  }

  // ---- sessions -----------------------------------------------------------------------------------------------

  async create(auth: AuthContext, invitationId: string, dto: CreateSessionDto): Promise<{ session: NegotiationSession; created: boolean }> {
    const invitation = await this.invitationFor(auth, invitationId);
    this.checkLogs(auth, invitation);
    const clientId = dto.clientId.toLowerCase();
    const replay = await this.sessions.findOneBy({ clientId });
    if (replay) return { session: await this.replayOf(replay, invitationId), created: false };
    if (invitation.status !== 'accepted') {
      throw conflict(
        'invitation_not_accepted',
        `要约当前状态为「${INVITATION_STATUS_LABELS[invitation.status]}」，对方应约后才能记录协商会议`,
      );
    }
    this.checkRules(dto, invitation);
    const heldMinutes = await this.screenMinutes(auth, dto.minutes);
    const heldOthers = await this.screenTopicsAndPlace(auth, dto.topics, dto.place);
    try {
      const id = await this.tx.run(async (em) => {
        const row = em.create(SessionEntity, {
          id: newId(),
          clientId,
          invitationId,
          regionCode: invitation.regionCode,
          type: dto.type,
          heldAt: new Date(dto.heldAt),
          place: dto.place ?? null,
          online: dto.online,
          workerChief: dto.workerSide.chief.trim(),
          workerCount: dto.workerSide.count,
          employerChief: dto.employerSide.chief.trim(),
          employerCount: dto.employerSide.count,
          recorder: dto.recorder?.trim() ?? null,
          topics: dto.topics.map((t) => ({ title: t.title, outcome: t.outcome, ...(t.note ? { note: t.note } : {}) })),
          minutes: dto.minutes,
          suspended: dto.suspended ?? null,
          createdBy: auth.userId,
          publishedAt: null,
        });
        await em.insert(SessionEntity, row);
        await this.moderation.hold(em, heldMinutes, row.id, row.regionCode);
        for (const h of heldOthers) await this.moderation.hold(em, h, row.id, row.regionCode);
        await this.audit.record(em, auth, {
          entity: 'session',
          entityId: row.id,
          action: 'created',
          regionCode: row.regionCode,
          after: row,
        });
        return row.id;
      });
      return { session: await this.view(id, invitation), created: true };
    } catch (e) {
      // Two copies of the same offline record arriving at once: the second finds the first.
      if (isUniqueViolation(e)) {
        const first = await this.sessions.findOneBy({ clientId });
        if (first) return { session: await this.replayOf(first, invitationId), created: false };
      }
      throw e;
    }
  }

  private async replayOf(existing: SessionEntity, invitationId: string): Promise<NegotiationSession> {
    if (existing.invitationId !== invitationId) throw conflict('client_id_reused', '这条记录的编号已用于另一份要约的会议，请新建记录');
    return this.view(existing.id);
  }

  async update(auth: AuthContext, id: string, dto: UpdateSessionDto): Promise<NegotiationSession> {
    const { session, invitation } = await this.sessionFor(auth, id);
    this.checkLogs(auth, invitation);
    const merged: SessionFields = {
      type: dto.type ?? session.type,
      heldAt: dto.heldAt ?? session.heldAt.toISOString(),
      // Left out: as stored; null: cleared.
      place: dto.place !== undefined ? dto.place : session.place,
      online: dto.online ?? session.online,
      workerSide: dto.workerSide ?? { chief: session.workerChief, count: session.workerCount },
      employerSide: dto.employerSide ?? { chief: session.employerChief, count: session.employerCount },
      recorder: dto.recorder !== undefined ? dto.recorder : session.recorder,
      suspended: dto.suspended !== undefined ? dto.suspended : session.suspended,
    };
    this.checkRules(merged, invitation);
    const heldMinutes = dto.minutes !== undefined ? await this.screenMinutes(auth, dto.minutes) : null;
    const heldOthers = await this.screenTopicsAndPlace(auth, dto.topics, dto.place);
    await this.tx.run(async (em) => {
      const row = await em.findOneByOrFail(SessionEntity, { id });
      const before = { ...row };
      Object.assign(row, {
        type: merged.type,
        heldAt: new Date(merged.heldAt),
        place: merged.place ?? null,
        online: merged.online,
        workerChief: merged.workerSide.chief.trim(),
        workerCount: merged.workerSide.count,
        employerChief: merged.employerSide.chief.trim(),
        employerCount: merged.employerSide.count,
        recorder: merged.recorder?.trim() ?? null,
        suspended: merged.suspended ?? null,
        ...(dto.topics ? { topics: dto.topics } : {}),
        ...(dto.minutes !== undefined ? { minutes: dto.minutes } : {}),
      });
      await em.save(SessionEntity, row);
      await this.moderation.hold(em, heldMinutes, id, row.regionCode);
      for (const h of heldOthers) await this.moderation.hold(em, h, id, row.regionCode);
      await this.audit.record(em, auth, {
        entity: 'session',
        entityId: id,
        action: 'updated',
        regionCode: row.regionCode,
        before,
        after: row,
      });
    });
    return this.view(id, invitation);
  }

  async listForInvitation(auth: AuthContext, invitationId: string): Promise<NegotiationSession[]> {
    const invitation = await this.invitationFor(auth, invitationId);
    const rows = await this.sessions.find({ where: { invitationId }, order: { heldAt: 'ASC', createdAt: 'ASC', id: 'ASC' } });
    const held = await this.heldTexts(rows);
    return rows.map((r, i) => this.toDto(r, i + 1, invitation, held));
  }

  async get(auth: AuthContext, id: string): Promise<NegotiationSession> {
    const { session, invitation } = await this.sessionFor(auth, id);
    return this.view(session.id, invitation);
  }

  /** The figure on the 工作台 button, in the scope of listForRegion: sessions whose minutes are not out yet. */
  async counts(auth: AuthContext): Promise<SessionCounts> {
    if (!auth.regionCode) return { unpublished: 0 };
    const [low, high] = regionRange(auth.regionCode);
    const unpublished = await this.sessions
      .createQueryBuilder('s')
      .where('s.regionCode BETWEEN :low AND :high', { low, high })
      .andWhere('s.publishedAt IS NULL')
      .getCount();
    return { unpublished };
  }

  /** The organizer's list across their region, newest first, flagging minutes not published in time. */
  async listForRegion(auth: AuthContext, q: ListSessionsQueryDto): Promise<Page<NegotiationSession>> {
    if (!auth.regionCode) return { items: [], total: 0, next: null };
    const [low, high] = regionRange(auth.regionCode);
    const qb = this.sessions.createQueryBuilder('s').where('s.regionCode BETWEEN :low AND :high', { low, high });
    if (q.unpublishedOnly === 'true') qb.andWhere('s.publishedAt IS NULL');
    return keysetPage(qb, BY_HELD, q, 200, (rows) => this.presentRegion(rows));
  }

  private async presentRegion(rows: SessionEntity[]): Promise<NegotiationSession[]> {
    if (!rows.length) return [];
    const invitationIds = [...new Set(rows.map((r) => r.invitationId))];
    const invitations = await this.invitations.byIds(invitationIds);
    const siblings = await this.sessions.find({
      where: { invitationId: In(invitationIds) },
      order: { heldAt: 'ASC', createdAt: 'ASC', id: 'ASC' },
      select: { id: true, invitationId: true },
    });
    const round = new Map<string, number>();
    const counters = new Map<string, number>();
    for (const s of siblings) {
      const n = (counters.get(s.invitationId) ?? 0) + 1;
      counters.set(s.invitationId, n);
      round.set(s.id, n);
    }
    const held = await this.heldTexts(rows);
    return rows.map((r) => this.toDto(r, round.get(r.id) ?? 1, invitations.get(r.invitationId)!, held));
  }

  /** One session with its round: its place among the invitation's sessions ordered by when they were held. */
  private async view(id: string, invitation?: InvitationEntity): Promise<NegotiationSession> {
    const row = await this.sessions.findOneByOrFail({ id });
    invitation ??= (await this.invitations.byIds([row.invitationId])).get(row.invitationId)!;
    const order = await this.sessions.find({
      where: { invitationId: row.invitationId },
      order: { heldAt: 'ASC', createdAt: 'ASC', id: 'ASC' },
      select: { id: true },
    });
    return this.toDto(row, order.findIndex((s) => s.id === id) + 1, invitation, await this.heldTexts([row]));
  }

  /** Minutes WeChat's check holds for review read as HELD_TEXT for everybody until an organizer approves them. */
  private screenMinutes(auth: AuthContext, minutes: string | null | undefined) {
    return this.moderation.screen(auth, { kind: 'minutes', field: 'minutes', label: '会议纪要 minutes', scene: 3, text: minutes });
  }

  /**
   * Each topic's title and note, and the place, are read by the other side, the workers' organizers and the filing
   * packet: each is checked on its own, so a refusal names the very field (the first by position when several are).
   */
  private async screenTopicsAndPlace(
    auth: AuthContext,
    topics: { title: string; note?: string | null }[] | undefined,
    place: string | null | undefined,
  ): Promise<HeldText[]> {
    const checks: Omit<ScreenRequest, 'scene'>[] = (topics ?? []).flatMap((t, i) => [
      { kind: 'session_topics', field: `topics[${i}].title`, label: `第 ${i + 1} 个议题 topics[${i}].title`, text: t.title },
      { kind: 'session_topics', field: `topics[${i}].note`, label: `第 ${i + 1} 个议题的结果说明 topics[${i}].note`, text: t.note },
    ]);
    checks.push({ kind: 'session_place', field: 'place', label: '会议地点 place', text: place });
    const settled = await Promise.allSettled(
      checks.filter((c) => c.text?.trim()).map((c) => this.moderation.screen(auth, { ...c, scene: 3 })),
    );
    const refused = settled.find((r) => r.status === 'rejected');
    if (refused) throw refused.reason;
    return settled.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  }

  /** The session texts held or hidden, by kind (`hiddenIn`'s answer for each). */
  private async heldTexts(rows: SessionEntity[]): Promise<SessionHeld> {
    const ids = rows.map((r) => r.id);
    const [minutes, topics, place] = await Promise.all([
      this.moderation.hiddenIn('minutes', ids),
      this.moderation.hiddenIn('session_topics', ids),
      this.moderation.hiddenIn('session_place', ids),
    ]);
    return { minutes, topics, place };
  }

  private toDto(r: SessionEntity, round: number, invitation: InvitationEntity, held: SessionHeld): NegotiationSession {
    const shown = (set: Set<string>, text: string) => (ModerationService.isHidden(set, r.id, text) ? HELD_TEXT : text);
    // 10 days from the meeting, as the law counts days (common/legal-clock.ts): a last day in a holiday moves after it.
    const publishDueOn = invitation.scope === 'new_employment' ? periodLastDay(shanghaiDate(r.heldAt), PUBLISH_WITHIN_DAYS) : null;
    return {
      id: r.id,
      clientId: r.clientId,
      invitationId: r.invitationId,
      round,
      type: r.type,
      heldAt: r.heldAt.toISOString(),
      place: r.place === null ? null : shown(held.place, r.place),
      online: Boolean(r.online),
      workerSide: { chief: r.workerChief, count: r.workerCount },
      employerSide: { chief: r.employerChief, count: r.employerCount },
      recorder: r.recorder,
      // What each topic came to stays readable; only the words written for it wait for the check.
      topics: r.topics.map((t) => ({ ...t, title: shown(held.topics, t.title), ...(t.note ? { note: shown(held.topics, t.note) } : {}) })),
      minutes: shown(held.minutes, r.minutes),
      suspended: r.suspended,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      publishedAt: r.publishedAt?.toISOString() ?? null,
      publishDueOn,
      publishOverdue: Boolean(publishDueOn && !r.publishedAt && shanghaiDate(this.clock.now()) > publishDueOn),
    };
  }

  // ---- publication to workers ---------------------------------------------------------------------------------

  async publishSession(auth: AuthContext, id: string, dto: PublishDto): Promise<Publication> {
    const { session, invitation } = await this.sessionFor(auth, id);
    this.checkLogs(auth, invitation);
    const consultationId = this.requireConsultation(invitation);
    const round = (await this.view(id, invitation)).round;
    // What all the consultation's workers will read is checked with WeChat first: the summary, or the minutes.
    const heldBody = await this.moderation.screen(auth, {
      kind: 'publication',
      field: dto.summary ? 'summary' : 'minutes',
      label: dto.summary ? '公开摘要 summary' : '会议纪要 minutes',
      scene: 3,
      text: dto.summary ?? session.minutes,
    });
    try {
      const pubId = await this.tx.run(async (em) => {
        const fresh = await em.findOneByOrFail(SessionEntity, { id });
        if (fresh.publishedAt) throw conflict('already_published', '这次会议的纪要已经公开过了');
        const now = this.clock.now();
        const pub = em.create(PublicationEntity, {
          id: newId(),
          invitationId: invitation.id,
          sessionId: session.id,
          consultationId,
          kind: 'session',
          title: `第 ${round} 次协商会议纪要`,
          body: dto.summary ?? fresh.minutes,
          publishedBy: auth.userId,
          publishedAt: now,
        });
        await em.insert(PublicationEntity, pub);
        // The minutes may have changed since they were checked: a body other than the one checked is held.
        await this.moderation.hold(
          em,
          heldBody ?? (pub.body !== (dto.summary ?? session.minutes) ? { kind: 'publication', text: pub.body, reason: 'unchecked' } : null),
          pub.id,
          fresh.regionCode,
        );
        const before = { ...fresh };
        fresh.publishedAt = now;
        await em.save(SessionEntity, fresh);
        await this.audit.record(em, auth, {
          entity: 'session',
          entityId: id,
          action: 'published',
          regionCode: fresh.regionCode,
          before,
          after: fresh,
        });
        await this.progress.enqueue(em, PUBLICATION_NEWS, pub.id, consultationId, now);
        return pub.id;
      });
      this.progress.kick();
      return (await this.presentPublications([await this.publications.findOneByOrFail({ id: pubId })]))[0];
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('already_published', '这次会议的纪要已经公开过了');
      throw e;
    }
  }

  /** An outcome to the consultation's workers; `draft` when it is a draft contract put to them for comment. */
  async publishOutcome(auth: AuthContext, invitationId: string, dto: PublishOutcomeDto, draft = false): Promise<Publication> {
    const invitation = await this.invitationFor(auth, invitationId);
    this.checkLogs(auth, invitation);
    const consultationId = this.requireConsultation(invitation);
    const heldTitle = await this.moderation.screen(auth, {
      kind: 'publication',
      field: 'title',
      label: '标题 title',
      scene: 3,
      text: dto.title,
    });
    const heldBody = await this.moderation.screen(auth, {
      kind: 'publication',
      field: 'body',
      label: '内容 body',
      scene: 3,
      text: dto.body,
    });
    const id = await this.tx.run(async (em) => {
      const pub = em.create(PublicationEntity, {
        id: newId(),
        invitationId,
        sessionId: null,
        consultationId,
        kind: 'outcome',
        title: dto.title,
        body: dto.body,
        publishedBy: auth.userId,
        publishedAt: this.clock.now(),
      });
      await em.insert(PublicationEntity, pub);
      await this.moderation.hold(em, heldTitle, pub.id, invitation.regionCode);
      await this.moderation.hold(em, heldBody, pub.id, invitation.regionCode);
      await this.audit.record(em, auth, {
        entity: 'invitation',
        entityId: invitationId,
        action: 'outcome_published',
        regionCode: invitation.regionCode,
        after: pub,
      });
      await this.progress.enqueue(em, draft ? DRAFT_NEWS : PUBLICATION_NEWS, pub.id, consultationId, pub.publishedAt);
      return pub.id;
    });
    this.progress.kick();
    return (await this.presentPublications([await this.publications.findOneByOrFail({ id })]))[0];
  }

  /** What a progress message says of a publication: the same words to every worker who took part. */
  private async publicationNews(id: string, draft = false): Promise<ProgressNews | null | 'later'> {
    const pub = await this.publications.findOneBy({ id });
    if (!pub) return null;
    // Workers hear of it once what they will read is out: not while it is held, never once it is hidden.
    const states = await Promise.all([pub.title, pub.body].map((t) => this.moderation.statusOf('publication', pub.id, t)));
    if (states.includes('hidden')) return null;
    if (states.includes('held')) return 'later';
    return {
      headline: draft ? '合同草案公开征求意见' : pub.kind === 'session' ? '协商会议纪要已公开' : '协商结果已公开',
      about: pub.title,
      at: pub.publishedAt,
      page: NEGOTIATION_PAGE,
      hint: draft ? '点击查看草案并提出意见' : '点击查看并评价',
    };
  }

  private requireConsultation(invitation: InvitationEntity): string {
    if (!invitation.consultationId) {
      throw conflict('no_consultation', '这份要约没有关联意见征集，无法确定要告知哪些劳动者；请在要约中关联意见征集');
    }
    return invitation.consultationId;
  }

  async listPublications(auth: AuthContext, invitationId: string): Promise<Publication[]> {
    await this.invitationFor(auth, invitationId);
    const rows = await this.publications.find({ where: { invitationId }, order: { publishedAt: 'DESC' } });
    return this.presentPublications(rows);
  }

  /** Publications as everybody reads them: a title or body held by WeChat's check reads as HELD_TEXT until approved. */
  private async presentPublications(rows: PublicationEntity[], mine = new Map<string, FeedbackEntity>()): Promise<Publication[]> {
    const held = await this.moderation.hiddenIn(
      'publication',
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.toPublication(r, mine.get(r.id) ?? null, held));
  }

  private toPublication(r: PublicationEntity, mine: FeedbackEntity | null, held: Set<string>): Publication {
    return {
      id: r.id,
      invitationId: r.invitationId,
      sessionId: r.sessionId,
      kind: r.kind,
      title: ModerationService.isHidden(held, r.id, r.title) ? HELD_TEXT : r.title,
      body: ModerationService.isHidden(held, r.id, r.body) ? HELD_TEXT : r.body,
      publishedAt: r.publishedAt.toISOString(),
      myFeedback: mine ? { rating: mine.rating, knowsContract: Boolean(mine.knowsContract) } : null,
    };
  }

  // ---- a worker's own data ---------------------------------------------------------------------------------------

  /** The ratings stored under a worker's key, oldest first, with the title of what they rated. */
  async feedbackOf(key: string): Promise<OwnFeedback[]> {
    const rows = await this.feedback
      .createQueryBuilder('f')
      .innerJoin(PublicationEntity, 'p', 'p.id = f.publicationId')
      .select(['f.publicationId AS publicationId', 'p.title AS title', 'f.rating AS rating'])
      .addSelect(['f.knowsContract AS knowsContract', 'f.submittedAt AS submittedAt'])
      .where('f.voterKey = :key', { key })
      .orderBy('f.submittedAt', 'ASC')
      .getRawMany<{
        publicationId: string;
        title: string;
        rating: number | string;
        knowsContract: number | boolean;
        submittedAt: Date | string;
      }>();
    // A title WeChat's check holds, or an organizer hid, reads as everywhere else: the worker's copy is no way round it.
    const held = await this.moderation.hiddenIn(
      'publication',
      rows.map((f) => f.publicationId),
    );
    return rows.map((f) => ({
      publicationId: f.publicationId,
      title: ModerationService.isHidden(held, f.publicationId, f.title) ? HELD_TEXT : f.title,
      rating: Number(f.rating),
      knowsContract: Boolean(Number(f.knowsContract)),
      submittedAt: rawDate(f.submittedAt),
    }));
  }

  /** Moves a worker's ratings to another key inside the caller's transaction: counts kept, the person gone. */
  async rekeyFeedback(em: EntityManager, from: string, to: string): Promise<void> {
    await em.update(FeedbackEntity, { voterKey: from }, { voterKey: to });
  }

  // ---- workers ------------------------------------------------------------------------------------------------

  /** Consultations whose region contains the worker's and whose industries include theirs. */
  private workerConsultationIds(auth: AuthContext): Promise<string[]> {
    return this.consultations.idsInScopeOf(auth);
  }

  async negotiationsForWorker(auth: AuthContext): Promise<NegotiationProgress[]> {
    const consultationIds = await this.workerConsultationIds(auth);
    if (!consultationIds.length) return [];
    const invitations = await this.invitations.followedThrough(consultationIds);
    if (!invitations.length) return [];
    const ids = invitations.map((i) => i.id);
    const orgs = await this.organizations.byIds(invitations.flatMap((i) => [i.fromOrganizationId, i.toOrganizationId]));
    const sessions = await this.sessions.find({
      where: { invitationId: In(ids) },
      select: { invitationId: true, heldAt: true },
      order: { heldAt: 'ASC' },
    });
    const signed = await this.contracts.firstSignedOn(ids);
    const pubs = await this.publications.find({ where: { invitationId: In(ids) }, order: { publishedAt: 'DESC' } });
    const key = ballotKey(this.config.ballotSecret, auth);
    const mine = pubs.length
      ? new Map((await this.feedback.findBy({ publicationId: In(pubs.map((p) => p.id)), voterKey: key })).map((f) => [f.publicationId, f]))
      : new Map<string, FeedbackEntity>();
    const shown = new Map((await this.presentPublications(pubs, mine)).map((p) => [p.id, p]));
    return invitations.map((inv) => {
      const own = sessions.filter((s) => s.invitationId === inv.id);
      const signedOn = signed.get(inv.id);
      const counterpart = orgs.get(inv.side === 'union' ? inv.toOrganizationId : inv.fromOrganizationId)?.name ?? '';
      return {
        invitationId: inv.id,
        title: `${orgs.get(inv.fromOrganizationId)?.name ?? ''} → ${orgs.get(inv.toOrganizationId)?.name ?? ''}`,
        counterpart,
        consultationId: inv.consultationId!,
        steps: [
          { key: 'sent', label: '发出要约', done: Boolean(inv.sentAt), at: inv.sentAt?.toISOString() ?? null },
          {
            key: 'answered',
            label: inv.replyDecision === 'decline' ? '对方拒绝' : '对方应约',
            done: Boolean(inv.repliedAt),
            at: inv.repliedAt?.toISOString() ?? null,
          },
          { key: 'sessions', label: '协商会议', done: own.length > 0, at: own[0]?.heldAt.toISOString() ?? null },
          { key: 'contract', label: '签订集体合同', done: Boolean(signedOn), at: signedOn ?? null },
        ],
        sessions: own.length,
        publications: pubs.filter((p) => p.invitationId === inv.id).map((p) => shown.get(p.id)!),
      };
    });
  }

  async giveFeedback(auth: AuthContext, publicationId: string, dto: FeedbackDto): Promise<Publication> {
    const pub = await this.publications.findOneBy({ id: publicationId });
    if (!pub || !(await this.workerConsultationIds(auth)).includes(pub.consultationId)) throw notFound('公开内容');
    const key = ballotKey(this.config.ballotSecret, auth);
    const saved = await this.tx.run(async (em) => {
      const existing = await em.findOneBy(FeedbackEntity, { publicationId, voterKey: key });
      if (existing) {
        existing.rating = dto.rating;
        existing.knowsContract = dto.knowsContract;
        existing.submittedAt = this.clock.now();
        await em.save(FeedbackEntity, existing);
        return existing;
      }
      const row = em.create(FeedbackEntity, {
        id: newId(),
        publicationId,
        voterKey: key,
        rating: dto.rating,
        knowsContract: dto.knowsContract,
        submittedAt: this.clock.now(),
      });
      await em.insert(FeedbackEntity, row);
      return row;
    });
    return (await this.presentPublications([pub], new Map([[pub.id, saved]])))[0];
  }

  async feedbackSummary(auth: AuthContext, publicationId: string): Promise<FeedbackSummary> {
    const pub = await this.publications.findOneBy({ id: publicationId });
    if (!pub) throw notFound('公开内容');
    try {
      await this.invitationFor(auth, pub.invitationId);
    } catch {
      throw notFound('公开内容');
    }
    const [row] = await this.feedback.query(
      `SELECT COUNT(*) AS n, AVG(rating) AS avg, SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied,
              SUM(CASE WHEN knowsContract THEN 1 ELSE 0 END) AS aware
         FROM publication_feedback WHERE publicationId = ?`,
      [publicationId],
    );
    const n = Number(row.n);
    const share = (x: unknown) => (n ? Math.round((Number(x) / n) * 1000) / 1000 : null);
    return {
      responses: n,
      averageRating: n ? Math.round(Number(row.avg) * 100) / 100 : null,
      satisfactionRate: share(row.satisfied),
      awarenessRate: share(row.aware),
    };
  }
}
