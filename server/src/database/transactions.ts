// Every write goes through Transactions.run. On MySQL each call gets its own connection and transaction. The embedded
// SQLite has one connection (TypeORM shares a single query runner), so overlapping transactions would nest into one
// another; they are queued here and run one after the other instead.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() readonly db: DataSource) {}

  get isMysql(): boolean {
    return this.db.options.type === 'mysql';
  }

  /** Pool connections already switched to READ COMMITTED for the session (mysql2 keeps session state on release). */
  private readonly readCommitted = new WeakSet<object>();

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.isMysql) return this.runMysql(work);
    const result = this.tail.then(() => this.db.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * What `db.transaction('READ COMMITTED', work)` does, less one round trip per transaction: the isolation level is
   * set once per pooled connection, for its session, instead of `SET TRANSACTION ISOLATION LEVEL` before every
   * START TRANSACTION. (Reads outside transactions on such a connection are single autocommit statements, for which
   * READ COMMITTED and REPEATABLE READ read the same.)
   */
  private async runMysql<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const qr = this.db.createQueryRunner();
    try {
      const conn = (await qr.connect()) as object;
      if (!this.readCommitted.has(conn)) {
        await qr.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        this.readCommitted.add(conn);
      }
      await qr.startTransaction();
      try {
        const result = await work(qr.manager);
        await qr.commitTransaction();
        return result;
      } catch (e) {
        try {
          await qr.rollbackTransaction();
        } catch {
          // the original error is the one that matters
        }
        throw e;
      }
    } finally {
      await qr.release();
    }
  }
}
