import type { RegionLevel } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('regions')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 }) code: string;
  @Column({ type: 'varchar', length: 40 }) name: string;
  @Column({ type: 'varchar', length: 10 }) level: RegionLevel;
  @Column({ type: 'varchar', length: 6, nullable: true }) parentCode: string | null;
}
