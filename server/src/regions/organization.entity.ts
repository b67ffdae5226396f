import type { OrganizationType } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, UpdatedAt } from '../database/columns.js';

/** A union, an enterprise (platform or partner employer) or an industry association. */
@Entity('organizations')
export class OrganizationEntity {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 16 }) type: OrganizationType;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 18, nullable: true }) uscc: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) industry: string | null;
  @Column({ type: 'boolean', default: false }) isPlatform: boolean;
  @Column({ type: 'int', nullable: true }) employees: number | null;
  @Column({ type: 'boolean', default: false }) isKeyEnterprise: boolean;
  @Column({ type: 'boolean', default: false }) hasUnion: boolean;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
