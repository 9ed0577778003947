import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BlobTooLargeError, type StoredBlob } from './blob-store.js';

/** Passes bytes through, counting them and hashing them with MD5; fails past `maxBytes`. */
export class MeteredStream extends Transform {
  private readonly hash = createHash('md5');
  // Not `size`: the AWS SDK reads a body's `size` as its total length.
  private received = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) return callback(new BlobTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Only once the stream has ended. */
  measured(): StoredBlob {
    return { sizeBytes: this.received, md5: this.hash.copy().digest('hex') };
  }
}
