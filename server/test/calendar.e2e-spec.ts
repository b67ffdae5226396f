// The server counts legal deadlines with this year's holidays and 调休: on a machine whose date lies in a year the
// holiday calendar does not cover, it refuses to start, saying so in one line.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { spawnServer } from './support/process.js';

const SHIFT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'shift-clock.mjs');

describe('the holiday calendar at start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses to start in a year it has no holidays for, in one line naming the year and the fix', async () => {
    const shift = Date.parse('2099-03-01T00:00:00Z') - Date.now();
    const started = spawnServer({ ...db.env, XST_SHIFT_MS: String(shift), LOG_LEVEL: 'silent' }, undefined, ['--import', SHIFT]);
    const error: Error = await started.then(
      () => new Error('the server started'),
      (e: Error) => e,
    );
    const output = error.message.replace(/^server exited at start:\n/, '').trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(/^Cannot start: the holiday calendar \(chinese-days 1\.5\.x\) has no arrangement for 2099/);
    expect(output).toMatch(/npm update chinese-days/);
  });

  it('starts in that year once the operator gives its arrangement in HOLIDAYS_FILE, and refuses a bad file in one line', async () => {
    const shift = Date.parse('2099-03-03T02:00:00Z') - Date.now();
    const file = path.join(db.dataDir, 'holidays-2099.json');
    writeFileSync(
      file,
      JSON.stringify({ holidays: { '2099-01-01': "New Year's Day,元旦,1", '2099-03-23': 'Test Day,测试节,1' }, workdays: {} }),
    );
    const srv = await spawnServer({ ...db.env, XST_SHIFT_MS: String(shift), LOG_LEVEL: 'silent', HOLIDAYS_FILE: file }, undefined, [
      '--import',
      SHIFT,
    ]);
    try {
      expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
    writeFileSync(file, JSON.stringify({ holidays: { '2099-03-23': 'Test Day,测试节,1' } }));
    const refused = spawnServer({ ...db.env, XST_SHIFT_MS: String(shift), LOG_LEVEL: 'silent', HOLIDAYS_FILE: file }, undefined, [
      '--import',
      SHIFT,
    ]);
    const error: Error = await refused.then(
      () => new Error('the server started'),
      (e: Error) => e,
    );
    const output = error.message.replace(/^server exited at start:\n/, '').trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(/HOLIDAYS_FILE: 2099 has no 元旦/);
  });

  it('starts in a year it covers', async () => {
    const srv = await spawnServer({ ...db.env, LOG_LEVEL: 'silent' });
    try {
      expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
});
