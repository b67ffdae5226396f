// A streamed export that fails: before anything is sent the caller gets the JSON error; once bytes are sent the
// connection is cut, so that a download that broke off never looks like a complete file.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { RegionsService } from '../src/regions/regions.service.js';
import { randomUscc } from './support/contracts.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  complete: boolean;
  body: string;
}

/** GET with node:http, to see whether the response ended as HTTP says or was cut off. */
function download(url: string, token: string, onHeaders: () => void = () => {}): Promise<Download> {
  return new Promise((resolve) => {
    http.get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      onHeaders();
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', () => undefined);
      res.on('close', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, bytes: body.length, complete: res.complete, body: body.toString() });
      });
    });
  });
}

describe('a streamed export that fails', () => {
  let s: TestServer;
  let organizer: Actor;
  let regions: RegionsService;
  const fullName = RegionsService.prototype.fullName;

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('stream-nanchong', 'organizer', { regionCode: '511300' });
    regions = s.app.get(RegionsService);
    // One page of the ledger (1,000 rows) in 顺庆区, then a second page that starts with 高坪区.
    const rows = Array.from({ length: 1005 }, (_, i) => {
      const region = i < 1000 ? '511302' : '511303';
      return [randomUUID(), 'enterprise', `南充流式企业${String(i).padStart(4, '0')}号`, region, randomUscc(region), 'rider', 0, 50, 0, 1];
    });
    for (let i = 0; i < rows.length; i += 100) {
      const batch = rows.slice(i, i + 100);
      await s.db.query(
        `INSERT INTO organizations (id, type, name, regionCode, uscc, industry, isPlatform, employees, isKeyEnterprise, hasUnion) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flat(),
      );
    }
  });
  afterEach(() => {
    regions.fullName = fullName;
  });
  afterAll(async () => {
    await s.stop();
  });

  it('streams the whole ledger when nothing fails', async () => {
    const ok = await download(`${s.url}/api/statistics/ledger.xlsx`, organizer.token);
    expect(ok.status).toBe(200);
    expect(ok.complete).toBe(true);
    expect(ok.bytes).toBeGreaterThan(10_000);
  });

  it('cuts the connection when the second page fails after the first was sent', async () => {
    let headersSeen: () => void = () => {};
    const seen = new Promise<void>((r) => (headersSeen = r));
    // The county of the second page fails to resolve, once the first page has reached the client.
    regions.fullName = async function (this: RegionsService, code: string) {
      if (code !== '511303') return fullName.call(this, code);
      await seen;
      throw new Error('injected failure of the second page');
    };
    const cut = await download(`${s.url}/api/statistics/ledger.xlsx`, organizer.token, () => headersSeen());
    expect(cut.status).toBe(200);
    expect(cut.headers['content-type']).toContain('spreadsheetml');
    expect(cut.complete).toBe(false);
    expect((await s.api().get('/health')).status).toBe(200);
  });

  it('answers a failure before anything was sent with the JSON error, not a file', async () => {
    regions.fullName = async () => {
      throw new Error('injected failure of the first page');
    };
    const failed = await download(`${s.url}/api/statistics/ledger.xlsx`, organizer.token);
    expect(failed.status).toBe(500);
    expect(failed.complete).toBe(true);
    expect(failed.headers['content-type']).toContain('application/json');
    expect(failed.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(failed.body)).toMatchObject({ statusCode: 500, code: 'internal_error' });
  });
});
