// A workers' petition and its co-signatures (pseudonymous, without a time); its notices go through the subscribe-message outbox.
import type { Industry, InvitationTopic } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, JsonColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

@Entity('petitions')
export class PetitionEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 20 }) industry: Industry;
  /** The city whose workers sign. */
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  /** The employer the union is asked to invite. */
  @RefColumn() organizationId: string;
  /** The employer again when it is a platform: the roll is then that platform's verified workers. */
  @RefColumn({ nullable: true }) platformOrgId: string | null;
  @JsonColumn() topics: InvitationTopic[];
  /** Co-signers now, kept in the signature's transaction (petition_signatures can always recount it). */
  @Column({ type: 'int', default: 0 }) signatures: number;
  /** "region:industry:employer" while unanswered, null after: UNIQUE, so a scope has one open petition at a time. */
  @Column({ type: 'varchar', length: 80, nullable: true }) openScope: string | null;
  @TimeColumn({ nullable: true }) reachedAt: Date | null;
  /** The roll and co-signers when the share was reached, and whether the roll was the verified one. */
  @Column({ type: 'int', nullable: true }) rollAtReach: number | null;
  @Column({ type: 'int', nullable: true }) signaturesAtReach: number | null;
  @Column({ type: 'boolean', default: false }) verifiedRoll: boolean;
  @Column({ type: 'int', nullable: true }) inviteDays: number | null;
  /** 24:00 Asia/Shanghai of the last day to send the invitation (common/legal-clock.ts). */
  @TimeColumn({ nullable: true }) dueAt: Date | null;
  @RefColumn({ nullable: true }) invitationId: string | null;
  @TimeColumn({ nullable: true }) answeredAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * One co-signature: a keyed pseudonym of the person's stable WeChat identity (not of the account row), so that
 * deleting the account and signing in again cannot sign twice, and no time, so that no order of signing is kept.
 */
@Entity('petition_signatures')
export class PetitionSignatureEntity {
  @IdColumn() id: string;
  @RefColumn() petitionId: string;
  @Column({ type: 'varchar', length: 64 }) signerKey: string;
}

export const PETITION_ENTITIES = [PetitionEntity, PetitionSignatureEntity];
