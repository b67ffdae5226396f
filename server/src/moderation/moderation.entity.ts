import type { ModeratedKind, ModerationReason, ModerationStatus } from '@xst/shared-types';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, TimeColumn } from '../database/columns.js';

/**
 * A text held back from everybody but its writer's side: the kind of text, the record it belongs to (a suggestion's
 * consultation, an invitation, an organization), and the hash of the exact text, so the same record's next text is
 * checked again. Never who wrote it: a suggestion's writer would tell how they voted.
 */
@Entity('moderation_items')
@Index(['kind', 'entityId', 'textHash'], { unique: true })
export class ModerationEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 30 }) kind: ModeratedKind;
  @RefColumn() entityId: string;
  @Column({ type: 'varchar', length: 64 }) textHash: string;
  @Column({ type: 'text' }) text: string;
  /** Region of the record: organizers of this region and above clear it. */
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 10 }) reason: ModerationReason;
  @Column({ type: 'varchar', length: 10 }) status: ModerationStatus;
  @CreatedAt() createdAt: Date;
  @RefColumn({ nullable: true }) decidedBy: string | null;
  @TimeColumn({ nullable: true }) decidedAt: Date | null;
}
