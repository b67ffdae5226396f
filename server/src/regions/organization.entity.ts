import type { EnterpriseIndustry, OrganizationType } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, DateColumn, IdColumn, RefColumn, UpdatedAt } from '../database/columns.js';

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
  /** 联系手机 (11 digits): where an invitation's SMS notice goes. Personal data of the person it reaches. */
  @Column({ type: 'varchar', length: 20, nullable: true }) contactPhone: string | null;
  /**
   * The account that entered contactPhone: the number is exported with that account's data and erased with it (see
   * docs/PRIVACY.md). An enterprise account that sets its own organization's number makes it theirs.
   */
  @RefColumn({ nullable: true }) contactPhoneSetBy: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
