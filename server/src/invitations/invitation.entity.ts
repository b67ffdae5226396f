// An invitation (要约) with its reply (应约) folded in: one row per invitation, since it has at most one reply.
import type {
  EscalationStep,
  InvitationReminderKind,
  InvitationScope,
  InvitationSide,
  InvitationStatus,
  InvitationTopic,
  ReplyDecision,
} from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, DateColumn, IdColumn, JsonColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

@Entity('invitations')
export class InvitationEntity {
  @IdColumn() id: string;
  /** Stored state; `sent` past its due time reads as `overdue` before the sweep stores it. */
  @Column({ type: 'varchar', length: 16 }) status: InvitationStatus;
  @Column({ type: 'varchar', length: 20 }) scope: InvitationScope;
  @Column({ type: 'varchar', length: 10 }) side: InvitationSide;
  @RefColumn() fromOrganizationId: string;
  @RefColumn() toOrganizationId: string;
  @RefColumn({ nullable: true }) onBehalfOfOrganizationId: string | null;
  /** Region of the union side (the union acted for, in 代行要约): organizers see their region subtree. */
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  /** Region of the enterprise or association side. */
  @Column({ type: 'varchar', length: 6 }) enterpriseRegionCode: string;
  @JsonColumn() topics: InvitationTopic[];
  @RefColumn({ nullable: true }) consultationId: string | null;
  @TimeColumn({ nullable: true }) proposedAt: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) proposedPlace: string | null;
  @Column({ type: 'text' }) body: string;
  /** Null only on invitations recorded before these were asked for (migration 1764000000022). */
  @Column({ type: 'int', nullable: true }) representativesPerSide: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) chiefRepresentative: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
  @TimeColumn({ nullable: true }) sentAt: Date | null;
  /** Days the receiver has to answer, fixed when it is sent (the letter prints them). */
  @Column({ type: 'int', nullable: true }) replyDays: number | null;
  /**
   * When the reply period ends (see common/legal-clock.ts): 24:00 Asia/Shanghai of its last day, counted from the day
   * of receipt. Null until it is received: the period runs from receipt, not from sending.
   */
  @TimeColumn({ nullable: true }) replyDueAt: Date | null;
  /** First opened by an account of the receiving organization. */
  @TimeColumn({ nullable: true }) receivedAt: Date | null;
  @RefColumn({ nullable: true }) receivedBy: string | null;
  /** The day a paper letter was delivered (送达), as the sender recorded it from the receipt. */
  @DateColumn({ nullable: true, utc: true }) deliveredOn: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) deliveryNote: string | null;
  @RefColumn({ nullable: true }) deliveryRecordedBy: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) replyDecision: ReplyDecision | null;
  @Column({ type: 'text', nullable: true }) replyReason: string | null;
  @Column({ type: 'boolean', default: false }) replyLate: boolean;
  @TimeColumn({ nullable: true }) repliedAt: Date | null;
  @RefColumn({ nullable: true }) repliedBy: string | null;
  @TimeColumn({ nullable: true }) replyProposedAt: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) replyProposedPlace: string | null;
  @JsonColumn({ nullable: true }) replyCounterTopics: InvitationTopic[] | null;
  @TimeColumn({ nullable: true }) overdueAt: Date | null;
  @TimeColumn({ nullable: true }) withdrawnAt: Date | null;
}

/** One step of "两书一公告" taken on an invitation, with its document. */
@Entity('invitation_escalations')
export class InvitationEscalationEntity {
  @IdColumn() id: string;
  @RefColumn() invitationId: string;
  @Column({ type: 'varchar', length: 30 }) step: EscalationStep;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'date' }) issuedAt: string;
  @Column({ type: 'varchar', length: 100 }) issuer: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) documentNo: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
}

/** no_consent: the recipient had no acceptance of the template left (or WeChat answered 43101); never retried. */
export type ReminderState = 'pending' | 'sent' | 'skipped' | 'failed' | 'no_consent';

/** The SMS notice to the receiving organization's contact phone, queued with the invitation's sending. */
export const INVITATION_SMS = 'invitation_sms';
export type OutboxKind = InvitationReminderKind | typeof INVITATION_SMS;

/**
 * Outbox of the SMS notices (the WeChat reminders go through subscribe_messages): written in the same transaction as
 * the invitation change, delivered after commit and by the sweep. UNIQUE(kind, invitationId, recipientUserId): one
 * message however many instances sweep.
 */
@Entity('invitation_reminders')
export class InvitationReminderEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 30 }) kind: OutboxKind;
  @RefColumn() invitationId: string;
  /** The account a WeChat reminder goes to; for an SMS notice, the receiving organization (its contact phone). */
  @RefColumn() recipientUserId: string;
  @TimeColumn() dueAt: Date;
  @Column({ type: 'varchar', length: 10 }) state: ReminderState;
  @TimeColumn() nextAttemptAt: Date;
  /** Lease of the instance delivering it, so that two sweeps never send the same message twice. */
  @TimeColumn({ nullable: true }) claimedUntil: Date | null;
  @TimeColumn({ nullable: true }) sentAt: Date | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 300, nullable: true }) lastError: string | null;
  /** SMS notices: the number it went (or goes) to, masked (138****1234); the number itself stays on the organization. */
  @Column({ type: 'varchar', length: 20, nullable: true }) sentTo: string | null;
  @CreatedAt() createdAt: Date;
}

export const INVITATION_ENTITIES = [InvitationEntity, InvitationEscalationEntity, InvitationReminderEntity];
