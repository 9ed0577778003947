import fs from 'node:fs/promises';

/**
 * Makes SQLite commits durable in groups, off the event loop. The connection commits with
 * `synchronous = NORMAL` (the WAL is written, not synced), every statement that may write or
 * commit is counted, and `durable()` resolves once a sync of the WAL file that began after the
 * caller's last counted statement has finished. The WAL is appended in order, so one sync covers
 * every commit before it: callers waiting together share one, and while it runs in the thread pool
 * the event loop serves other requests, where `synchronous = FULL` would block it for every commit.
 *
 * A failed sync fails every later `durable()` too: after an I/O error the kernel may have marked
 * the unwritten pages clean, so a later sync that succeeds proves nothing. Restarting the process
 * lets SQLite recover from what the WAL on disk really holds.
 */
export class WalSync {
  #written = 0;
  #synced = 0;
  #inFlight: Promise<void> | undefined;
  #failure: Error | undefined;

  constructor(private readonly syncWal: () => Promise<void>) {}

  /** Called after each statement that may have written or committed. */
  written(): void {
    this.#written++;
  }

  /** Resolves when every statement counted before the call is on disk; rejects once a sync failed. */
  async durable(): Promise<void> {
    const target = this.#written;
    while (this.#synced < target || this.#failure) {
      if (this.#failure) throw this.#failure;
      // A sync already running may have begun before our write: wait for it, then check again.
      this.#inFlight ??= this.#sync();
      await this.#inFlight;
    }
  }

  #sync(): Promise<void> {
    const covers = this.#written;
    return this.syncWal()
      .then(
        () => {
          this.#synced = Math.max(this.#synced, covers);
        },
        (err: unknown) => {
          this.#failure = new Error(`Syncing the database's write-ahead log to disk failed; restart fieldhouse. ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          throw this.#failure;
        },
      )
      .finally(() => {
        this.#inFlight = undefined;
      });
  }
}

/**
 * The WAL file, held open for the life of the connection and synced with fdatasync, as SQLite
 * syncs it under `synchronous = FULL` (data, and the size when it grew, not the modification
 * time). One descriptor from the first sync on: Linux reports a write-back error to each
 * descriptor open when it happened, and a descriptor opened after it would never hear of it.
 * The connection keeps the WAL from being deleted, so a missing file is an error, not "nothing
 * to sync".
 */
export class WalFile {
  #handle: fs.FileHandle | undefined;

  constructor(readonly path: string) {}

  async sync(): Promise<void> {
    this.#handle ??= await fs.open(this.path, 'r');
    await this.#handle.datasync();
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
