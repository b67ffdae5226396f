// The hot path of a campaign launch: ballots arriving together are committed together. Each caller is acknowledged
// only after the transaction holding its ballot has committed; a ballot refused by the authoritative check inside
// the transaction (closed meanwhile, changed questions) gets its own error while the others still commit.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConsultationMode } from '@xst/shared-types';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { conflict, DomainError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { rawDate as toDate, sqlTime } from '../database/raw-time.js';
import { padded } from '../database/statement-shapes.js';
import { Transactions } from '../database/transactions.js';
import { addCounts, CountTally } from './ballot-counts.js';

export interface BallotWrite {
  consultationId: string;
  /** Revision of the questions the ballot was validated against. */
  revision: number;
  voterKey: string;
  choices: string[];
  suggestion: string | null;
  industry: string;
  cityCode: string;
}

/** A ballot as stored, before this batch replaces it. */
interface StoredBallot {
  choices: string;
  suggestion: string | null;
  industry: string;
  cityCode: string;
}

interface Pending extends BallotWrite {
  resolve: (acceptedAt: Date) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 500;
const DEADLOCK_RETRIES = 3;

const isRetryable = (e: unknown) => /ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT|SQLITE_BUSY/.test(String((e as { code?: string })?.code ?? ''));

@Injectable()
export class BallotBatcher {
  private readonly logger = new Logger('Ballots');
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /**
   * Batches committing at once. One on both databases: SQLite has one writer anyway, and on MySQL a batch that waits
   * for the previous one grows larger, so the same ballots take fewer transactions (four round trips each) —
   * measured faster than 2 or 4 overlapping batches (bench/ballots, BENCHMARKS.md).
   */
  private readonly maxInFlight = 1;
  /** Called when a batch finds a consultation's questions changed since they were cached. */
  onStale: (consultationId: string) => void = () => undefined;

  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  submit(write: BallotWrite): Promise<Date> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...write, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    // Let the requests already parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight++;
    try {
      await this.commitWithRetry(batch);
    } finally {
      this.inFlight--;
      this.kick();
    }
  }

