// Datetimes in raw SQL: both drivers store a datetime(3) as 'YYYY-MM-DD HH:MM:SS.mmm' in UTC; mysql2 hands it back as
// a Date, better-sqlite3 as that string.

/** A Date as a raw-SQL parameter. */
export const sqlTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/** A datetime from a raw query, whichever driver returned it. */
export const rawDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (String(v).endsWith('Z') ? '' : 'Z'));
