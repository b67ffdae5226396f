import type { ConsultationMode, Eligibility, Industry, ResultsVisibility } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

/** A topic consultation. Its status is derived from opensAt/closesAt and the clock, never stored. */
@Entity('consultations')
export class ConsultationEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 60 }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  /** Industries as ",rider,courier," so that "includes this industry" is a LIKE on both databases. */
  @Column({
    type: 'varchar',
    length: 120,
    transformer: {
      to: (v: Industry[]) => `,${v.join(',')},`,
      from: (v: string) => v.split(',').filter(Boolean) as Industry[],
    },
  })
  industries: Industry[];
  @TimeColumn() opensAt: Date;
  @TimeColumn() closesAt: Date;
  @Column({ type: 'boolean', default: false }) closedEarly: boolean;
  @Column({ type: 'varchar', length: 10 }) mode: ConsultationMode;
  @Column({ type: 'int' }) maxChoices: number;
  @Column({ type: 'boolean', default: false }) allowSuggestions: boolean;
  @Column({ type: 'varchar', length: 12 }) resultsVisibility: ResultsVisibility;
  /** Bumped by every change of the questions (topics, mode, limits): ballot batches check it. */
  @Column({ type: 'int', default: 0 }) revision: number;
  @RefColumn({ nullable: true }) organizationId: string | null;
  @RefColumn({ nullable: true }) createdBy: string | null;
  /** Who may vote: the profile (self_declared) or the verified roll of the consultation's scope. */
  @Column({ type: 'varchar', length: 16, default: 'self_declared' }) eligibility: Eligibility;
  /** Verified only: the platform whose verified workers take part. */
  @RefColumn({ nullable: true }) platformOrgId: string | null;
  /** Self-declared only: the area's headcount from outside the app, the denominator of 参与率. */
  @Column({ type: 'int', nullable: true }) headcount: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) headcountSource: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

@Entity('consultation_topics')
export class ConsultationTopicEntity {
  @IdColumn() id: string;
  @RefColumn() consultationId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 40, nullable: true }) code: string | null;
  @Column({ type: 'varchar', length: 40 }) title: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) description: string | null;
}

/**
 * One worker's ballot in one consultation, stored under a keyed pseudonym (HMAC of the worker id), never the id:
 * a copy of the database does not say who chose what, while one worker still maps to one row.
 */
@Entity('ballots')
export class BallotEntity {
  @IdColumn() id: string;
  @RefColumn() consultationId: string;
  @Column({ type: 'varchar', length: 64 }) voterKey: string;
  /** Topic ids as a JSON array; in ranking mode, most important first. */
  @Column({ type: 'text' }) choices: string;
  @Column({ type: 'text', nullable: true }) suggestion: string | null;
  /** Copied from the worker's profile when voting, for breakdowns and the roll. */
  @Column({ type: 'varchar', length: 20 }) industry: Industry;
  @Column({ type: 'varchar', length: 6 }) cityCode: string;
  @TimeColumn() submittedAt: Date;
}
