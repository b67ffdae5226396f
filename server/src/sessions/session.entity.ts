import type { PublicationKind, SessionTopic, SessionType, SuspendedUntil } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, JsonColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

/** One meeting of the two sides' representatives, logged from a phone (possibly after the fact, when back online). */
@Entity('negotiation_sessions')
export class SessionEntity {
  @IdColumn() id: string;
  /** The phone's own UUID for the record: UNIQUE, so a retried or re-synced post creates nothing new. */
  @Column({ type: 'varchar', length: 36 }) clientId: string;
  @RefColumn() invitationId: string;
  /** Region of the invitation's union side, copied for scoped lists. */
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 24 }) type: SessionType;
  @TimeColumn() heldAt: Date;
  @Column({ type: 'varchar', length: 100, nullable: true }) place: string | null;
  @Column({ type: 'boolean', default: false }) online: boolean;
  @Column({ type: 'varchar', length: 40 }) workerChief: string;
  @Column({ type: 'int' }) workerCount: number;
  @Column({ type: 'varchar', length: 40 }) employerChief: string;
  @Column({ type: 'int' }) employerCount: number;
  @Column({ type: 'varchar', length: 40, nullable: true }) recorder: string | null;
  @JsonColumn() topics: SessionTopic[];
  @Column({ type: 'text' }) minutes: string;
  @JsonColumn({ nullable: true }) suspended: SuspendedUntil | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
  @TimeColumn({ nullable: true }) publishedAt: Date | null;
}

/** What workers of the attached consultation read under 协商: a session's minutes (or summary), or the outcome. */
@Entity('publications')
export class PublicationEntity {
  @IdColumn() id: string;
  @RefColumn() invitationId: string;
  /** UNIQUE when set: a session's minutes are published once. */
  @RefColumn({ nullable: true }) sessionId: string | null;
  @RefColumn() consultationId: string;
  @Column({ type: 'varchar', length: 10 }) kind: PublicationKind;
  @Column({ type: 'varchar', length: 80 }) title: string;
  @Column({ type: 'text' }) body: string;
  @RefColumn() publishedBy: string;
  @TimeColumn() publishedAt: Date;
}

/** A worker's rating of a publication, under the same keyed pseudonym as ballots: one per worker, never linked back. */
@Entity('publication_feedback')
export class FeedbackEntity {
  @IdColumn() id: string;
  @RefColumn() publicationId: string;
  @Column({ type: 'varchar', length: 64 }) voterKey: string;
  @Column({ type: 'int' }) rating: number;
  @Column({ type: 'boolean' }) knowsContract: boolean;
  @TimeColumn() submittedAt: Date;
}
