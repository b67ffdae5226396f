// Every text others will read is checked with WeChat before it is written: risky → refused naming the field,
// nothing written; review, or WeChat unreachable → written, and held here until an organizer of the region approves
// it. Reads ask `hiddenIn` and show HELD_TEXT (or leave the text out) for whatever is held or hidden.
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  MODERATED_KIND_LABELS,
  type ModeratedKind,
  type ModerationDecision,
  type ModerationItem,
  type ModerationList,
  type ModerationReason,
} from '@xst/shared-types';
import { createHash } from 'node:crypto';
import { In, type EntityManager, type Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { conflict, forbidden, invalid, notFound } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { Transactions } from '../database/transactions.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import { WechatContentSecurity, type SecurityScene } from '../wechat/content-security.js';
import { ModerationEntity } from './moderation.entity.js';

export const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** A text about to be written that must be held: record it with `hold` inside the writing transaction. */
export interface HeldText {
  kind: ModeratedKind;
  text: string;
  reason: ModerationReason;
}

export interface ScreenRequest {
  kind: ModeratedKind;
  /** The request field, named in the refusal. */
  field: string;
  /** How the field is named to people: 建议、拒绝理由… */
  label: string;
  scene: SecurityScene;
  text: string | null | undefined;
}

@Injectable()
export class ModerationService {
  constructor(
    @InjectRepository(ModerationEntity) private readonly items: Repository<ModerationEntity>,
    @Inject(WechatContentSecurity) private readonly security: WechatContentSecurity,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Checks a text with WeChat as its writer's (before the writing transaction: WeChat is never awaited inside one).
   * Throws 400 naming the field when WeChat finds it risky; returns what to hold, or null when it may be shown.
   */
  async screen(writer: AuthContext, req: ScreenRequest): Promise<HeldText | null> {
    const text = req.text?.trim();
    if (!text) return null;
    const verdict = await this.security.check(writer.openid ?? null, req.scene, text);
    if (verdict === 'risky') throw invalid(req.field, `${req.label}含有不宜发布的内容，请修改后再提交`);
    if (verdict === 'pass') return null;
    return { kind: req.kind, text, reason: verdict === 'review' ? 'review' : 'unchecked' };
  }

  /** Records a held text for its record, inside the caller's transaction (the same text twice: one item). */
  async hold(em: EntityManager, held: HeldText | null, entityId: string, regionCode: string): Promise<void> {
    if (!held) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(ModerationEntity)
      .values({
        id: newId(),
        kind: held.kind,
        entityId,
        textHash: textHash(held.text),
        text: held.text,
        regionCode,
        reason: held.reason,
        status: 'held',
        decidedBy: null,
        decidedAt: null,
      })
      .orIgnore()
      .execute();
  }

  /** `${entityId}|${textHash}` of every held or hidden text of these records. */
  async hiddenIn(kind: ModeratedKind, entityIds: string[], em?: EntityManager): Promise<Set<string>> {
    const ids = [...new Set(entityIds.filter(Boolean))];
    if (!ids.length) return new Set();
    const repo = em ? em.getRepository(ModerationEntity) : this.items;
    const rows = await repo.find({
      select: { entityId: true, textHash: true },
      where: { kind, entityId: In(ids), status: In(['held', 'hidden']) },
    });
    return new Set(rows.map((r) => `${r.entityId}|${r.textHash}`));
  }

  /** Of these texts, those held or hidden wherever they were written (for records that copy them: the audit trail). */
  async heldAmong(texts: readonly string[]): Promise<Set<string>> {
    const hashes = [
      ...new Set(
        texts
          .map((t) => t.trim())
          .filter(Boolean)
          .map(textHash),
      ),
    ];
    const out = new Set<string>();
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.items.find({
        select: { textHash: true },
        where: { textHash: In(hashes.slice(i, i + 500)), status: In(['held', 'hidden']) },
      });
      for (const r of rows) out.add(r.textHash);
    }
    return out;
  }

  /** Where one text of a record stands: held, approved, hidden, or null when it was never held (it passed). */
  async statusOf(kind: ModeratedKind, entityId: string, text: string): Promise<ModerationEntity['status'] | null> {
    const row = await this.items.findOne({ select: { status: true }, where: { kind, entityId, textHash: textHash(text.trim()) } });
    return row?.status ?? null;
  }

  /** Whether a record's text is held or hidden, given `hiddenIn`'s answer. */
  static isHidden(hidden: Set<string>, entityId: string, text: string | null | undefined): boolean {
    return !!text && hidden.size > 0 && hidden.has(`${entityId}|${textHash(text.trim())}`);
  }

  /** The queue of the caller's region and below: held texts first, then the latest decisions. */
  async list(auth: AuthContext, status: 'held' | 'decided'): Promise<ModerationList> {
    if (!auth.regionCode) throw forbidden();
    const [low, high] = regionRange(auth.regionCode);
    const qb = this.items
      .createQueryBuilder('m')
      .where('m.regionCode >= :low AND m.regionCode <= :high', { low, high })
      .orderBy(status === 'held' ? 'm.createdAt' : 'm.decidedAt', status === 'held' ? 'ASC' : 'DESC')
      .limit(200);
    if (status === 'held') qb.andWhere("m.status = 'held'");
    else qb.andWhere("m.status <> 'held'");
    return { items: (await qb.getMany()).map(toItem) };
  }

  async decide(auth: AuthContext, id: string, decision: ModerationDecision): Promise<ModerationItem> {
    return this.tx.run(async (em) => {
      const item = await em.findOneBy(ModerationEntity, { id });
      if (!item || !isWithin(item.regionCode, auth.regionCode)) throw notFound('待审核内容');
      if (item.status !== 'held') throw conflict('moderation_decided', '这条内容已经审核过了');
      item.status = decision === 'approve' ? 'approved' : 'hidden';
      item.decidedBy = auth.userId;
      item.decidedAt = this.clock.now();
      await em.save(item);
      return toItem(item);
    });
  }
}

function toItem(m: ModerationEntity): ModerationItem {
  return {
    id: m.id,
    kind: m.kind,
    label: MODERATED_KIND_LABELS[m.kind],
    text: m.text,
    regionCode: m.regionCode,
    reason: m.reason,
    status: m.status,
    createdAt: new Date(m.createdAt).toISOString(),
    decidedAt: m.decidedAt ? new Date(m.decidedAt).toISOString() : null,
  };
}
