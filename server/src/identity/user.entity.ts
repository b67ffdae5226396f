import type { Industry, Role } from '@xst/shared-types';
import { Column, Entity } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, TimeColumn, UpdatedAt } from '../database/columns.js';

@Entity('users')
export class User {
  @IdColumn() id: string;
  /** WeChat openid; null once the account is deleted. */
  @Column({ type: 'varchar', length: 64, nullable: true }) openid: string | null;
  /**
   * The stable WeChat identity ballots are keyed on ('openid:…' or 'unionid:…', common/pseudonym.ts), fixed when the
   * account is created; null once the account is deleted.
   */
  @Column({ type: 'varchar', length: 100, nullable: true }) person: string | null;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  @Column({ type: 'varchar', length: 40, nullable: true }) displayName: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) industry: Industry | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) platform: string | null;
  @Column({ type: 'varchar', length: 6, nullable: true }) regionCode: string | null;
  @RefColumn({ nullable: true }) organizationId: string | null;
  @Column({ type: 'int', default: 0 }) tokenVersion: number;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
  @TimeColumn({ nullable: true }) deletedAt: Date | null;
}
