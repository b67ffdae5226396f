import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuditedEntity, AuditEntry } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { forbidden } from '../common/errors.js';
import { newId } from '../common/ids.js';
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
    return rows.map((r) => ({
      id: r.id,
      entity: r.entity,
      entityId: r.entityId,
      action: r.action,
      actorId: r.actorId,
      actorRole: r.actorRole,
      at: r.at.toISOString(),
      before: r.before,
      after: r.after,
    }));
  }
}
