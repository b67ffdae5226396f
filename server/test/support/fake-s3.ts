// A small stand-in for an S3-compatible object store on loopback, path-style: PUT/GET/DELETE /<bucket>/<key>.
// It refuses requests that are not SigV4-signed with the expected access key id, region and service, or whose
// x-amz-content-sha256 does not match the body, answers S3's XML errors, and keeps objects in memory.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
}

export class FakeS3 {
  readonly objects = new Map<string, StoredObject>();
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  /** While set, PUTs (or GETs) answer 500 InternalError. */
  failPuts = false;
  failGets = false;
  private server?: http.Server;
  url = '';

  constructor(
    readonly bucket = 'xst-attachments',
    readonly accessKeyId = 'AKIAFAKEXST0001',
    readonly region = 'cn-test-1',
  ) {}

  /** The settings that point the server at this store. */
  get env(): Record<string, string> {
    return {
      ATTACHMENT_STORE: 's3',
      S3_ENDPOINT: this.url,
      S3_REGION: this.region,
      S3_BUCKET: this.bucket,
      S3_ACCESS_KEY_ID: this.accessKeyId,
      S3_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-tests-only',
    };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private error(res: http.ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`,
    );
  }

  /** Why the request's signature header is not what a SigV4 client with our credentials sends, or null. */
  private authProblem(req: http.IncomingMessage, body: Buffer): string | null {
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return `not an AWS4-HMAC-SHA256 authorization: ${auth}`;
    const [, keyId, , region, service, signedHeaders] = m;
    if (keyId !== this.accessKeyId) return `unknown access key id ${keyId}`;
    if (region !== this.region || service !== 's3') return `wrong scope ${region}/${service}`;
    if (!signedHeaders.split(';').includes('host') || !req.headers['x-amz-date']) return 'host or date not signed';
    const declared = req.headers['x-amz-content-sha256'];
    if (typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared) && declared !== createHash('sha256').update(body).digest('hex')) {
      return 'payload hash does not match the body';
    }
    return null;
  }

  private handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const u = new URL(req.url!, this.url);
    this.requests.push(`${req.method} ${u.pathname}`);
    const problem = this.authProblem(req, body);
    if (problem) return this.error(res, 403, 'SignatureDoesNotMatch', problem);
    const [, bucket, ...rest] = u.pathname.split('/');
    if (bucket !== this.bucket) return this.error(res, 404, 'NoSuchBucket', `no bucket ${bucket}`);
    const key = rest.map(decodeURIComponent).join('/');
    if (!key) return this.error(res, 400, 'InvalidRequest', 'no key');
    if (req.method === 'PUT') {
      if (this.failPuts) return this.error(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      this.objects.set(key, { body, contentType: req.headers['content-type'] });
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      return void res.end();
    }
    if (req.method === 'GET') {
      if (this.failGets) return this.error(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      const o = this.objects.get(key);
      if (!o) return this.error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, { 'content-type': o.contentType ?? 'application/octet-stream', 'content-length': o.body.length });
      return void res.end(o.body);
    }
    if (req.method === 'DELETE') {
      this.objects.delete(key);
      res.writeHead(204);
      return void res.end();
    }
    this.error(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`);
  }
}
