// Results are never read live: they are published as snapshots, stored copies of the tally's output, that advance
// only after k ballots (RESULTS_STEP) were cast or changed since the newest one, and once more at close. The
// snapshot shown lies one step behind the newest, so that any two views of a consultation, the final one included,
// differ by no ballot or by k ballots or more: reading, watching one worker vote and reading again shows nothing new.
// Below k ballots in all nothing is shown. Every figure of the results (counts, shares, points, breakdowns,
// suggestions, participation, exports) comes from here; the tally itself is passed in by the caller.
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PublishedTally, ResultsPublication, UnpublishedReason } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { sqlTime } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { BallotEntity } from './consultation.entity.js';
import { ResultSnapshotEntity } from './result-snapshot.entity.js';

/** What a view of the results may show: the published snapshot, or why there is none. */
export type Published =
  | { tally: PublishedTally; publication: ResultsPublication }
  | { tally: null; reason: UnpublishedReason; publication: ResultsPublication };

/** The consultation as far as publication cares: its id and whether it has closed. */
export interface PublicationSubject {
  id: string;
  closed: boolean;
}

/**
 * The suggestions of a snapshot: their text only, the same text written twice kept twice, in the order of their
 * normalised text (Unicode NFKC, spaces collapsed, case folded) so that the order says nothing about who wrote first.
 * Paging and grouping read this list as it is.
 */
export function publishedSuggestions(texts: readonly (string | null)[]): string[] {
  const normal = (t: string) => t.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return texts
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .map((t) => ({ t: t.normalize('NFKC').trim(), key: normal(t) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .map((x) => x.t);
}

@Injectable()
export class ResultsPublisher {
  constructor(
    @InjectRepository(ResultSnapshotEntity) private readonly snapshots: Repository<ResultSnapshotEntity>,
    @InjectRepository(BallotEntity) private readonly ballots: Repository<BallotEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get step(): number {
    return this.config.resultsStep;
  }

  /** The stored snapshots of these consultations as they are, without advancing them (lists). */
  async shownBallots(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await this.snapshots.createQueryBuilder('s').where('s.consultationId IN (:...ids)', { ids }).getMany();
    const out = new Map<string, number>();
    for (const r of rows) if (r.shown && r.shown.ballots >= this.step) out.set(r.consultationId, r.shown.ballots);
    return out;
  }

  /**
   * The published results of a consultation, advancing its snapshot first when due: k ballots cast or changed since
   * the newest snapshot, or the close. `tally` computes the results from every ballot committed at the moment it
   * runs; it runs while ballots of this consultation wait, so the snapshot and its time cover the same ballots.
   */
  async current(c: PublicationSubject, tally: () => Promise<PublishedTally>): Promise<Published> {
    let row = await this.snapshots.findOneBy({ consultationId: c.id });
    if (c.closed) {
      if (!row?.final) row = await this.advance(c, tally, true);
      return this.view(row, 0, true);
    }
    let changes = await this.changesSince(c.id, row?.coveredUntil ?? null);
    if (changes >= this.step) {
      row = await this.advance(c, tally, false);
      changes = await this.changesSince(c.id, row?.coveredUntil ?? null);
    }
    return this.view(row, changes, false);
  }

  private view(row: ResultSnapshotEntity | null, changes: number, closed: boolean): Published {
    const k = this.step;
    const final = closed && Boolean(row?.final);
    const publication: ResultsPublication = { step: k, final, untilNext: final ? null : Math.max(1, k - changes) };
    if (row?.shown && row.shown.ballots >= k) return { tally: row.shown, publication };
    // A newest snapshot exists (so k ballots or more) but none is shown yet: the first appears one step later.
    const reason: UnpublishedReason = !final && row?.pending ? 'first_pending' : 'too_few';
    return { tally: null, reason, publication };
  }

  /** Ballots of a consultation cast or changed after `since` (all of them without a snapshot). */
  private async changesSince(consultationId: string, since: Date | null, em?: EntityManager): Promise<number> {
    const qb = (em?.getRepository(BallotEntity) ?? this.ballots)
      .createQueryBuilder('b')
      .select('COUNT(*)', 'n')
      .where('b.consultationId = :consultationId', { consultationId });
    if (since) qb.andWhere('b.submittedAt > :since', { since: sqlTime(since) });
    return Number((await qb.getRawOne<{ n: number | string }>())?.n ?? 0);
  }

  /**
   * Takes a new snapshot under the consultation's row lock, which ballot batches take too (shared): batches in flight
   * commit first, later ones wait, so the ballots the tally reads are exactly those submitted up to the snapshot's
   * time. A second server advancing at once finds the work done and leaves it.
   */
  private async advance(c: PublicationSubject, tally: () => Promise<PublishedTally>, final: boolean): Promise<ResultSnapshotEntity | null> {
    return this.tx.run(async (em) => {
      await em.query(`SELECT id FROM consultations WHERE id = ?${this.tx.isMysql ? ' FOR UPDATE' : ''}`, [c.id]);
      const row = await em.findOne(ResultSnapshotEntity, { where: { consultationId: c.id } });
      if (final ? row?.final : (await this.changesSince(c.id, row?.coveredUntil ?? null, em)) < this.step) return row;
      const coveredUntil = this.clock.now();
      const next = await tally();
      if (final) {
        const values = { shown: next, pending: null, coveredUntil, final: true };
        if (row) await em.update(ResultSnapshotEntity, { consultationId: c.id }, { ...values, version: row.version + 1 });
        else await em.insert(ResultSnapshotEntity, { consultationId: c.id, version: 1, ...values });
      } else {
        // The newest becomes pending; what was pending is shown from now on.
        const values = { shown: row?.pending ?? row?.shown ?? null, pending: next, coveredUntil, final: false };
        if (row) await em.update(ResultSnapshotEntity, { consultationId: c.id }, { ...values, version: row.version + 1 });
        else await em.insert(ResultSnapshotEntity, { consultationId: c.id, version: 1, ...values });
      }
      return em.findOneOrFail(ResultSnapshotEntity, { where: { consultationId: c.id } });
    });
  }
}
