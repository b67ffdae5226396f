// Where the bytes of attachments live: files under the data folder (the default), or an S3-compatible object store
// (AWS S3, MinIO, Tencent COS, Aliyun OSS in S3 mode), chosen by ATTACHMENT_STORE. Keys look like
// `contracts/<contractId>/<attachmentId>`; the database row holds the key and is written only after the bytes are.
import type { S3Client } from '@aws-sdk/client-s3';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { s3Sdk } from '../common/libraries.js';
import { APP_CONFIG, type AppConfig, type S3Settings } from '../config/config.js';

export interface AttachmentStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** Injection token of the configured AttachmentStore. */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** Files under UPLOAD_DIR, one per key. */
export class DiskAttachmentStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }

  async get(key: string): Promise<Buffer | null> {
    const file = this.file(key);
    if (!existsSync(file)) return null;
    return readFile(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

/** An S3-compatible bucket, signed with SigV4 by the official client. */
export class S3AttachmentStore implements AttachmentStore, OnApplicationShutdown {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    const { S3Client } = s3Sdk();
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // CRC32 checksums on every request (the SDK's default since 3.729) are refused by several S3-compatible
      // stores (older MinIO, COS, OSS): send and check them only where the operation requires it.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A store that does not answer must not hold a rider's upload forever (the SDK retries 3 times in all).
      requestHandler: { connectionTimeout: 5000, requestTimeout: 30000 },
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const { PutObjectCommand } = s3Sdk();
    await this.client.send(
      new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const { GetObjectCommand } = s3Sdk();
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      const { DeleteObjectCommand } = s3Sdk();
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** The store ATTACHMENT_STORE names. */
export const attachmentStoreProvider: Provider = {
  provide: ATTACHMENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AttachmentStore =>
    config.attachmentStore === 's3' && config.s3 ? new S3AttachmentStore(config.s3) : new DiskAttachmentStore(config.uploadDir),
};
