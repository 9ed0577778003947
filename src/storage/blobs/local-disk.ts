import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStoreError, BlobTooLargeError, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.js';
import { MeteredStream } from './metered-stream.js';

async function fsyncPath(target: string, flags: string): Promise<void> {
  const handle = await fs.promises.open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Blobs as files under one directory (by default `{data dir}/files`), each fsynced before it counts. */
export function localDiskBlobStore(directory: string): BlobStore {
  const root = path.resolve(directory);
  const pathOf = (key: string): string => {
    const target = path.resolve(root, key);
    // Keys are built from ids, never from input; this only guards against a bug that would escape the root.
    if (!target.startsWith(root + path.sep)) throw new Error(`Blob key '${key}' leaves the store's directory.`);
    return target;
  };
  return {
    location: root,
    async put(key: string, body: Readable, options: PutOptions): Promise<StoredBlob> {
      const target = pathOf(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const meter = new MeteredStream(options.maxBytes);
      try {
        await pipeline(body, meter, fs.createWriteStream(target, { flags: 'wx' }));
        // An acknowledged upload survives a power failure: the bytes, and every directory entry on the
        // way to them (mkdir may just have made the file's and the organization's directories).
        await fsyncPath(target, 'r');
        for (let dir = path.dirname(target), top = path.dirname(root); ; dir = path.dirname(dir)) {
          await fsyncPath(dir, 'r');
          if (dir === top || dir === path.dirname(dir)) break;
        }
      } catch (err) {
        await fs.promises.rm(target, { force: true });
        // The client's stream failing (gone mid-upload) or overflowing is the client's; the rest is the disk's.
        if (err instanceof BlobTooLargeError || body.errored) throw err;
        throw new BlobStoreError(`Writing ${target} failed`, { cause: err });
      }
      return meter.measured();
    },
    async get(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
      const target = pathOf(key);
      const handle = await fs.promises.open(target, 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      return handle?.createReadStream(range ? { start: range.start, end: range.end } : {});
    },
    async delete(key: string): Promise<void> {
      const target = pathOf(key);
      await fs.promises.rm(target, { force: true });
      // The attempt's directory (org/file/) goes once empty; a concurrent attempt's file keeps it.
      await fs.promises.rmdir(path.dirname(target)).catch(() => undefined);
    },
    async deleteAll(prefix: string, options: { keep?: string | null } = {}): Promise<void> {
      const dir = pathOf(prefix);
      const names = await fs.promises.readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
      const keep = options.keep ? pathOf(options.keep) : undefined;
      for (const name of names) {
        const target = path.join(dir, name);
        if (target !== keep) await fs.promises.rm(target, { force: true, recursive: true });
      }
      await fs.promises.rmdir(dir).catch(() => undefined);
    },
    async check(): Promise<void> {
      try {
        await fs.promises.mkdir(root, { recursive: true });
        await fs.promises.access(root, fs.constants.W_OK);
      } catch (err) {
        throw new BlobStoreError(`Cannot write files under ${root}`, { cause: err });
      }
    },
    async close(): Promise<void> {},
  };
}
