import type { CongressChoice, CongressRule, ContractKind, ContractScope, ElectorateKind, FilingSide, Industry } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, IdColumn, JsonColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

/** A draft contract made from a session's agreed outcome; its text lives in numbered versions. */
@Entity('contract_drafts')
export class DraftEntity {
  @IdColumn() id: string;
  @RefColumn() invitationId: string;
  @RefColumn() sessionId: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 20 }) scope: ContractScope;
  @Column({ type: 'varchar', length: 20 }) kind: ContractKind;
  @Column({ type: 'varchar', length: 200 }) title: string;
  /** The two sides of the invitation, as the contract's parties. */
  @JsonColumn() partyOrganizationIds: string[];
  @Column({ type: 'int' }) currentVersion: number;
  @TimeColumn({ nullable: true }) publishedAt: Date | null;
  @Column({ type: 'int', nullable: true }) publishedVersion: number | null;
  @RefColumn({ nullable: true }) publicationId: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** One version of a draft's text: never changed once written (UNIQUE draftId, version). */
@Entity('contract_draft_versions')
export class DraftVersionEntity {
  @IdColumn() id: string;
  @RefColumn() draftId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) summary: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
}

/** A covered worker's comment on a published draft, under the ballot pseudonym: one per worker, replaceable. */
@Entity('contract_draft_comments')
export class DraftCommentEntity {
  @IdColumn() id: string;
  @RefColumn() draftId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 64 }) voterKey: string;
  @Column({ type: 'varchar', length: 500 }) body: string;
  @TimeColumn() createdAt: Date;
}

/** A workers' congress (职工代表大会 / 扩大会议) on one frozen version of a draft. */
@Entity('congresses')
export class CongressEntity {
  @IdColumn() id: string;
  /** UNIQUE: one congress per draft. */
  @RefColumn() draftId: string;
  @Column({ type: 'int' }) draftVersion: number;
  @RefColumn() invitationId: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 20 }) scope: ContractScope;
  @Column({ type: 'varchar', length: 20, nullable: true }) industry: Industry | null;
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'varchar', length: 20 }) electorateKind: ElectorateKind;
  @TimeColumn() opensAt: Date;
  @TimeColumn() closesAt: Date;
  @Column({ type: 'varchar', length: 100, nullable: true }) venue: string | null;
  /** The electorate's size, fixed when the congress is called: the denominator of every threshold. */
  @Column({ type: 'int' }) electorate: number;
  /** Counters kept in the transactions that change them (a recount rebuilds them from the member rows). */
  @Column({ type: 'int', default: 0 }) attendance: number;
  @Column({ type: 'int', default: 0 }) checkedIn: number;
  /** Set at close, with the figures and the rule that decided. */
  @TimeColumn({ nullable: true }) closedAt: Date | null;
  @Column({ type: 'int', nullable: true }) voted: number | null;
  @Column({ type: 'int', nullable: true }) approve: number | null;
  @Column({ type: 'int', nullable: true }) reject: number | null;
  @Column({ type: 'int', nullable: true }) abstain: number | null;
  @Column({ type: 'boolean', nullable: true }) adopted: boolean | null;
  @JsonColumn({ nullable: true }) rule: CongressRule | null;
  @RefColumn({ nullable: true }) contractId: string | null;
  /** For the filing packet: the representatives of both sides and how they were chosen. */
  @JsonColumn({ nullable: true }) filing: { workerSide: FilingSide; employerSide: FilingSide; representativesChosen: string } | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * One member of a congress's electorate, as named when it was called. Who took part (voted, checked in), never
 * what they chose: the choice is in congress_ballots under a keyed pseudonym, without a time.
 */
@Entity('congress_members')
export class CongressMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) congressId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'boolean', default: false }) voted: boolean;
  @TimeColumn({ nullable: true }) checkedInAt: Date | null;
  @RefColumn({ nullable: true }) checkedInBy: string | null;
}

/** A member's choice under the ballot pseudonym (UNIQUE congressId, voterKey): replaced until close, no time kept. */
@Entity('congress_ballots')
export class CongressBallotEntity {
  @IdColumn() id: string;
  @RefColumn() congressId: string;
  @Column({ type: 'varchar', length: 64 }) voterKey: string;
  @Column({ type: 'varchar', length: 10 }) choice: CongressChoice;
}

export const CONGRESS_ENTITIES = [
  DraftEntity,
  DraftVersionEntity,
  DraftCommentEntity,
  CongressEntity,
  CongressMemberEntity,
  CongressBallotEntity,
];
