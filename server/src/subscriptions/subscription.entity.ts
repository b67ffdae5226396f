import type { SubscriptionKind } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many subscribe messages of one template a user has accepted and not yet received. No time of change is kept:
 * beside the time a message under a ballot pseudonym was sent, it would say whose pseudonym it is.
 */
@Entity('subscription_quotas')
export class SubscriptionQuotaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 30 }) kind: SubscriptionKind;
  @Column({ type: 'int', default: 0 }) remaining: number;
}
