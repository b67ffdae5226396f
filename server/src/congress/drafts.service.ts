import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CONTRACT_KIND_LABELS,
  HELD_TEXT,
  PUBLISH_WITHIN_DAYS,
  type DiffPart,
  type Draft,
  type DraftComment,
  type DraftDiff,
  type DraftVersion,
  type NegotiationSession,
} from '@xst/shared-types';
import { diffChars } from 'diff';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { Clock, shanghaiDate } from '../common/clock.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../common/exception.filter.js';
import { newId } from '../common/ids.js';
import { periodLastDay } from '../common/legal-clock.js';
import { ballotKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { Transactions } from '../database/transactions.js';
import type { InvitationEntity } from '../invitations/invitation.entity.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin } from '../regions/region-codes.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { CongressEntity, DraftCommentEntity, DraftEntity, DraftVersionEntity } from './congress.entity.js';
import type { CreateDraftDto, DraftCommentDto, DraftVersionDto } from './congress.dto.js';

/** The text a draft starts from: each topic the session agreed on, as an article, with what was agreed. */
export function textFromOutcome(session: NegotiationSession): string {
  const agreed = session.topics.filter((t) => t.outcome === 'agreed');
  return agreed.map((t, i) => `第${i + 1}条 ${t.title}${t.note ? `：${t.note}` : ''}`).join('\n');
}

@Injectable()
export class DraftsService {
  constructor(
    @InjectRepository(DraftEntity) private readonly drafts: Repository<DraftEntity>,
    @InjectRepository(DraftVersionEntity) private readonly versions: Repository<DraftVersionEntity>,
    @InjectRepository(DraftCommentEntity) private readonly comments: Repository<DraftCommentEntity>,
    @InjectRepository(CongressEntity) private readonly congresses: Repository<CongressEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ModerationService) private readonly moderation: ModerationService,
  ) {}

  // ---- access ----

  /** Staff see the drafts of their region; an enterprise those it is a party to; a covered worker a published one. */
  async visible(auth: AuthContext, id: string): Promise<DraftEntity> {
    const d = await this.drafts.findOneBy({ id });
    if (!d) throw notFound('合同草案');
    if (auth.role === 'organizer' || auth.role === 'admin') {
      if (isWithin(d.regionCode, auth.regionCode)) return d;
    } else if (auth.role === 'enterprise') {
      if (auth.organizationId && d.partyOrganizationIds.includes(auth.organizationId)) return d;
    } else if (d.publishedAt && (await this.coversWorker(auth, d))) {
      return d;
    }
    throw notFound('合同草案');
  }

  private async coversWorker(auth: AuthContext, d: DraftEntity): Promise<boolean> {
    const inv = (await this.invitations.byIds([d.invitationId])).get(d.invitationId);
    return Boolean(inv?.consultationId && (await this.consultations.idsInScopeOf(auth)).includes(inv.consultationId));
  }

  /** Drafts are written and published by the union side's organizers, as sessions are. */
  async writable(auth: AuthContext, id: string): Promise<{ draft: DraftEntity; invitation: InvitationEntity }> {
    const draft = await this.visible(auth, id);
    const invitation = await this.invitations.visible(auth, draft.invitationId).catch(() => null);
    if (auth.role !== 'organizer' || !invitation || !this.invitations.actsForUnionSide(auth, invitation)) {
      throw forbidden('只有工会一方的工作人员可以修改、公开合同草案和召开职代会');
    }
    return { draft, invitation };
  }

  private async frozen(draftId: string): Promise<boolean> {
    return (await this.congresses.countBy({ draftId })) > 0;
  }

  // ---- drafts ----

  async create(auth: AuthContext, dto: CreateDraftDto): Promise<Draft> {
    const session = await this.sessions.get(auth, dto.sessionId).catch(() => {
      throw invalid('sessionId', '协商会议 sessionId 不存在或无权查看');
    });
    const invitation = await this.invitations.visible(auth, session.invitationId);
    if (auth.role !== 'organizer' || !this.invitations.actsForUnionSide(auth, invitation)) {
      throw forbidden('只有工会一方的工作人员可以起草合同草案');
    }
    // A draft made from topics still under WeChat's check would keep the placeholder as its articles for good (a draft's
    // text is its own, it is not masked afterwards): the organizer waits for the approval, or writes the text.
    if (!dto.text?.trim() && session.topics.some((t) => t.outcome === 'agreed' && (t.title === HELD_TEXT || t.note === HELD_TEXT))) {
      throw conflict('session_topics_held', '这次会议的议题及结果正在内容审核中，审核通过后才能据此生成草案；也可以直接填写草案文本 text');
    }
    const text = dto.text?.trim() || textFromOutcome(session);
    if (!text) throw invalid('sessionId', '这次会议没有已达成一致的议题，请先协商一致或填写草案文本 text');
    const id = newId();
    await this.tx.run(async (em) => {
      const row = em.create(DraftEntity, {
        id,
        invitationId: invitation.id,
        sessionId: session.id,
        regionCode: invitation.regionCode,
        scope: invitation.scope,
        kind: dto.kind,
        title: dto.title.trim(),
        partyOrganizationIds: [...new Set([invitation.fromOrganizationId, invitation.toOrganizationId])],
        currentVersion: 1,
        publishedAt: null,
        publishedVersion: null,
        publicationId: null,
        createdBy: auth.userId,
      });
      await em.insert(DraftEntity, row);
      await this.insertVersion(em, auth, id, 1, text, dto.summary.trim(), null);
      await this.audit.record(em, auth, { entity: 'draft', entityId: id, action: 'created', regionCode: row.regionCode, after: row });
    });
    return this.get(auth, id);
  }

  private async insertVersion(
    em: EntityManager,
    auth: AuthContext,
    draftId: string,
    version: number,
    text: string,
    summary: string,
    note: string | null,
  ): Promise<void> {
    await em.insert(DraftVersionEntity, { id: newId(), draftId, version, text, summary, note, createdBy: auth.userId });
  }

  async addVersion(auth: AuthContext, id: string, dto: DraftVersionDto): Promise<Draft> {
    const { draft } = await this.writable(auth, id);
    if (await this.frozen(id)) throw conflict('draft_frozen', '这份草案已经提交职代会表决，不能再修改；如需修改请重新起草');
    const current = await this.versions.findOneByOrFail({ draftId: id, version: draft.currentVersion });
    const text = dto.text.trim();
    if (text === current.text && dto.summary.trim() === current.summary)
      throw invalid('text', '草案文本 text 与上一稿相同，没有需要保存的修改');
    const next = draft.currentVersion + 1;
    try {
      await this.tx.run(async (em) => {
        // The version counter moves only from the version this change was made on: two editors cannot both write v+1.
        const moved = await em.update(DraftEntity, { id, currentVersion: draft.currentVersion }, { currentVersion: next });
        if (!moved.affected) throw conflict('conflict', '草案刚刚被其他人修改过，请刷新后再改');
        await this.insertVersion(em, auth, id, next, text, dto.summary.trim(), dto.note.trim());
        await this.audit.record(em, auth, {
          entity: 'draft',
          entityId: id,
          action: 'version_added',
          regionCode: draft.regionCode,
          after: { version: next, note: dto.note.trim() },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('conflict', '草案刚刚被其他人修改过，请刷新后再改');
      throw e;
    }
    return this.get(auth, id);
  }

  async get(auth: AuthContext, id: string): Promise<Draft> {
    const d = await this.visible(auth, id);
    const versions = await this.versions.find({ where: { draftId: id }, order: { version: 'ASC' } });
    const session = await this.sessions.get(auth, d.sessionId).catch(() => null);
    const orgs = await this.organizations.byIds(d.partyOrganizationIds);
    const congress = await this.congresses.findOne({ select: { id: true }, where: { draftId: id } });
    const publishDueOn = periodLastDay(shanghaiDate(session ? new Date(session.heldAt) : d.createdAt), PUBLISH_WITHIN_DAYS);
    const current = versions.find((v) => v.version === d.currentVersion)!;
    return {
      id: d.id,
      invitationId: d.invitationId,
      sessionId: d.sessionId,
      regionCode: d.regionCode,
      scope: d.scope,
      kind: d.kind,
      title: d.title,
      parties: d.partyOrganizationIds.map((o) => ({ id: o, name: orgs.get(o)?.name ?? '' })),
      current: toVersion(current),
      versions: versions.map((v) => ({ version: v.version, note: v.note, createdAt: v.createdAt.toISOString() })),
      publishedAt: d.publishedAt?.toISOString() ?? null,
      publishedVersion: d.publishedVersion,
      publishDueOn,
      publishOverdue: !d.publishedAt && shanghaiDate(this.clock.now()) > publishDueOn,
      comments: auth.role === 'worker' ? 0 : await this.comments.countBy({ draftId: id }),
      congressId: congress?.id ?? null,
      createdAt: d.createdAt.toISOString(),
    };
  }

  async list(auth: AuthContext, invitationId: string): Promise<Draft[]> {
    await this.invitations.visible(auth, invitationId);
    const rows = await this.drafts.find({ select: { id: true }, where: { invitationId }, order: { createdAt: 'DESC' } });
    return Promise.all(rows.map((r) => this.get(auth, r.id)));
  }

  async version(auth: AuthContext, id: string, version: number): Promise<DraftVersion> {
    await this.visible(auth, id);
    const v = await this.versions.findOneBy({ draftId: id, version });
    if (!v) throw notFound('草案版本');
    return toVersion(v);
  }

  /** What changed from one version to another, character by character (Chinese has no spaces between words). */
  async diff(auth: AuthContext, id: string, from: number, to: number): Promise<DraftDiff> {
    await this.visible(auth, id);
    const [a, b] = await Promise.all([
      this.versions.findOneBy({ draftId: id, version: from }),
      this.versions.findOneBy({ draftId: id, version: to }),
    ]);
    if (!a) throw invalid('from', `没有第 ${from} 稿`);
    if (!b) throw invalid('to', `没有第 ${to} 稿`);
    const parts: DiffPart[] = diffChars(a.text, b.text).map((p) => ({
      op: p.added ? 'added' : p.removed ? 'removed' : 'same',
      text: p.value,
    }));
    const size = (op: DiffPart['op']) => parts.filter((p) => p.op === op).reduce((n, p) => n + [...p.text].length, 0);
    return { from, to, parts, added: size('added'), removed: size('removed') };
  }

  /** The current version to the covered workers for comment, under 协商 with the session's minutes. */
  async publish(auth: AuthContext, id: string): Promise<Draft> {
    const { draft } = await this.writable(auth, id);
    if (draft.publishedVersion === draft.currentVersion) throw conflict('already_published', '这一稿已经公开征求过意见了');
    const v = await this.versions.findOneByOrFail({ draftId: id, version: draft.currentVersion });
    const title = `合同草案征求意见：${draft.title}`.slice(0, 80);
    const body = `【${CONTRACT_KIND_LABELS[draft.kind]}·第 ${v.version} 稿】\n${v.summary}\n\n${v.text}`;
    const pub = await this.sessions.publishOutcome(auth, draft.invitationId, { title, body }, true);
    await this.tx.run(async (em) => {
      await em.update(DraftEntity, { id }, { publishedAt: new Date(pub.publishedAt), publishedVersion: v.version, publicationId: pub.id });
      await this.audit.record(em, auth, {
        entity: 'draft',
        entityId: id,
        action: 'published',
        regionCode: draft.regionCode,
        after: { version: v.version, publicationId: pub.id },
      });
    });
    return this.get(auth, id);
  }

  // ---- workers' comments ----

  async comment(auth: AuthContext, id: string, dto: DraftCommentDto): Promise<DraftComment> {
    const d = await this.visible(auth, id);
    if (auth.role !== 'worker') throw forbidden();
    const congress = await this.congresses.findOneBy({ draftId: id });
    if (congress && this.clock.now() >= congress.opensAt) {
      throw conflict('draft_frozen', '职代会已经开始，征求意见已结束');
    }
    const key = ballotKey(this.config.ballotSecret, auth);
    const now = this.clock.now();
    const body = dto.body.trim();
    const version = d.publishedVersion ?? d.currentVersion;
    // Checked as its writer's before it is written; held on the draft, never on the comment (which carries the key).
    const held = await this.moderation.screen(auth, { kind: 'draft_comment', field: 'body', label: '意见 body', scene: 2, text: body });
    await this.tx.run(async (em) => {
      const mine = await em.findOneBy(DraftCommentEntity, { draftId: id, voterKey: key });
      if (mine) await em.update(DraftCommentEntity, { id: mine.id }, { body, version, createdAt: now });
      else await em.insert(DraftCommentEntity, { id: newId(), draftId: id, version, voterKey: key, body, createdAt: now });
      await this.moderation.hold(em, held, id, d.regionCode);
    });
    return { version, body, createdAt: now.toISOString() };
  }

  /** What workers wrote, newest first: the words, never who wrote them. */
  async listComments(auth: AuthContext, id: string): Promise<DraftComment[]> {
    await this.visible(auth, id);
    if (auth.role !== 'organizer' && auth.role !== 'admin') throw forbidden();
    const rows = await this.comments.find({ where: { draftId: id }, order: { createdAt: 'DESC' }, take: 500 });
    const held = await this.moderation.hiddenIn('draft_comment', [id]);
    return rows.map((c) => ({
      version: c.version,
      body: ModerationService.isHidden(held, id, c.body) ? HELD_TEXT : c.body,
      createdAt: c.createdAt.toISOString(),
    }));
  }

  /** Moves a worker's comments to another key inside the caller's transaction (account deletion). */
  async rekeyComments(em: EntityManager, from: string, to: string): Promise<void> {
    await em.update(DraftCommentEntity, { voterKey: from }, { voterKey: to });
  }

  /** The draft and a version of it, for the congress called on it. */
  async forCongress(id: string, version: number): Promise<{ draft: DraftEntity; version: DraftVersionEntity }> {
    const draft = await this.drafts.findOneByOrFail({ id });
    return { draft, version: await this.versions.findOneByOrFail({ draftId: id, version }) };
  }
}

function toVersion(v: DraftVersionEntity): DraftVersion {
  return { version: v.version, text: v.text, summary: v.summary, note: v.note, createdAt: v.createdAt.toISOString() };
}
