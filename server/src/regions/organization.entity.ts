import type { EnterpriseIndustry, OrganizationType } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, DateColumn, IdColumn, UpdatedAt } from '../database/columns.js';

/** A union, an enterprise (platform or partner employer) or an industry association. */
@Entity('organizations')
export class OrganizationEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 16 }) type: OrganizationType;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 18, nullable: true }) uscc: string | null;
  /** A 门类 letter of GB/T 4754-2017 (see ENTERPRISE_INDUSTRIES). */
  @Column({ type: 'varchar', length: 40, nullable: true }) industry: EnterpriseIndustry | null;
  @Column({ type: 'boolean', default: false }) isPlatform: boolean;
  @Column({ type: 'int', nullable: true }) employees: number | null;
  @Column({ type: 'boolean', default: false }) isKeyEnterprise: boolean;
  @Column({ type: 'boolean', default: false }) hasUnion: boolean;
  /** YYYY-MM-DD from both drivers (utc: mysql2 hands DATE over as UTC midnight). */
  @DateColumn({ nullable: true, utc: true }) unionisedAt: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
