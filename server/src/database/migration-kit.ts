// Building blocks for hand-written migrations that mean the same on MySQL/MariaDB and SQLite.
import { Table, TableIndex, type QueryRunner, type TableColumnOptions, type TableIndexOptions } from 'typeorm';

export const isMysql = (qr: QueryRunner) => qr.connection.options.type === 'mysql';

export function columnKit(qr: QueryRunner) {
  const mysql = isMysql(qr);
  const now = mysql ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f','now'))";
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
    str: (name: string, length: number, nullable = false, dflt?: string): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
      ...(dflt !== undefined ? { default: `'${dflt}'` } : {}),
    }),
    /** Long text: MEDIUMTEXT on MySQL (TEXT stops at 64 KB), TEXT on SQLite. */
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: mysql ? 'mediumtext' : 'text', isNullable: nullable }),
    json: (name: string, nullable = false): TableColumnOptions => ({ name, type: mysql ? 'mediumtext' : 'text', isNullable: nullable }),
    int: (name: string, nullable = false, dflt?: number): TableColumnOptions => ({
      name,
      type: 'int',
      isNullable: nullable,
      ...(dflt !== undefined ? { default: dflt } : {}),
    }),
    bool: (name: string, dflt = false): TableColumnOptions => ({ name, type: 'boolean', default: dflt ? 1 : 0 }),
    time: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'datetime',
      ...(mysql ? { precision: 3 } : {}),
      isNullable: nullable,
    }),
    date: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable }),
    createdAt: (): TableColumnOptions => ({ name: 'createdAt', type: 'datetime', ...(mysql ? { precision: 3 } : {}), default: now }),
    updatedAt: (): TableColumnOptions => ({ name: 'updatedAt', type: 'datetime', ...(mysql ? { precision: 3 } : {}), default: now }),
  };
}

export async function createTable(
  qr: QueryRunner,
  name: string,
  columns: TableColumnOptions[],
  indices: TableIndexOptions[] = [],
): Promise<void> {
  const options = isMysql(qr) ? { engine: 'InnoDB' } : {};
  await qr.createTable(new Table({ name, columns, ...options }), false, false, false);
  for (const index of indices) await qr.createIndex(name, new TableIndex(index));
}
