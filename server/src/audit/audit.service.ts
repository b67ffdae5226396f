import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { HELD_TEXT, type AuditedEntity, type AuditEntry } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { forbidden } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { ModerationService, textHash } from '../moderation/moderation.service.js';
import { regionRange } from '../regions/region-codes.js';
import { AuditLogEntity } from './audit.entity.js';

export interface AuditRecord {
  entity: AuditedEntity;
  entityId: string;
  action: string;
  regionCode: string | null;
  before?: unknown;
  after?: unknown;
}

/** Plain JSON of an entity for the trail: dates as ISO strings, nothing else changed. */
export function snapshot(value: unknown): object | null {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditLogEntity) private readonly log: Repository<AuditLogEntity>,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ModerationService) private readonly moderation: ModerationService,
  ) {}

  /** Records a write inside the same transaction as the write itself: both land or neither does. */
  async record(em: EntityManager, actor: AuthContext | null, rec: AuditRecord): Promise<void> {
    await em.insert(AuditLogEntity, {
      id: newId(),
      entity: rec.entity,
      entityId: rec.entityId,
      action: rec.action,
      actorId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      regionCode: rec.regionCode,
      at: this.clock.now(),
      before: snapshot(rec.before),
      after: snapshot(rec.after),
    });
  }

  async list(auth: AuthContext, entity: AuditedEntity, entityId: string): Promise<AuditEntry[]> {
    if (auth.role !== 'admin' || !auth.regionCode) throw forbidden();
    const [low, high] = regionRange(auth.regionCode);
    const rows = await this.log
      .createQueryBuilder('a')
      .where('a.entity = :entity AND a.entityId = :entityId', { entity, entityId })
      .andWhere('a.regionCode BETWEEN :low AND :high', { low, high })
      .orderBy('a.at', 'ASC')
      .getMany();
    // The trail copies whole records: a text held by WeChat's check (a name, minutes, a reason) reads as elsewhere.
    const texts: string[] = [];
    for (const r of rows) collectStrings([r.before, r.after], texts);
    const held = await this.moderation.heldAmong(texts);
    const mask = (v: unknown): unknown => (held.size ? maskHeld(v, held) : v);
    return rows.map((r) => ({
      id: r.id,
      entity: r.entity,
      entityId: r.entityId,
      action: r.action,
      actorId: r.actorId,
      actorRole: r.actorRole,
      at: r.at.toISOString(),
      before: mask(r.before) as AuditEntry['before'],
      after: mask(r.after) as AuditEntry['after'],
    }));
  }
}

function collectStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, out);
}

function maskHeld(v: unknown, held: Set<string>): unknown {
  if (typeof v === 'string') return v.trim() && held.has(textHash(v.trim())) ? HELD_TEXT : v;
  if (Array.isArray(v)) return v.map((x) => maskHeld(x, held));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskHeld(x, held)]));
  return v;
}
