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

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.isMysql) return this.db.transaction('READ COMMITTED', work);
    const result = this.tail.then(() => this.db.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
