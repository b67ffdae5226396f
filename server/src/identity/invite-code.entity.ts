import type { Role } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, RefColumn, TimeColumn } from '../database/columns.js';

/** A one-time code that turns a signed-in WeChat user into a staff account of one organization and region. */
@Entity('invite_codes')
export class InviteCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) code: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  @RefColumn() organizationId: string;
  @Column({ type: 'varchar', length: 6 }) regionCode: string;
  @RefColumn({ nullable: true }) createdBy: string | null;
  @TimeColumn() expiresAt: Date;
  @RefColumn({ nullable: true }) redeemedBy: string | null;
  @TimeColumn({ nullable: true }) redeemedAt: Date | null;
  @CreatedAt() createdAt: Date;
}
