import type { ActivityType } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, DateColumn, IdColumn, RefColumn } from '../database/columns.js';

/** One line of the activity ledger (section 四): what was done, where, when, how many. */
@Entity('activities')
export class ActivityEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 32 }) type: ActivityType;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @DateColumn({ utc: true }) occurredAt: string;
  @Column({ type: 'int' }) count: number;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @RefColumn({ nullable: true }) createdBy: string | null;
  @CreatedAt() createdAt: Date;
}

/** An enterprise named by an activity, with the activity's type, region and date copied for the distinct counts. */
@Entity('activity_enterprises')
export class ActivityEnterpriseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) activityId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'boolean', default: false }) newEmployment: boolean;
  @Column({ type: 'varchar', length: 32 }) type: ActivityType;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @DateColumn({ utc: true }) occurredAt: string;
}
