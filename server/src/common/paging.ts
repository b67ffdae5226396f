// Lists by cursor (keyset): a page continues after the last row of the one before, in an order made total by an id,
// so rows added meanwhile neither repeat nor push others off, and page 100 costs what page 1 costs.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PAGE_LIMIT_MAX, type Page, type PageQuery } from '@xst/shared-types';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { sqlTime } from '../database/raw-time.js';
import { invalid } from './errors.js';
import { queryInt } from './validation.js';

export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({ description: 'The `next` of the page before' })
  @IsOptional()
  @IsString({ message: '翻页位置 cursor 应为文字' })
  @MaxLength(1000, { message: '翻页位置 cursor 无效，请从第一页重新加载' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '翻页位置 cursor 无效，请从第一页重新加载' })
  cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT_MAX })
  @IsOptional()
  @Transform(queryInt)
  @Min(1, { message: '每页条数 limit 不能小于 1' })
  @Max(PAGE_LIMIT_MAX, { message: `每页条数 limit 不能大于 ${PAGE_LIMIT_MAX}` })
  @IsInt({ message: '每页条数 limit 应为整数' })
  limit?: number;
}

type KeyValue = string | number;

/** One column of a list's order; the last key must be unique (an id). Values are never null. */
export interface SortKey<E> {
  column: string;
  direction: 'ASC' | 'DESC';
  of(row: E): string | number | Date;
}

const badCursor = () => invalid('cursor', '翻页位置 cursor 无效，请从第一页重新加载');

const encode = (values: KeyValue[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

function decode(cursor: string, n: number): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(values) || values.length !== n || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw badCursor();
  }
  return values as KeyValue[];
}

/**
 * A key as the cursor holds it. Instants are taken as the database returned them, not from the entity's Date: SQLite
 * keeps the text it was given (a default `datetime('now')` has no milliseconds, and must compare equal to itself),
 * mysql2 hands back a Date of the full datetime(3).
 */
function keyValue<E>(k: SortKey<E>, row: E, raw: Record<string, unknown> | undefined): KeyValue {
  const v = k.of(row);
  if (!(v instanceof Date)) return v;
  const stored = raw?.[k.column.replace('.', '_')];
  return stored instanceof Date ? sqlTime(stored) : typeof stored === 'string' ? stored : sqlTime(v);
}

/** `(a > :a) OR (a = :a AND ((b < :b) OR (b = :b AND …)))`: the rows after the cursor in the keys' order. */
function after<E>(keys: SortKey<E>[], values: KeyValue[]): { sql: string; params: Record<string, KeyValue> } {
  const params: Record<string, KeyValue> = {};
  let sql = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    const name = `cursor_${i}`;
    params[name] = values[i];
    const beyond = `${k.column} ${k.direction === 'ASC' ? '>' : '<'} :${name}`;
    sql = sql ? `(${beyond} OR (${k.column} = :${name} AND ${sql}))` : `(${beyond})`;
  }
  return { sql, params };
}

/**
 * One page of `qb` (already filtered; its own order is replaced by `keys`): the total under the filters, the rows
 * after `q.cursor` up to `q.limit` (or `defaultLimit`), and the cursor of the page after.
 */
export async function keysetPage<E extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<E>,
  keys: SortKey<E>[],
  q: PageQuery & { offset?: number },
  defaultLimit: number,
  present: (rows: E[]) => Promise<T[]> | T[],
): Promise<Page<T>> {
  const limit = q.limit ?? defaultLimit;
  const total = await qb.clone().getCount();
  qb.orderBy(keys[0].column, keys[0].direction);
  for (const k of keys.slice(1)) qb.addOrderBy(k.column, k.direction);
  if (q.cursor) {
    const w = after(keys, decode(q.cursor, keys.length));
    qb.andWhere(w.sql, w.params);
  } else if (q.offset) {
    qb.skip(q.offset);
  }
  // No joins: TypeORM limits the statement itself, and the raw rows stand beside the entities one for one.
  const { entities: rows, raw } = await qb.take(limit + 1).getRawAndEntities();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.length - 1;
  return {
    items: await present(page),
    total,
    next: more && last >= 0 ? encode(keys.map((k) => keyValue(k, page[last], raw[last]))) : null,
  };
}
