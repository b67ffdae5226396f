// The H5 build served beside the API: the page never cached, the hashed bundles for an hour, unknown files 404.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startServer, type TestServer } from './support/server.js';

describe('the H5 build', () => {
  let s: TestServer;
  beforeAll(async () => {
    const h5 = mkdtempSync(path.join(os.tmpdir(), 'xst-h5-'));
    mkdirSync(path.join(h5, 'js'));
    writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>协商通</title><script src="/js/app.1a2b3c4d.js"></script>');
    writeFileSync(path.join(h5, 'js', 'app.1a2b3c4d.js'), 'console.log("协商通")');
    s = await startServer({ H5_DIR: h5 });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('serves the page at / and by name, never from a cache', async () => {
    for (const p of ['/', '/index.html']) {
      const res = await request(s.url).get(p);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<title>协商通</title>');
    }
  });

  it('serves the bundles with an hour of caching', async () => {
    const res = await request(s.url).get('/js/app.1a2b3c4d.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers a file that is not there, and an API path that is not there, with the JSON 404', async () => {
    for (const p of ['/js/nothing.js', '/api/nothing']) {
      const res = await request(s.url).get(p);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
    }
  });
});
