import type { AuditedEntity } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns.js';

@Entity('audit_log')
export class AuditLogEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 20 }) entity: AuditedEntity;
  @RefColumn() entityId: string;
  @Column({ type: 'varchar', length: 40 }) action: string;
  @RefColumn({ nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) actorRole: string | null;
  /** Region of the audited object, so that an admin reads only their region's trail. */
  @Column({ type: 'varchar', length: 6, nullable: true }) regionCode: string | null;
  @TimeColumn() at: Date;
  @JsonColumn({ nullable: true }) before: object | null;
  @JsonColumn({ nullable: true }) after: object | null;
}
