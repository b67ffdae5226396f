import type { PublishedTally } from '@xst/shared-types';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../database/columns.js';

const tallyJson = {
  to: (v: PublishedTally | null) => (v ? JSON.stringify(v) : null),
  from: (v: string | null) => (v ? (JSON.parse(v) as PublishedTally) : null),
};

/**
 * The published results of one consultation (results-publication.ts): stored copies of the tally's output. `shown`
 * is what every view reads; `pending` is the newest snapshot, shown once the next one is taken (or replaced at
 * close by the final one). `coveredUntil` is when the newest was taken: ballots cast or changed after it count
 * toward the next step.
 */
@Entity('result_snapshots')
export class ResultSnapshotEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) consultationId: string;
  /** Bumped by every advance: two servers advancing at once, one wins. */
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', nullable: true, transformer: tallyJson }) shown: PublishedTally | null;
  @Column({ type: 'text', nullable: true, transformer: tallyJson }) pending: PublishedTally | null;
  @TimeColumn() coveredUntil: Date;
  /** The shown snapshot is the final one, taken after close. */
  @Column({ type: 'boolean', default: false }) final: boolean;
}
