import fs from 'node:fs/promises';

/**
 * Makes SQLite commits durable in groups, off the event loop. The connection commits with
 * `synchronous = NORMAL` (the WAL is written, not fsynced), every write statement is counted, and
 * `durable()` resolves once an fsync of the WAL file that began after the caller's last counted
 * write has finished. The WAL is appended in order, so one fsync covers every commit before it:
 * callers waiting together share one, and while it runs in the thread pool the event loop serves
 * other requests, where `synchronous = FULL` would block it for every commit.
 */
export class WalSync {
  #written = 0;
  #synced = 0;
  #inFlight: Promise<void> | undefined;

  constructor(private readonly syncWal: () => Promise<void>) {}

  /** Called after each statement that may have written. */
  written(): void {
    this.#written++;
  }

  /** Resolves when every write counted before the call is on disk; rejects if the fsync fails. */
  async durable(): Promise<void> {
    const target = this.#written;
    while (this.#synced < target) {
      // A sync already running may have begun before our write: wait for it, then check again.
      this.#inFlight ??= this.#sync();
      await this.#inFlight;
    }
  }

  #sync(): Promise<void> {
    const covers = this.#written;
    return this.syncWal()
      .then(() => {
        this.#synced = Math.max(this.#synced, covers);
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
  }
}

/**
 * fdatasyncs the file at `path` through a descriptor of its own (on Linux it flushes the file,
 * whoever wrote it), as SQLite syncs its WAL under `synchronous = FULL`: data, and the size when
 * it grew, not the modification time. Opened for each sync, so a WAL file SQLite recreated is still the one synced;
 * none at all means no WAL content is waiting (SQLite removes it only after a checkpoint synced it).
 */
export async function syncFileData(path: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

