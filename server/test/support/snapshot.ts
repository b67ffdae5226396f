// A fingerprint of the whole database: row counts and a checksum of every table's content.
import { createHash } from 'node:crypto';
import type { TestServer } from './server.js';

export async function databaseFingerprint(s: TestServer): Promise<Record<string, { rows: number; sha256: string }>> {
  const counts = await s.rowCounts();
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const table of Object.keys(counts)) {
    const rows: Record<string, unknown>[] = await s.db.query(`SELECT * FROM ${s.dbKind === 'mysql' ? `\`${table}\`` : `"${table}"`}`);
    const lines = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k]]),
        ),
      )
      .sort();
    out[table] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}
