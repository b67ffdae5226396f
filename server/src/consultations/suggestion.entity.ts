import { Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, RefColumn } from '../database/columns.js';

/**
 * An organizer joined two groups of suggestions: the groups that hold these two texts (by their normalised key) are
 * read as one from then on, whatever arrives later. Holds texts' keys only, never who wrote them or when.
 */
@Entity('suggestion_merges')
export class SuggestionMergeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) consultationId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) textKey: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) intoKey: string;
  @RefColumn() createdBy: string;
  @CreatedAt() createdAt: Date;
}
