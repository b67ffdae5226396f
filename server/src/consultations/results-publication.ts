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
import { rawDate, sqlTime } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { BallotEntity } from './consultation.entity.js';
import { ProgressNotices } from './progress-notices.js';
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

/** A stored snapshot as a view needs it: what it shows, and which version of the row that is. */
interface SnapshotHead {
  consultationId: string;
  version: number;
  /** ms since the epoch: with the version, tells a row apart from one deleted and written again. */
  coveredUntil: number;
  final: boolean;
  /** A newest snapshot waits to be shown. */
  pending: boolean;
  changes: number;
}

interface CachedSnapshot extends SnapshotHead {
  shown: PublishedTally | null;
}

type RawHead = {
  version: number | string;
  coveredUntil: Date | string;
  final: number | string | boolean;
  hasPending: number | string;
  changes?: number | string;
};

/** A snapshot's version, time and flags, without its tallies. */
const HEAD_COLUMNS = 'version, coveredUntil, final, CASE WHEN pending IS NULL THEN 0 ELSE 1 END AS hasPending';

const toHead = (consultationId: string, r: RawHead): SnapshotHead => ({
  consultationId,
  version: Number(r.version),
  coveredUntil: rawDate(r.coveredUntil).getTime(),
  final: Boolean(Number(r.final)),
  pending: Number(r.hasPending) === 1,
  changes: Number(r.changes ?? 0),
});

/** Snapshots kept in memory per server: the consultations being read at once (each a few KB, or its suggestions). */
const SNAPSHOT_CACHE_SIZE = 64;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

@Injectable()
export class ResultsPublisher {
  /** Per server, by consultation: the last stored snapshot read here (never one not stored). */
  private readonly cache = new Map<string, CachedSnapshot>();