  private async commitWithRetry(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.tx.run((em) => this.commit(em, batch));
        for (const [p, result] of outcome) result instanceof Date ? p.resolve(result) : p.reject(result);
        return;
      } catch (e) {
        if (attempt < DEADLOCK_RETRIES && isRetryable(e)) continue;
        this.logger.error({ err: e, ballots: batch.length }, 'ballot batch failed');
        for (const p of batch) p.reject(e);
        return;
      }
    }
  }

  /**
   * One transaction for the whole batch: lock the consultations, check, upsert the ballots and move their counts.
   * The consultations' rows are locked exclusively, in id order: a concurrent close waits, and so does a batch of
   * another server for the same consultation, so the ballots read with them are still the stored ones when the
   * counts move (every batch adds to the same total rows anyway, so they would queue there all the same).
   */
  private async commit(em: EntityManager, batch: Pending[]): Promise<Map<Pending, Date | DomainError>> {
    const ids = [...new Set(batch.map((b) => b.consultationId))].sort();
    const idList = this.shaped(ids);
    // On SQLite the lists are padded (a repeated id or key changes nothing in an IN list) so the text stays prepared.
    const keys = this.shaped([...new Set(batch.map((b) => b.voterKey))]);
    // One statement, one round trip: the consultations (locked) and the ballots of this batch's workers they hold.
    const raw: ({ id: string; opensAt: Date | string; closesAt: Date | string; revision: number | string; mode: ConsultationMode } & {
      voterKey: string | null;
    } & StoredBallot)[] = await em.query(
      `SELECT c.id, c.opensAt, c.closesAt, c.revision, c.mode, b.voterKey, b.choices, b.suggestion, b.industry, b.cityCode
         FROM consultations c
         LEFT JOIN ballots b ON b.consultationId = c.id AND b.voterKey IN (${keys.map(() => '?').join(', ')})
        WHERE c.id IN (${idList.map(() => '?').join(', ')})
        ORDER BY c.id${this.tx.isMysql ? ' FOR UPDATE' : ''}`,
      [...keys, ...idList],
    );
    const byId = new Map<string, { id: string; opensAt: Date; closesAt: Date; revision: number; mode: ConsultationMode }>();
    const previous = new Map<string, StoredBallot>();
    for (const r of raw) {
      if (!byId.has(r.id)) {
        byId.set(r.id, { id: r.id, opensAt: toDate(r.opensAt), closesAt: toDate(r.closesAt), revision: Number(r.revision), mode: r.mode });
      }
      if (r.voterKey !== null) {
        previous.set(`${r.id}:${r.voterKey}`, { choices: r.choices, suggestion: r.suggestion, industry: r.industry, cityCode: r.cityCode });
      }
    }
    // Read the clock only once the rows are locked: a close that committed first is then always seen as past.
    const now = this.clock.now();
    const outcome = new Map<Pending, Date | DomainError>();
    const accepted = new Map<string, Pending>();
    for (const b of batch) {
      const c = byId.get(b.consultationId);
      if (!c || c.revision !== b.revision) {
        this.onStale(b.consultationId);
        outcome.set(b, conflict('consultation_changed', '这次意见征集的内容有更新，请刷新后重新提交'));
      } else if (now < c.opensAt) {
        outcome.set(b, conflict('consultation_not_open', '这次意见征集还没有开始'));
      } else if (now >= c.closesAt) {
        outcome.set(b, conflict('consultation_closed', '这次意见征集已经结束，不能再提交'));
      } else {
        // The same worker twice in one batch: the later request wins, both are acknowledged.
        const key = `${b.consultationId}:${b.voterKey}`;
        accepted.delete(key);
        accepted.set(key, b);
        outcome.set(b, now);
      }
    }
    // Sorted by the unique key so that overlapping batches lock rows in the same order (no deadlock cycles).
    const writes = [...accepted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b);
    if (writes.length) {
      await this.upsert(em, writes, now);
      await this.moveCounts(em, writes, previous, new Map([...byId.values()].map((r) => [r.id, r.mode])));
    }
    return outcome;
  }

  /** Takes the replaced ballots out of the kept counts and adds the new ones, in the same transaction. */
  private async moveCounts(
    em: EntityManager,
    writes: Pending[],
    previous: Map<string, StoredBallot>,
    modes: Map<string, ConsultationMode>,
  ): Promise<void> {
    const tallies = new Map<string, CountTally>();
    for (const w of writes) {
      const mode = modes.get(w.consultationId)!;
      if (!tallies.has(w.consultationId)) tallies.set(w.consultationId, new CountTally());
      const tally = tallies.get(w.consultationId)!;
      const old = previous.get(`${w.consultationId}:${w.voterKey}`);
      // A replacement that counts the same (the same choices and groups, only another suggestion text) moves nothing.
      if (
        old &&
        old.industry === w.industry &&
        old.cityCode === w.cityCode &&
        (old.suggestion !== null) === (w.suggestion !== null) &&
        old.choices === JSON.stringify(w.choices)
      ) {
        continue;
      }
      if (old) {
        tally.add(
          mode,
          { choices: JSON.parse(old.choices), industry: old.industry, cityCode: old.cityCode, suggestion: old.suggestion !== null },
          -1,
        );
      }
      tally.add(mode, { choices: w.choices, industry: w.industry, cityCode: w.cityCode, suggestion: w.suggestion !== null });
    }
    // Consultations in id order (the order their rows were locked in), each one's rows in key order.
    for (const id of [...tallies.keys()].sort()) await addCounts(em, this.tx.isMysql, id, tallies.get(id)!.changed());
  }

  /** A list for an IN (…) of one statement: as it is on MySQL, padded to a statement shape on SQLite. */
  private shaped(list: string[]): string[] {
    return this.tx.isMysql ? list : padded(list);
  }

  private async upsert(em: EntityManager, writes: Pending[], now: Date): Promise<void> {
    const at = sqlTime(now);
    const params: unknown[] = [];
    // SQLite: padded with the last ballot again (under a new id), which its conflict clause then leaves as it is.
    const rows = this.tx.isMysql ? writes : padded(writes);
    for (const w of rows) {
      params.push(newId(), w.consultationId, w.voterKey, JSON.stringify(w.choices), w.suggestion, w.industry, w.cityCode, at);
    }
    const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    const insert = `INSERT INTO ballots (id, consultationId, voterKey, choices, suggestion, industry, cityCode, submittedAt) VALUES ${values}`;
    // A retry of the same ballot changes nothing, not even its time; a different one replaces it.
    if (this.tx.isMysql) {
      await em.query(
        `${insert} ON DUPLICATE KEY UPDATE
          submittedAt = IF(choices <=> VALUES(choices) AND suggestion <=> VALUES(suggestion)
                           AND industry <=> VALUES(industry) AND cityCode <=> VALUES(cityCode), submittedAt, VALUES(submittedAt)),
          choices = VALUES(choices), suggestion = VALUES(suggestion), industry = VALUES(industry), cityCode = VALUES(cityCode)`,
        params,
      );
    } else {
      await em.query(
        `${insert} ON CONFLICT(consultationId, voterKey) DO UPDATE SET
          choices = excluded.choices, suggestion = excluded.suggestion, industry = excluded.industry,
          cityCode = excluded.cityCode, submittedAt = excluded.submittedAt
         WHERE choices IS NOT excluded.choices OR suggestion IS NOT excluded.suggestion
           OR industry IS NOT excluded.industry OR cityCode IS NOT excluded.cityCode`,
        params,
      );
    }
  }
}
