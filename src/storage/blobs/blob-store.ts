import type { Readable } from 'node:stream';

/** What a finished write measured on the way: the bytes themselves never sit in memory. */
export interface StoredBlob {
  sizeBytes: number;
  /** Hex MD5 of the bytes written. */
  md5: string;
}

export interface PutOptions {
  /** The write fails with BlobTooLargeError, keeping nothing, once the stream passes this. */
  maxBytes: number;
  contentType: string;
}

/**
 * Where file bytes live. Keys are written once (a new key per upload attempt) and never
 * overwritten, so a reader never sees a half-written blob under a key the database names.
 */
export interface BlobStore {
  /** For logs: a directory or a bucket, never credentials. */
  readonly location: string;
  /** Streams `body` to `key`. On any failure (the stream's, the store's, too many bytes) nothing is kept. */
  put(key: string, body: Readable, options: PutOptions): Promise<StoredBlob>;
  /** The bytes at `key` (those from `start` to `end` included, when given), or undefined when there are none. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable | undefined>;
  /** Removes `key`; one that is already gone is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every blob whose key starts with `prefix` (ending in `/`) but `keep`: the leftovers
   * of uploads that lost a race or died with their process, which no row names.
   */
  deleteAll(prefix: string, options?: { keep?: string | null }): Promise<void>;
  /** Resolves once the store can be written (the directory, the bucket); a BlobStoreError says why not. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** The store itself failed (disk full, bucket missing, S3 unreachable): an outage, not the client's fault. */
export class BlobStoreError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(`${message}: ${options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : String(options.cause)}`, options);
    this.name = 'BlobStoreError';
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The upload is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}
