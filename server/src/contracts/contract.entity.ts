import type { ContractKind, ContractResolution, ContractScope } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, DateColumn, IdColumn, JsonColumn, RefColumn, UpdatedAt } from '../database/columns.js';

/** Calendar dates come back as 'YYYY-MM-DD' from both drivers (utc: mysql2 hands DATE over as UTC midnight). */
const Day = (nullable = false) => DateColumn({ nullable, utc: true });

@Entity('contracts')
export class ContractEntity {
  @IdColumn() id: string;
  @RefColumn({ nullable: true }) invitationId: string | null;
  @RefColumn({ nullable: true }) packageId: string | null;
  @Column({ type: 'varchar', length: 20 }) scope: ContractScope;
  @Column({ type: 'varchar', length: 20 }) kind: ContractKind;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Day() signedAt: string;
  @Day() effectiveFrom: string;
  @Day() expiresAt: string;
  @Column({ type: 'int' }) enterprisesCovered: number;
  @Column({ type: 'int' }) workersCovered: number;
  @Day(true) congressApprovedAt: string | null;
  /** The congress resolution the contract was recorded from; the only approval that counts (a typed date does not). */
  @JsonColumn({ nullable: true }) resolution: ContractResolution | null;
  @Day(true) filedAt: string | null;
  @Day(true) objectionReceivedAt: string | null;
  @Column({ type: 'text', nullable: true }) objectionPoints: string | null;
  /** Derived on every write (see contract-rules.ts): when it takes legal effect, null while it cannot. */
  @Day(true) effectiveOn: string | null;
  @RefColumn({ nullable: true }) renewsContractId: string | null;
  @RefColumn({ nullable: true }) createdBy: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

@Entity('contract_parties')
export class ContractPartyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) contractId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) organizationId: string;
}

@Entity('contract_attachments')
export class ContractAttachmentEntity {
  @IdColumn() id: string;
  @RefColumn() contractId: string;
  @Column({ type: 'varchar', length: 200 }) fileName: string;
  @Column({ type: 'varchar', length: 60 }) mimeType: string;
  @Column({ type: 'int' }) size: number;
  /** Path below the upload folder; never taken from the client. */
  @Column({ type: 'varchar', length: 200 }) storageKey: string;
  @RefColumn({ nullable: true }) uploadedBy: string | null;
  @CreatedAt() createdAt: Date;
}
