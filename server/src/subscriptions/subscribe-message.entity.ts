import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, TimeColumn } from '../database/columns.js';

/** no_consent: the recipient had no acceptance of the template left (or WeChat answered 43101); never retried. */
export type SubscribeMessageState = 'pending' | 'sent' | 'skipped' | 'failed' | 'no_consent';

/**
 * The outbox of every WeChat subscribe message: written in the transaction of the change it tells of, delivered after
 * commit and by every sweep. UNIQUE(kind, subjectId, recipient): one message per piece of news and person, however
 * many instances deliver. `recipient` is an account id, except for news of a consultation to those who took part,
 * where it is their ballot pseudonym (see consultations/progress-notices.ts).
 */
@Entity('subscribe_messages')
export class SubscribeMessageEntity {
  @IdColumn() id: string;
  /** What the message tells: invitation_received, petition_reached, consultation_results … */
  @Column({ type: 'varchar', length: 30 }) kind: string;
  /** The record it is about: an invitation, a petition, a consultation, a publication. */
  @Column({ type: 'varchar', length: 36 }) subjectId: string;
  @Column({ type: 'varchar', length: 64 }) recipient: string;
  @TimeColumn() dueAt: Date;
  @Column({ type: 'varchar', length: 10 }) state: SubscribeMessageState;
  @TimeColumn() nextAttemptAt: Date;
  /** Lease of the instance delivering it, so that two sweeps never send the same message twice. */
  @TimeColumn({ nullable: true }) claimedUntil: Date | null;
  @TimeColumn({ nullable: true }) sentAt: Date | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 300, nullable: true }) lastError: string | null;
  @CreatedAt() createdAt: Date;
}
