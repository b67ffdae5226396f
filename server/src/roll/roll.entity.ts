// The verified roll's tables. Nothing here holds a code or a phone number: both are stored only as keyed hashes
// (HMAC with the server's secret), so a copy of the database neither hands out unused codes nor lists numbers.
// Indexes and unique constraints are in the migration (1764000000040-roll.ts).
import type { Industry, VerificationMethod } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, TimeColumn } from '../database/columns.js';

/** A sheet of one-time codes generated together for one scope. */
@Entity('roll_code_batches')
export class RollCodeBatchEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 60 }) label: string;
  @Column({ type: 'varchar', length: 20 }) industry: Industry;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @RefColumn({ nullable: true }) platformOrgId: string | null;
  @Column({ type: 'int' }) count: number;
  @TimeColumn() expiresAt: Date;
  @RefColumn({ nullable: true }) organizationId: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
}

/**
 * One code of a sheet. The code itself is derived from the server's secret, the batch and the number (so the sheet can
 * be printed again), and the row keeps only its keyed hash, by which a worker's entry is found.
 */
@Entity('roll_codes')
export class RollCodeEntity {
  @IdColumn() id: string;
  @RefColumn() batchId: string;
  /** 1-based, printed beside the code. */
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'varchar', length: 64 }) codeKey: string;
  @TimeColumn({ nullable: true }) usedAt: Date | null;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @RefColumn({ nullable: true }) revokedBy: string | null;
}

/** A list of phone numbers (from a platform or the union's members) uploaded for one scope. */
@Entity('roll_rosters')
export class RollRosterEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 60 }) label: string;
  @Column({ type: 'varchar', length: 20 }) industry: Industry;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @RefColumn({ nullable: true }) platformOrgId: string | null;
  @Column({ type: 'int' }) entries: number;
  @RefColumn({ nullable: true }) organizationId: string | null;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
}

/** One number of a roster, as the keyed hash of its canonical 11 digits. */
@Entity('roll_roster_entries')
export class RollRosterEntryEntity {
  @IdColumn() id: string;
  @RefColumn() rosterId: string;
  @Column({ type: 'varchar', length: 64 }) phoneKey: string;
}

/**
 * A worker on the roll for one scope: who verified them (the staff account and organization behind the code or the
 * roster), how and when. One per worker and scope; one code or roster entry verifies one account.
 */
@Entity('roll_verifications')
export class RollVerificationEntity {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  /** industry:regionCode:platformOrgId (or -), the uniqueness of one worker in one scope. */
  @Column({ type: 'varchar', length: 80 }) scopeKey: string;
  @Column({ type: 'varchar', length: 20 }) industry: Industry;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @RefColumn({ nullable: true }) platformOrgId: string | null;
  @Column({ type: 'varchar', length: 10 }) method: VerificationMethod;
  @RefColumn({ nullable: true }) codeId: string | null;
  @RefColumn({ nullable: true }) rosterEntryId: string | null;
  @RefColumn() verifiedBy: string;
  @RefColumn({ nullable: true }) organizationId: string | null;
  @TimeColumn() verifiedAt: Date;
}

export const ROLL_ENTITIES = [RollCodeBatchEntity, RollCodeEntity, RollRosterEntity, RollRosterEntryEntity, RollVerificationEntity];
