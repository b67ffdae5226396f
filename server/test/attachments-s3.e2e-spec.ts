import type { Contract, Organization } from '@xst/shared-types';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeContract, makeEnterprise, setShanghaiTime, upload } from './support/contracts.js';
import { FakeS3 } from './support/fake-s3.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 1)]);

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('attachments kept in an S3-compatible object store', () => {
  const store = new FakeS3();
  let s: TestServer;
  let organizer: Actor;
  let partnerRep: Actor;
  let partner: Organization;

  const download = (actor: Actor, contractId: string, attachmentId: string) =>
    s
      .api(actor)
      .get(`/contracts/${contractId}/attachments/${attachmentId}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    await store.start();
    s = await startServer(store.env);
    setShanghaiTime(s, '2024-06-01');
    organizer = await s.login('s3-organizer', 'organizer', { regionCode: '510100' });
    partner = await makeEnterprise(s, organizer, { regionCode: '510107' });
    partnerRep = await s.login('s3-partner-rep', 'enterprise', { organizationId: partner.id });
  });
  afterAll(async () => {
    await s.stop();
    await store.stop();
  });
  afterEach(() => {
    store.failPuts = false;
    store.failGets = false;
  });

  it('puts the photo of the signed pages in the bucket, not in the data folder, and serves it back', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const filesBefore = filesUnder(s.config.dataDir);
    const up = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PNG, {
      filename: '签字页.png',
      contentType: 'image/png',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: '签字页.png', mimeType: 'image/png', size: PNG.length });

    const stored = store.objects.get(`contracts/${c.id}/${up.body.id}`);
    expect(stored).toBeDefined();
    expect(Buffer.compare(stored!.body, PNG)).toBe(0);
    expect(stored!.contentType).toBe('image/png');
    expect(store.requests).toContain(`PUT /${store.bucket}/contracts/${c.id}/${up.body.id}`);
    expect(existsSync(s.config.uploadDir)).toBe(false);
    expect(filesUnder(s.config.dataDir)).toEqual(filesBefore);

    const down = await download(partnerRep, c.id, up.body.id);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(down.body, PNG)).toBe(0);
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.attachments.map((a: { id: string }) => a.id)).toEqual([up.body.id]);
  });

  it('answers 503 in Chinese and records nothing when the store fails to keep the file', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const before = await s.rowCounts();
    store.failPuts = true;
    const up = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PDF, {
      filename: '会议照片.pdf',
      contentType: 'application/pdf',
    });
    expect(up.status).toBe(503);
    expect(up.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(up.body.message).not.toMatch(/InternalError|S3|127\.0\.0\.1/);
    expect(await s.rowCounts()).toEqual(before);
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.attachments).toEqual([]);

    store.failPuts = false;
    const retry = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PDF, {
      filename: '会议照片.pdf',
      contentType: 'application/pdf',
    });
    expect(retry.status).toBe(201);
    expect(store.objects.get(`contracts/${c.id}/${retry.body.id}`)?.contentType).toBe('application/pdf');
  });

  it('removes the stored file again when the attachment cannot be recorded, leaving no orphan in the bucket', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const objectsBefore = [...store.objects.keys()];
    const q = (sql: string) => s.db.query(s.dbKind === 'mysql' ? sql.replace(/"/g, '`') : sql);
    await q('ALTER TABLE "contract_attachments" RENAME TO "contract_attachments_away"');
    try {
      const up = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PNG, {
        filename: 'x.png',
        contentType: 'image/png',
      });
      expect(up.status).toBe(500);
    } finally {
      await q('ALTER TABLE "contract_attachments_away" RENAME TO "contract_attachments"');
    }
    expect(store.requests.filter((r) => r.startsWith(`PUT /${store.bucket}/contracts/${c.id}/`))).toHaveLength(1);
    expect(store.requests.filter((r) => r.startsWith(`DELETE /${store.bucket}/contracts/${c.id}/`))).toHaveLength(1);
    expect([...store.objects.keys()]).toEqual(objectsBefore);
  });

  it('answers 404 for a file gone from the bucket and 503 while the store is failing', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const up = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PNG, {
      filename: 'p.png',
      contentType: 'image/png',
    });
    expect(up.status).toBe(201);
    store.failGets = true;
    const failing = await s.api(organizer).get(`/contracts/${c.id}/attachments/${up.body.id}`);
    expect(failing.status).toBe(503);
    expect(failing.body.message).toMatch(/[\u4e00-\u9fff]/);
    store.failGets = false;
    store.objects.delete(`contracts/${c.id}/${up.body.id}`);
    expect((await s.api(organizer).get(`/contracts/${c.id}/attachments/${up.body.id}`)).status).toBe(404);
  });
});
