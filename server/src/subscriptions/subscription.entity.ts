import type { SubscriptionKind } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAt } from '../database/columns.js';

/** How many subscribe messages of one template a user has accepted and not yet received. */
@Entity('subscription_quotas')
export class SubscriptionQuotaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 30 }) kind: SubscriptionKind;
  @Column({ type: 'int', default: 0 }) remaining: number;
  @UpdatedAt() updatedAt: Date;
}
