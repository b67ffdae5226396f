import http from 'node:http';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { spawnServer } from './support/process.js';

describe('graceful shutdown on SIGTERM', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('finishes the request in flight, refuses new connections and exits promptly', async () => {
    const srv = await spawnServer(db.env);
    // A sign-in whose body is still arriving when the signal comes: it is in flight.
    const body = JSON.stringify({ openid: 'in-flight', role: 'worker' });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${srv.url}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        srv.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body).user.role).toBe('worker');

    const started = Date.now();
    const exit = await srv.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    await expect(fetch(`${srv.url}/api/health`)).rejects.toThrow();
  });
});
