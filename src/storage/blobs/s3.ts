import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../../config.js';
import { BlobStoreError, BlobTooLargeError, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.js';
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
  const where = `bucket '${config.bucket}'${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  /** Runs one call to S3, reporting its failure as the store's. */
  const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw new BlobStoreError(`S3 ${what} in ${where} failed`, { cause: err });
    }
  };
  return {
    location: `s3 ${where}`,
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
        // The first failure is the one to report: the client's stream (gone, or too long), else the store's.
        // The meter fails by itself only on too many bytes; the upload aborting it fails it too, and that is the store's.
        const fromSource = body.errored ?? (meter.errored instanceof BlobTooLargeError ? meter.errored : undefined);
        meter.destroy();
        await feeding;
        await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) })).catch(() => undefined);
        if (fromSource) throw fromSource;
        throw new BlobStoreError(`S3 upload of '${objectKey(key)}' to ${where} failed`, { cause: err });
      }
      return meter.measured();
    },
    async get(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
      return attempt(`read of '${objectKey(key)}'`, async () => {
        try {
          const object = await client.send(
            new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
          );
          return object.Body instanceof Readable ? object.Body : undefined;
        } catch (err) {
          if (err instanceof NoSuchKey) return undefined;
          throw err;
        }
      });
    },
    async delete(key: string): Promise<void> {
      await attempt(`delete of '${objectKey(key)}'`, () => client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) })));
    },
    async deleteAll(prefix: string, options: { keep?: string | null } = {}): Promise<void> {
      const keep = options.keep ? objectKey(options.keep) : undefined;
      await attempt(`delete of '${objectKey(prefix)}…'`, async () => {
        for await (const page of paginateListObjectsV2({ client }, { Bucket: config.bucket, Prefix: objectKey(prefix) })) {
          for (const object of page.Contents ?? []) {
            if (object.Key && object.Key !== keep) await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: object.Key }));
          }
        }
      });
    },
    async check(): Promise<void> {
      await attempt('check', () => client.send(new HeadBucketCommand({ Bucket: config.bucket })));
    },
    async close(): Promise<void> {
      client.destroy();
    },
  };
}
