import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  DUE_SOON_DAYS,
  ESCALATION_STEP_LABELS,
  ESCALATION_STEPS,
  HELD_TEXT,
  INVITATION_STATUS_LABELS,
  type Escalation,
  type EscalationStep,
  type Invitation,
  type InvitationCounts,
  type InvitationParty,
  type InvitationSmsNotice,
  type InvitationStatus,
  type InvitationTopic,
  type Page,
} from '@xst/shared-types';
import { keysetPage, type SortKey } from '../common/paging.js';
import { Brackets, In, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { addDays, Clock, daysBetween, isCalendarDate, shanghaiDate } from '../common/clock.js';
import { periodEnd, periodLastDay } from '../common/legal-clock.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { Transactions } from '../database/transactions.js';
import type { OrganizationEntity } from '../regions/organization.entity.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin } from '../regions/region-codes.js';
import { invitationAccess, SHARING_STATUSES } from './invitation-access.js';
import { invitationLetter } from './invitation-letter.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { InvitationRemindersService } from './invitation-reminders.service.js';
import { canTransition, effectiveStatus, transition, type InvitationEvent } from './invitation-state.js';
import { INVITATION_SMS, InvitationEntity, InvitationEscalationEntity, InvitationReminderEntity } from './invitation.entity.js';
import { smsFailureReason } from '../sms/sms.client.js';
import type {
  CreateInvitationDto,
  EscalationDto,
  InvitationCountsDto,
  InvitationTopicDto,
  ListInvitationsDto,
  RecordDeliveryDto,
  ReplyDto,
} from './invitations.dto.js';

const DAY_MS = 86400_000;
const LIST_LIMIT = 200;
/** Newest first. */
const INVITATION_ORDER: SortKey<InvitationEntity>[] = [
  { column: 'i.createdAt', direction: 'DESC', of: (i) => i.createdAt },
  { column: 'i.id', direction: 'ASC', of: (i) => i.id },
];

const topicsOf = (dtos: InvitationTopicDto[] | undefined): InvitationTopic[] =>
  (dtos ?? []).map((t) => ({ code: t.code ?? null, title: t.title.trim() }));

function checkTopics(field: string, topics: InvitationTopic[]): void {
  const titles = topics.map((t) => t.title);
  if (titles.some((t) => !t)) throw invalid(field, '议题名称不能为空');
  if (new Set(titles).size !== titles.length) throw invalid(field, '议题不能重复');
}

@Injectable()
export class InvitationsService implements OnModuleInit {
  private readonly logger = new Logger('Invitations');

  constructor(
    @InjectRepository(InvitationEntity) private readonly invitations: Repository<InvitationEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(InvitationRemindersService) private readonly reminders: InvitationRemindersService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ModerationService) private readonly moderation: ModerationService,
  ) {}

  /** An invitation that attaches a consultation opens it to the receiving enterprise (see invitation-access.ts). */
  onModuleInit(): void {
    this.consultations.shareWithEnterprisesBy((organizationId, consultationId) => this.sharesConsultation(organizationId, consultationId));
  }

  // ---------------------------------------------------------------- access, as other capabilities ask for it

  /** The invitation if the caller may see it (invitation-access.ts), else a 404 that reveals nothing. */
  async visible(auth: AuthContext, id: string, em?: EntityManager): Promise<InvitationEntity> {
    const inv = await (em?.getRepository(InvitationEntity) ?? this.invitations).findOneBy({ id });
    if (!inv || !invitationAccess.canSee(auth, inv)) throw notFound('要约');
    return inv;
  }

  /** The same question, answered with null instead of a 404. */
  async findVisible(auth: AuthContext, id: string): Promise<InvitationEntity | null> {
    const inv = await this.invitations.findOneBy({ id });
    return inv && invitationAccess.canSee(auth, inv) ? inv : null;
  }

  /** Whether the caller acts for the union side of the invitation (records its sessions, its escalation steps). */
  actsForUnionSide(auth: AuthContext, inv: InvitationEntity): boolean {
    return invitationAccess.actsForUnionSide(auth, inv);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, InvitationEntity>> {
    if (!ids.length) return new Map();
    return new Map((await this.invitations.findBy({ id: In([...new Set(ids)]) })).map((i) => [i.id, i]));
  }

  /** Whether an invitation sent to this organization (and not withdrawn) attaches the consultation. */
  async sharesConsultation(organizationId: string, consultationId: string): Promise<boolean> {
    return (await this.invitations.countBy({ consultationId, toOrganizationId: organizationId, status: In([...SHARING_STATUSES]) })) > 0;
  }

  /** Invitations that attach one of these consultations, sent and not withdrawn, newest first: what workers follow. */
  async followedThrough(consultationIds: readonly string[]): Promise<InvitationEntity[]> {
    if (!consultationIds.length) return [];
    return this.invitations.find({
      where: { consultationId: In([...consultationIds]), status: In([...SHARING_STATUSES]) },
      order: { sentAt: 'DESC' },
    });
  }

  // ---------------------------------------------------------------- create and send

  /**
   * `within` runs inside the invitation's transaction once the row is written (a petition records that the
   * invitation answers it): when it throws, nothing is written.
   */
  async create(
    auth: AuthContext,
    dto: CreateInvitationDto,
    within?: (em: EntityManager, inv: InvitationEntity) => Promise<void>,
  ): Promise<Invitation> {
    if (!auth.organizationId || dto.fromOrganizationId !== auth.organizationId) {
      throw forbidden('只能以你所在单位的名义发出要约');
    }
    const from = await this.organizations.byId(dto.fromOrganizationId);
    if (!from) throw forbidden('只能以你所在单位的名义发出要约');
    const topics = topicsOf(dto.topics);
    checkTopics('topics', topics);
    const chiefRepresentative = dto.chiefRepresentative.trim();
    if (chiefRepresentative.length < 2) throw invalid('chiefRepresentative', '请填写首席代表 chiefRepresentative（2 到 40 个字）');
    const now = this.clock.now();
    const proposedAt = dto.proposedAt ? new Date(dto.proposedAt) : null;
    if (proposedAt && proposedAt.getTime() <= now.getTime()) throw invalid('proposedAt', '建议协商时间应晚于现在');

    let to: OrganizationEntity | null;
    let onBehalfOf: OrganizationEntity | null = null;
    let side: 'union' | 'enterprise';
    if (auth.role === 'organizer') {
      if (from.type !== 'union') throw forbidden('只能以你所在单位的名义发出要约');
      side = 'union';
      to = await this.organizations.byId(dto.toOrganizationId);
      if (!to || to.type === 'union' || !isWithin(to.regionCode, auth.regionCode)) {
        throw invalid('toOrganizationId', '接收单位应为你所辖地区内的企业或行业协会');
      }
      if (dto.onBehalfOfOrganizationId) {
        onBehalfOf = await this.organizations.byId(dto.onBehalfOfOrganizationId);
        if (onBehalfOf?.type !== 'union' || onBehalfOf.id === from.id || !isWithin(onBehalfOf.regionCode, from.regionCode)) {
          throw invalid('onBehalfOfOrganizationId', '代行要约只能代本地区或下级地区的工会发出');
        }
      }
      if (dto.consultationId) await this.checkConsultation(auth, dto.consultationId);
    } else {
      if (from.type === 'union') throw forbidden('只能以你所在单位的名义发出要约');
      side = 'enterprise';
      if (dto.onBehalfOfOrganizationId) throw invalid('onBehalfOfOrganizationId', '只有上级工会可以代行要约');
      if (dto.consultationId) throw invalid('consultationId', '只有工会发出的要约可以附上职工意见征集结果');
      to = await this.organizations.visible(auth, dto.toOrganizationId).catch(() => null);
      if (to?.type !== 'union') throw invalid('toOrganizationId', '接收单位应为本地或上级工会');
    }
    const unionSide = side === 'union' ? (onBehalfOf ?? from) : to;
    const otherSide = side === 'union' ? to : from;
    const heldBody = await this.moderation.screen(auth, {
      kind: 'invitation_body',
      field: 'body',
      label: '要约正文 body',
      scene: 3,
      text: dto.body,
    });

    const saved = await this.tx.run(async (em) => {
      const status: InvitationStatus = dto.draft ? 'draft' : transition('draft', 'send');
      const inv = em.create(InvitationEntity, {
        id: newId(),
        status,
        scope: dto.scope,
        side,
        fromOrganizationId: from.id,
        toOrganizationId: to.id,
        onBehalfOfOrganizationId: onBehalfOf?.id ?? null,
        regionCode: unionSide.regionCode,
        enterpriseRegionCode: otherSide.regionCode,
        topics,
        consultationId: dto.consultationId ?? null,
        proposedAt,
        proposedPlace: dto.proposedPlace?.trim() ?? null,
        body: dto.body,
        representativesPerSide: dto.representativesPerSide,
        chiefRepresentative,
        createdBy: auth.userId,
        sentAt: null,
        replyDueAt: null,
        receivedAt: null,
        receivedBy: null,
        replyDays: null,
        deliveredOn: null,
        deliveryNote: null,
        deliveryRecordedBy: null,
        replyDecision: null,
        replyReason: null,
        replyLate: false,
        repliedAt: null,
        repliedBy: null,
        replyProposedAt: null,
        replyProposedPlace: null,
        replyCounterTopics: null,
        overdueAt: null,
        withdrawnAt: null,
      });
      if (status === 'sent') Object.assign(inv, this.sendingFields(now));
      await em.insert(InvitationEntity, inv);
      await this.moderation.hold(em, heldBody, inv.id, inv.regionCode);
      if (status === 'sent') await this.queueSentReminders(em, inv);
      if (within) await within(em, inv);
      const after = await this.toDto(em, inv, now);
      await this.audit.record(em, auth, {
        entity: 'invitation',
        entityId: inv.id,
        action: status === 'sent' ? 'sent' : 'drafted',
        regionCode: inv.regionCode,
        after,
      });
      return after;
    });
    if (saved.status === 'sent') this.reminders.kick();
    return saved;
  }

  /** Sending fixes the days to answer; the period itself starts only at receipt. */
  private sendingFields(now: Date): Pick<InvitationEntity, 'sentAt' | 'replyDays' | 'replyDueAt'> {
    return { sentAt: now, replyDays: this.config.replyDays, replyDueAt: null };
  }

  /** The receiver hears of it now: its accounts in WeChat, and by SMS at its contact phone (when SMS is on). */
  private async queueSentReminders(em: EntityManager, inv: InvitationEntity): Promise<void> {
    const recipients = await this.reminders.accountsOf(em, [inv.toOrganizationId]);
    await this.reminders.enqueue(em, 'invitation_received', inv.id, recipients, inv.sentAt!);
    await this.reminders.enqueueSms(em, inv, inv.sentAt!);
  }

  /**
   * The day of receipt (the earlier of first opening and a recorded paper delivery) and the end of the reply period
   * it starts: 《民法典》 art. 201 — the day of receipt is not counted — and art. 203 (see common/legal-clock.ts).
   */
  private receipt(inv: Pick<InvitationEntity, 'receivedAt' | 'deliveredOn' | 'replyDays'>): { on: string; dueAt: Date } | null {
    const days = [inv.receivedAt ? shanghaiDate(inv.receivedAt) : null, inv.deliveredOn].filter((d): d is string => Boolean(d)).sort();
    if (!days.length) return null;
    return { on: days[0], dueAt: periodEnd(periodLastDay(days[0], inv.replyDays ?? this.config.replyDays)) };
  }

  /** Once the period runs, the receiver is reminded DUE_SOON_DAYS before its end (moved if receipt moves earlier). */
  private async queueDueSoon(em: EntityManager, inv: InvitationEntity, now: Date): Promise<void> {
    if (!inv.replyDueAt || inv.repliedAt) return;
    const dueSoon = new Date(inv.replyDueAt.getTime() - DUE_SOON_DAYS * DAY_MS);
    if (dueSoon.getTime() <= now.getTime()) return;
    const recipients = await this.reminders.accountsOf(em, [inv.toOrganizationId]);
    await this.reminders.enqueue(em, 'invitation_due_soon', inv.id, recipients, dueSoon);
    await this.reminders.reschedule(em, 'invitation_due_soon', inv.id, dueSoon);
  }

  /** A consultation may be attached only when it exists and lies within the sender's region. */
  private async checkConsultation(auth: AuthContext, consultationId: string): Promise<void> {
    const regionCode = await this.consultations.regionOf(consultationId);
    if (!isWithin(regionCode, auth.regionCode)) throw invalid('consultationId', '意见征集不存在或不在你的管辖范围内');
  }

  async send(auth: AuthContext, id: string): Promise<Invitation> {
    const result = await this.tx.run(async (em) => {
      const inv = await this.visible(auth, id, em);
      if (!invitationAccess.isSender(auth, inv)) throw forbidden('只有发出单位可以发出这份要约');
      const now = this.clock.now();
      const before = await this.toDto(em, inv, now);
      await this.apply(em, inv, 'send', this.sendingFields(now), now);
      await this.queueSentReminders(em, inv);
      const after = await this.toDto(em, inv, now);
      await this.audit.record(em, auth, { entity: 'invitation', entityId: id, action: 'sent', regionCode: inv.regionCode, before, after });
      return after;
    });
    this.reminders.kick();
    return result;
  }

  /**
   * Applies one event through the state machine and stores it with a conditional UPDATE: when someone else
   * changed the invitation in between, nothing is written and the caller gets a 409.
   */
  private async apply(
    em: EntityManager,
    inv: InvitationEntity,
    event: InvitationEvent,
    set: Partial<InvitationEntity>,
    now: Date,
  ): Promise<void> {
    const current = effectiveStatus(inv.status, inv.replyDueAt, now);
    const next = transition(current, event);
    const res = await em
      .createQueryBuilder()
      .update(InvitationEntity)
      .set({ ...set, status: next })
      .where('id = :id AND status IN (:...expected)', { id: inv.id, expected: [...new Set([inv.status, current])] })
      .execute();
    if (!res.affected) throw conflict('invitation_changed', '这份要约刚刚有了变化，请刷新后再看');
    Object.assign(inv, set, { status: next });
  }

  // ---------------------------------------------------------------- read

  async get(auth: AuthContext, id: string): Promise<Invitation> {
    const inv = await this.visible(auth, id);
    const now = this.clock.now();
    if (inv.status !== 'draft' && !inv.receivedAt && invitationAccess.isReceiver(auth, inv)) {
      return this.tx.run(async (em) => {
        // Opening it is receiving it: the reply period starts (unless a paper delivery started it earlier).
        const start = inv.repliedAt ? null : this.receipt({ ...inv, receivedAt: now });
        const res = await em
          .createQueryBuilder()
          .update(InvitationEntity)
          .set({ receivedAt: now, receivedBy: auth.userId, ...(start ? { replyDueAt: start.dueAt } : {}) })
          .where('id = :id AND receivedAt IS NULL', { id })
          .execute();
        const fresh = await em.findOneByOrFail(InvitationEntity, { id });
        if (res.affected) await this.queueDueSoon(em, fresh, now);
        const dto = await this.toDto(em, fresh, now);
        if (res.affected) {
          await this.audit.record(em, auth, {
            entity: 'invitation',
            entityId: id,
            action: 'received',
            regionCode: fresh.regionCode,
            after: { receivedAt: dto.receivedAt, replyDueAt: dto.replyDueAt },
          });
        }
        return dto;
      });
    }
    return this.toDto(this.invitations.manager, inv, now);
  }

  async list(auth: AuthContext, q: ListInvitationsDto): Promise<Page<Invitation>> {
    const now = this.clock.now();
    const qb = this.visibleQuery(auth, q, now);
    if (!qb) return { items: [], total: 0, next: null };
    return keysetPage(qb, INVITATION_ORDER, q, LIST_LIMIT, (rows) => this.toDtos(this.invitations.manager, rows, now));
  }

  /** The figures on the 工作台 button: what the list shows under 待答复 and under 逾期, counted the same way. */
  async counts(auth: AuthContext, q: InvitationCountsDto): Promise<InvitationCounts> {
    const now = this.clock.now();
    const count = async (status: 'sent' | 'overdue') => (await this.visibleQuery(auth, { ...q, status }, now)?.getCount()) ?? 0;
    const [awaitingReply, overdue] = await Promise.all([count('sent'), count('overdue')]);
    return { awaitingReply, overdue };
  }

  /** The invitations the caller may list (the one access policy), filtered as asked; null when there are none. */
  private visibleQuery(auth: AuthContext, q: ListInvitationsDto, now: Date): SelectQueryBuilder<InvitationEntity> | null {
    const visible = invitationAccess.visibleWhere(auth);
    if (!visible) return null;
    const qb = this.invitations.createQueryBuilder('i').where(visible.sql, visible.params);
    if (q.direction && auth.role === 'enterprise') {
      qb.andWhere(q.direction === 'sent' ? 'i.fromOrganizationId = :own' : 'i.toOrganizationId = :own', { own: auth.organizationId });
    } else if (q.direction) {
      qb.andWhere('i.side = :side', { side: q.direction === 'sent' ? 'union' : 'enterprise' });
    }
    this.filterStatus(qb, q, now);
    if (q.toOrganizationId) qb.andWhere('i.toOrganizationId = :to', { to: q.toOrganizationId });
    return qb;
  }

  /** Status as read, not as stored: a sent invitation past its due time is listed as overdue. */
  private filterStatus(qb: SelectQueryBuilder<InvitationEntity>, q: ListInvitationsDto, now: Date): void {
    if (q.status === 'overdue') {
      qb.andWhere(new Brackets((w) => w.where("i.status = 'overdue'").orWhere("(i.status = 'sent' AND i.replyDueAt < :now)", { now })));
    } else if (q.status === 'sent') {
      // Not yet received: its period has not started, so it is awaiting a reply, never overdue.
      qb.andWhere("i.status = 'sent' AND (i.replyDueAt IS NULL OR i.replyDueAt >= :now)", { now });
    } else if (q.status) {
      qb.andWhere('i.status = :status', { status: q.status });
    }
    if (q.dueWithinDays !== undefined) {
      // Whose last day is at most that many calendar days from today.
      qb.andWhere("i.status = 'sent' AND i.replyDueAt >= :now AND i.replyDueAt <= :until", {
        now,
        until: periodEnd(addDays(shanghaiDate(now), q.dueWithinDays)),
      });
    }
  }

  // ---------------------------------------------------------------- reply, withdraw, escalate

  async reply(auth: AuthContext, id: string, dto: ReplyDto): Promise<Invitation> {
    const heldReason = await this.moderation.screen(auth, {
      kind: 'decline_reason',
      field: 'reason',
      label: '理由 reason',
      scene: 2,
      text: dto.reason,
    });
    const replied = await this.tx.run(async (em) => {
      const inv = await this.visible(auth, id, em);
      if (!invitationAccess.isReceiver(auth, inv)) throw forbidden('只有接收单位可以答复这份要约');
      const now = this.clock.now();
      const current = effectiveStatus(inv.status, inv.replyDueAt, now);
      transition(current, dto.decision);
      if (inv.repliedAt) {
        throw conflict(
          'invitation_already_replied',
          `这份要约已经答复过了（当前状态为「${INVITATION_STATUS_LABELS[current]}」），不能重复答复`,
        );
      }
      const reason = dto.reason?.trim() || null;
      if (dto.decision === 'decline' && !reason) throw invalid('reason', '拒绝要约须说明理由 reason');
      const counterTopics = topicsOf(dto.counterTopics);
      checkTopics('counterTopics', counterTopics);
      const proposedAt = dto.proposedAt ? new Date(dto.proposedAt) : null;
      if (proposedAt && proposedAt.getTime() <= now.getTime()) throw invalid('proposedAt', '建议协商时间应晚于现在');
      const before = await this.toDto(em, inv, now);
      await this.apply(
        em,
        inv,
        dto.decision,
        {
          replyDecision: dto.decision,
          replyReason: reason,
          // Answering is also receiving: an answer with the period not started yet is on time.
          replyLate: Boolean(inv.replyDueAt && now.getTime() > inv.replyDueAt.getTime()),
          repliedAt: now,
          repliedBy: auth.userId,
          replyProposedAt: proposedAt,
          replyProposedPlace: dto.proposedPlace?.trim() ?? null,
          replyCounterTopics: counterTopics,
          // answering is also opening it
          receivedAt: inv.receivedAt ?? now,
          receivedBy: inv.receivedBy ?? auth.userId,
        },
        now,
      );
      const after = await this.toDto(em, inv, now);
      await this.audit.record(em, auth, {
        entity: 'invitation',
        entityId: id,
        action: dto.decision === 'accept' ? 'accepted' : 'declined',
        regionCode: inv.regionCode,
        before,
        after,
      });
      await this.moderation.hold(em, heldReason, id, inv.regionCode);
      const senders = await this.reminders.accountsOf(em, [inv.fromOrganizationId, inv.onBehalfOfOrganizationId]);
      await this.reminders.enqueue(em, 'invitation_replied', id, senders, now);
      return after;
    });
    this.reminders.kick();
    return replied;
  }

  /**
   * The sender records the day a paper letter was delivered. Receipt is the earlier of that day and first opening, so
   * the reply period may start (or start earlier) here; it never moves later.
   */
  async recordDelivery(auth: AuthContext, id: string, dto: RecordDeliveryDto): Promise<Invitation> {
    return this.tx.run(async (em) => {
      const inv = await this.visible(auth, id, em);
      if (!invitationAccess.isSender(auth, inv)) throw forbidden('只有发出单位可以登记要约书的送达');
      const now = this.clock.now();
      const current = effectiveStatus(inv.status, inv.replyDueAt, now);
      if (!inv.sentAt || current === 'draft' || current === 'withdrawn') {
        throw conflict('invitation_illegal_transition', `这份要约当前状态为「${INVITATION_STATUS_LABELS[current]}」，不能登记送达`);
      }
      if (inv.repliedAt) throw conflict('invitation_already_replied', '对方已经答复，无需再登记送达');
      if (inv.deliveredOn) throw conflict('delivery_already_recorded', `已登记于 ${inv.deliveredOn} 送达`);
      if (!isCalendarDate(dto.deliveredOn)) throw invalid('deliveredOn', '送达日期 deliveredOn 不是有效的日期');
      if (dto.deliveredOn < shanghaiDate(inv.sentAt)) throw invalid('deliveredOn', '送达日期 deliveredOn 不能早于要约发出的日期');
      if (dto.deliveredOn > shanghaiDate(now)) throw invalid('deliveredOn', '送达日期 deliveredOn 不能晚于今天');
      const before = await this.toDto(em, inv, now);
      const start = this.receipt({ ...inv, deliveredOn: dto.deliveredOn })!;
      const replyDueAt = inv.replyDueAt && inv.replyDueAt.getTime() < start.dueAt.getTime() ? inv.replyDueAt : start.dueAt;
      const set = { deliveredOn: dto.deliveredOn, deliveryNote: dto.note?.trim() || null, deliveryRecordedBy: auth.userId, replyDueAt };
      const res = await em
        .createQueryBuilder()
        .update(InvitationEntity)
        .set(set)
        .where('id = :id AND deliveredOn IS NULL AND repliedAt IS NULL', { id })
        .execute();
      if (!res.affected) throw conflict('invitation_changed', '这份要约刚刚有了变化，请刷新后再看');
      Object.assign(inv, set);
      await this.queueDueSoon(em, inv, now);
      const after = await this.toDto(em, inv, now);
      await this.audit.record(em, auth, {
        entity: 'invitation',
        entityId: id,
        action: 'delivered',
        regionCode: inv.regionCode,
        before,
        after,
      });
      return after;
    });
  }

  async withdraw(auth: AuthContext, id: string): Promise<Invitation> {
    return this.tx.run(async (em) => {
      const inv = await this.visible(auth, id, em);
      if (!invitationAccess.isSender(auth, inv)) throw forbidden('只有发出单位可以撤回这份要约');
      const now = this.clock.now();
      const before = await this.toDto(em, inv, now);
      await this.apply(em, inv, 'withdraw', { withdrawnAt: now }, now);
      const after = await this.toDto(em, inv, now);
      await this.audit.record(em, auth, {
        entity: 'invitation',
        entityId: id,
        action: 'withdrawn',
        regionCode: inv.regionCode,
        before,
        after,
      });
      return after;
    });
  }

  async escalate(auth: AuthContext, id: string, dto: EscalationDto): Promise<Invitation> {
    try {
      return await this.tx.run(async (em) => {
        const inv = await this.visible(auth, id, em);
        if (!invitationAccess.actsForUnionSide(auth, inv)) throw forbidden('只有发出要约的工会或其上级工会可以记录督促步骤');
        if (inv.side !== 'union') throw conflict('escalation_not_union_sent', '只有工会发出的要约才能启动督促程序');
        const now = this.clock.now();
        const current = effectiveStatus(inv.status, inv.replyDueAt, now);
        transition(current, 'escalate');
        const steps = await em.find(InvitationEscalationEntity, { where: { invitationId: id }, order: { seq: 'ASC' } });
        const expected: EscalationStep | undefined = ESCALATION_STEPS[steps.length];
        if (!expected) throw conflict('escalation_complete', '督促程序的各个步骤都已记录，无需再记录');
        if (dto.step !== expected) {
          throw conflict('escalation_out_of_order', `下一步应为「${ESCALATION_STEP_LABELS[expected]}」，督促步骤须依次进行`);
        }
        this.checkIssuedAt(dto.issuedAt, inv, steps, now);
        const before = await this.toDto(em, inv, now);
        await em.insert(InvitationEscalationEntity, {
          id: newId(),
          invitationId: id,
          step: dto.step,
          seq: steps.length + 1,
          issuedAt: dto.issuedAt,
          issuer: dto.issuer.trim(),
          documentNo: dto.documentNo?.trim() || null,
          note: dto.note?.trim() || null,
          createdBy: auth.userId,
        });
        await this.apply(em, inv, 'escalate', {}, now);
        const after = await this.toDto(em, inv, now);
        await this.audit.record(em, auth, {
          entity: 'invitation',
          entityId: id,
          action: `escalation_${dto.step}`,
          regionCode: inv.regionCode,
          before,
          after,
        });
        return after;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('escalation_out_of_order', '这一步刚刚已经有人记录了，请刷新后再看');
      throw e;
    }
  }

  private checkIssuedAt(issuedAt: string, inv: InvitationEntity, steps: InvitationEscalationEntity[], now: Date): void {
    const parsed = new Date(`${issuedAt}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== issuedAt)
      throw invalid('issuedAt', '发文日期 issuedAt 不是有效日期');
    if (issuedAt > shanghaiDate(now)) throw invalid('issuedAt', '发文日期不能晚于今天');
    if (inv.sentAt && issuedAt < shanghaiDate(inv.sentAt)) throw invalid('issuedAt', '发文日期不能早于要约发出的日期');
    const last = steps[steps.length - 1];
    if (last && issuedAt < String(last.issuedAt)) throw invalid('issuedAt', '发文日期不能早于上一步的日期');
  }

  // ---------------------------------------------------------------- letter

  async letter(auth: AuthContext, id: string): Promise<{ buffer: Buffer; filename: string }> {
    const inv = await this.visible(auth, id);
    const now = this.clock.now();
    const dto = await this.toDto(this.invitations.manager, inv, now);
    const buffer = await invitationLetter(dto, now, inv.replyDays ?? this.config.replyDays);
    return { buffer, filename: `集体协商要约书-${dto.toOrganizationName}.docx` };
  }

  // ---------------------------------------------------------------- sweep

  /**
   * Stores `overdue` on invitations past their due time and queues the sender's reminder, then delivers what is
   * due. Each invitation is changed by one conditional UPDATE, so several instances may sweep at the same moment.
   */
  async sweep(): Promise<{ markedOverdue: number; delivered: number }> {
    const now = this.clock.now();
    const candidates = await this.invitations
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .where("i.status = 'sent' AND i.replyDueAt < :now", { now })
      .orderBy('i.replyDueAt', 'ASC')
      .limit(500)
      .getRawMany<{ id: string }>();
    let markedOverdue = 0;
    for (const { id } of candidates) {
      const marked = await this.tx.run(async (em) => {
        const res = await em
          .createQueryBuilder()
          .update(InvitationEntity)
          .set({ status: transition('sent', 'mark_overdue'), overdueAt: now })
          .where("id = :id AND status = 'sent' AND replyDueAt < :now", { id, now })
          .execute();
        if (!res.affected) return false;
        const inv = await em.findOneByOrFail(InvitationEntity, { id });
        const recipients = await this.reminders.accountsOf(em, [inv.fromOrganizationId, inv.onBehalfOfOrganizationId]);
        await this.reminders.enqueue(em, 'invitation_overdue', id, recipients, now);
        await this.audit.record(em, null, {
          entity: 'invitation',
          entityId: id,
          action: 'overdue',
          regionCode: inv.regionCode,
          after: { status: 'overdue', overdueAt: now },
        });
        return true;
      });
      if (marked) markedOverdue++;
    }
    const delivered = await this.reminders.deliverDue();
    if (markedOverdue || delivered) this.logger.log(`sweep: ${markedOverdue} overdue, ${delivered} reminders sent`);
    return { markedOverdue, delivered };
  }

  // ---------------------------------------------------------------- mapping

  private async toDto(em: EntityManager, inv: InvitationEntity, now: Date): Promise<Invitation> {
    return (await this.toDtos(em, [inv], now))[0];
  }

  private async toDtos(em: EntityManager, rows: InvitationEntity[], now: Date): Promise<Invitation[]> {
    if (!rows.length) return [];
    const orgs: Map<string, OrganizationEntity> = await this.organizations.byIds(
      rows.flatMap((r) => [r.fromOrganizationId, r.toOrganizationId, r.onBehalfOfOrganizationId]),
      em,
    );
    const steps = await em.find(InvitationEscalationEntity, { where: { invitationId: In(rows.map((r) => r.id)) }, order: { seq: 'ASC' } });
    // Texts held after WeChat's content check read as HELD_TEXT for everybody until an organizer approves them.
    const heldBodies = await this.moderation.hiddenIn(
      'invitation_body',
      rows.map((r) => r.id),
      em,
    );
    const heldReasons = await this.moderation.hiddenIn(
      'decline_reason',
      rows.map((r) => r.id),
      em,
    );
    const smsRows = await em.find(InvitationReminderEntity, { where: { kind: INVITATION_SMS, invitationId: In(rows.map((r) => r.id)) } });
    const smsNotice = (id: string): InvitationSmsNotice | null => {
      const n = smsRows.find((x) => x.invitationId === id);
      if (!n) return null;
      const code = n.lastError ? n.lastError.split(':')[0] : null;
      return {
        state: n.state === 'sent' ? 'sent' : n.state === 'skipped' ? 'skipped' : n.state === 'pending' ? 'pending' : 'failed',
        phone: n.sentTo,
        sentAt: n.sentAt ? new Date(n.sentAt).toISOString() : null,
        reason: n.state !== 'sent' && code ? smsFailureReason(code) : null,
      };
    };
    const party = (id: string): InvitationParty => {
      const o = orgs.get(id);
      return { id, name: o?.name ?? '', type: o?.type ?? 'enterprise', regionCode: o?.regionCode ?? '' };
    };
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return rows.map((r) => {
      const status = effectiveStatus(r.status, r.replyDueAt, now);
      const escalations: Escalation[] = steps
        .filter((s) => s.invitationId === r.id)
        .map((s) => ({
          id: s.id,
          step: s.step,
          seq: s.seq,
          issuedAt: String(s.issuedAt),
          issuer: s.issuer,
          documentNo: s.documentNo,
          note: s.note,
          recordedAt: new Date(s.createdAt).toISOString(),
        }));
      const awaiting = !r.repliedAt && r.replyDueAt && ['sent', 'overdue', 'escalated'].includes(status);
      const from = party(r.fromOrganizationId);
      const to = party(r.toOrganizationId);
      return {
        id: r.id,
        status,
        scope: r.scope,
        side: r.side,
        fromOrganizationId: r.fromOrganizationId,
        fromOrganizationName: from.name,
        toOrganizationId: r.toOrganizationId,
        toOrganizationName: to.name,
        from,
        to,
        onBehalfOfOrganizationId: r.onBehalfOfOrganizationId,
        onBehalfOfOrganizationName: r.onBehalfOfOrganizationId ? (orgs.get(r.onBehalfOfOrganizationId)?.name ?? null) : null,
        regionCode: r.regionCode,
        topics: r.topics,
        consultationId: r.consultationId,
        proposedAt: iso(r.proposedAt),
        proposedPlace: r.proposedPlace,
        body: ModerationService.isHidden(heldBodies, r.id, r.body) ? HELD_TEXT : r.body,
        representativesPerSide: r.representativesPerSide ?? null,
        chiefRepresentative: r.chiefRepresentative ?? null,
        createdAt: iso(r.createdAt)!,
        sentAt: iso(r.sentAt),
        replyDays: r.replyDays ?? null,
        replyDueAt: iso(r.replyDueAt),
        replyLastDay: r.replyDueAt ? shanghaiDate(r.replyDueAt) : null,
        daysLeft: awaiting ? daysBetween(shanghaiDate(now), shanghaiDate(r.replyDueAt!)) : null,
        receivedAt: iso(r.receivedAt),
        receivedOn: this.receipt(r)?.on ?? null,
        deliveredOn: r.deliveredOn ?? null,
        deliveryNote: r.deliveryNote ?? null,
        reply:
          r.replyDecision && r.repliedAt
            ? {
                decision: r.replyDecision,
                reason: ModerationService.isHidden(heldReasons, r.id, r.replyReason) ? HELD_TEXT : r.replyReason,
                late: Boolean(r.replyLate),
                repliedAt: iso(r.repliedAt)!,
                proposedAt: iso(r.replyProposedAt),
                proposedPlace: r.replyProposedPlace,
                counterTopics: r.replyCounterTopics ?? [],
              }
            : null,
        withdrawnAt: iso(r.withdrawnAt),
        escalations,
        nextEscalationStep:
          r.side === 'union' && canTransition(status, 'escalate') && escalations.length < ESCALATION_STEPS.length
            ? ESCALATION_STEPS[escalations.length]
            : null,
        smsNotice: smsNotice(r.id),
      };
    });
  }
}