  constructor(
    @InjectRepository(BallotEntity) private readonly ballots: Repository<BallotEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProgressNotices) private readonly progress: ProgressNotices,
  ) {}

  get step(): number {
    return this.config.resultsStep;
  }

  /** The stored snapshots of these consultations as they are, without advancing them (lists): their shown ballots. */
  async shownBallots(ids: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    const heads: (RawHead & { consultationId: string })[] = await this.tx.db.query(
      `SELECT consultationId, ${HEAD_COLUMNS} FROM result_snapshots WHERE consultationId IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const entries = await this.shownOfAll(heads.map((h) => toHead(h.consultationId, h)));
    for (const e of entries) if (e.shown && e.shown.ballots >= this.step) out.set(e.consultationId, e.shown.ballots);
    return out;
  }

  /**
   * The published results of a consultation, advancing its snapshot first when due: k ballots cast or changed since
   * the newest snapshot, or the close. `tally` computes the results from every ballot committed at the moment it
   * runs; it runs while ballots of this consultation wait, so the snapshot and its time cover the same ballots.
   *
   * One small read decides (the snapshot's version and, while open, the ballots changed since it); the shown tally
   * itself comes from this server's cache when the version it holds is the stored one, so a snapshot published by
   * another server is seen at its next read here and the cache never holds anything but a stored `shown`.
   */
  async current(c: PublicationSubject, tally: () => Promise<PublishedTally>): Promise<Published> {
    let head = await this.head(c.id, !c.closed);
    if (c.closed) {
      if (!head?.final) {
        await this.advance(c, tally, true);
        head = await this.head(c.id, false);
        // Those who took part and asked to hear of it are told the results are out, after the snapshot's commit.
        this.progress.kick();
      }
      return this.view(head && (await this.shownOf(head)), 0, true);
    }
    let changes = head ? head.changes : await this.changesSince(c.id, null);
    if (changes >= this.step) {
      await this.advance(c, tally, false);
      head = await this.head(c.id, true);
      changes = head ? head.changes : await this.changesSince(c.id, null);
    }
    return this.view(head && (await this.shownOf(head)), changes, false);
  }

  /**
   * The stored snapshot's version and flags without its tallies (null: none yet); while open, with the ballots cast
   * or changed since it (the range of IDX_ballots_consultation_submitted after coveredUntil).
   */
  private async head(consultationId: string, withChanges: boolean): Promise<SnapshotHead | null> {
    const rows: RawHead[] = await this.tx.db.query(
      `SELECT ${HEAD_COLUMNS}${
        withChanges
          ? ', (SELECT COUNT(*) FROM ballots b WHERE b.consultationId = s.consultationId AND b.submittedAt > s.coveredUntil) AS changes'
          : ''
      } FROM result_snapshots s WHERE s.consultationId = ?`,
      [consultationId],
    );
    return rows.length ? toHead(consultationId, rows[0]) : null;
  }

  /** The shown tally of the snapshot `head` names: from the cache when it holds that version, else read and kept. */
  private async shownOf(head: SnapshotHead): Promise<CachedSnapshot | null> {
    return (await this.shownOfAll([head]))[0] ?? null;
  }

  /** The shown tallies of these snapshots: those the cache holds at their version from it, the others in one read. */
  private async shownOfAll(heads: SnapshotHead[]): Promise<CachedSnapshot[]> {
    const out: CachedSnapshot[] = [];
    const missing: string[] = [];
    for (const head of heads) {
      const hit = this.cache.get(head.consultationId);
      if (hit && hit.version === head.version && hit.coveredUntil === head.coveredUntil) {
        // Most recently used last, so the oldest entry is the first one dropped.
        this.cache.delete(head.consultationId);
        this.cache.set(head.consultationId, hit);
        out.push(hit);
      } else missing.push(head.consultationId);
    }
    if (!missing.length) return out;
    // The rows as stored now: the version read with them may be newer than the heads' (another server advanced
    // meanwhile), never newer than what is stored.
    const rows: (RawHead & { consultationId: string; shown: string | null })[] = await this.tx.db.query(
      `SELECT consultationId, ${HEAD_COLUMNS}, shown FROM result_snapshots WHERE consultationId IN (${missing.map(() => '?').join(', ')})`,
      missing,
    );
    for (const r of rows) {
      const entry: CachedSnapshot = {
        ...toHead(r.consultationId, r),
        shown: r.shown ? deepFreeze(JSON.parse(r.shown) as PublishedTally) : null,
      };
      this.cache.delete(r.consultationId);
      this.cache.set(r.consultationId, entry);
      out.push(entry);
    }
    while (this.cache.size > SNAPSHOT_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return out;
  }

  private view(row: CachedSnapshot | null, changes: number, closed: boolean): Published {
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
  private async advance(c: PublicationSubject, tally: () => Promise<PublishedTally>, final: boolean): Promise<void> {
    await this.tx.run(async (em) => {
      await em.query(`SELECT id FROM consultations WHERE id = ?${this.tx.isMysql ? ' FOR UPDATE' : ''}`, [c.id]);
      const row = await em.findOne(ResultSnapshotEntity, { where: { consultationId: c.id } });
      if (final ? row?.final : (await this.changesSince(c.id, row?.coveredUntil ?? null, em)) < this.step) return;
      const coveredUntil = this.clock.now();
      const next = await tally();
      if (final) {
        const values = { shown: next, pending: null, coveredUntil, final: true };
        if (row) await em.update(ResultSnapshotEntity, { consultationId: c.id }, { ...values, version: row.version + 1 });
        else await em.insert(ResultSnapshotEntity, { consultationId: c.id, version: 1, ...values });
        // Shown only from k ballots: below that there are no results to tell of.
        if (next.ballots >= this.step) await this.progress.enqueue(em, 'consultation_results', c.id, c.id, coveredUntil);
      } else {
        // The newest becomes pending; what was pending is shown from now on.
        const values = { shown: row?.pending ?? row?.shown ?? null, pending: next, coveredUntil, final: false };
        if (row) await em.update(ResultSnapshotEntity, { consultationId: c.id }, { ...values, version: row.version + 1 });
        else await em.insert(ResultSnapshotEntity, { consultationId: c.id, version: 1, ...values });
      }
    });
  }
}
