// The baseline the ballot path is measured against: a bare node:http server that parses the same JSON body and
// inserts one row per request, through a mysql2 pool (DATABASE_URL) or better-sqlite3 (SQLITE_PATH).
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const port = Number(process.env.PORT);
let insert;
if (process.env.DATABASE_URL) {
  const mysql = (await import('mysql2/promise')).default;
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, waitForConnections: true });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS baseline_rows (id varchar(36) PRIMARY KEY, consultationId varchar(36) NOT NULL, voterKey varchar(64) NOT NULL, choices text NOT NULL) ENGINE=InnoDB',
  );
  insert = (row) => pool.execute('INSERT INTO baseline_rows (id, consultationId, voterKey, choices) VALUES (?, ?, ?, ?)', row);
} else {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(process.env.SQLITE_PATH);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS baseline_rows (id varchar(36) PRIMARY KEY, consultationId varchar(36) NOT NULL, voterKey varchar(64) NOT NULL, choices text NOT NULL)',
  );
  const stmt = db.prepare('INSERT INTO baseline_rows (id, consultationId, voterKey, choices) VALUES (?, ?, ?, ?)');
  insert = async (row) => stmt.run(row);
}

http
  .createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(raw);
        const id = randomUUID();
        await insert([id, req.url.split('/')[3] ?? 'x', randomUUID() + randomUUID().slice(0, 28), JSON.stringify(body.choices)]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
  })
  .listen(port, '127.0.0.1', () => process.send?.('ready'));
