import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../../config.js';
import type { BlobStore, PutOptions, StoredBlob } from './blob-store.js';
import { MeteredStream } from './metered-stream.js';

/** Parts of 5 MiB (S3's smallest), two in flight: an upload of any size holds a few parts of it in memory. */
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** Blobs in an S3-compatible bucket, written by multipart upload as the bytes arrive. */
export function s3BlobStore(config: S3Config): BlobStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
  const objectKey = (key: string) => `${config.prefix}${key}`;
  return {
    location: `s3 bucket ${config.bucket}${config.endpoint ? ` at ${config.endpoint}` : ''}`,
    async put(key: string, body: Readable, options: PutOptions): Promise<StoredBlob> {
      const meter = new MeteredStream(options.maxBytes);
      const upload = new Upload({
        client,
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
        // A failed upload aborts its multipart upload: no parts are left behind to pay for.
        leavePartsOnError: false,
        params: { Bucket: config.bucket, Key: objectKey(key), Body: meter, ContentType: options.contentType },
      });
      // The source's failure (a client gone mid-upload, too many bytes) reaches the upload through the meter.
      const feeding = pipeline(body, meter).catch(() => undefined);
      try {
        await upload.done();
        await feeding;
        if (meter.errored) throw meter.errored;
      } catch (err) {
        // The first failure is the one to report: the source's, else the store's.
        const reason = meter.errored ?? body.errored ?? err;
        meter.destroy();
        await feeding;
        await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) })).catch(() => undefined);
        throw reason;
      }
      return meter.measured();
    },
    async get(key: string): Promise<Readable | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
        return object.Body instanceof Readable ? object.Body : undefined;
      } catch (err) {
        if (err instanceof NoSuchKey) return undefined;
        throw err;
      }
    },
    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },
    async deleteAll(prefix: string, options: { keep?: string | null } = {}): Promise<void> {
      const keep = options.keep ? objectKey(options.keep) : undefined;
      for await (const page of paginateListObjectsV2({ client }, { Bucket: config.bucket, Prefix: objectKey(prefix) })) {
        for (const object of page.Contents ?? []) {
          if (object.Key && object.Key !== keep) await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: object.Key }));
        }
      }
    },
    async close(): Promise<void> {
      client.destroy();
    },
  };
}
