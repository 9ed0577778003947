import type { Config } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { startJobWorker } from '../jobs/start-jobs.js';
import type { JobLog } from '../jobs/worker.js';
import { openBlobStore } from '../storage/blobs/open-blob-store.js';
import { openStorage } from '../storage/open.js';

/** One JSON line per event, like the server's log. */
function jsonLog(level: number) {
  return (fields: object, msg: string) => void process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

/** `fieldhouse worker`: runs background jobs alone, beside any number of servers on the same database. */
export async function workerCommand(config: Config): Promise<void> {
  const storage = await openStorage(config);
  const log: JobLog = { info: jsonLog(30), warn: jsonLog(40), error: jsonLog(50) };
  const blobs = await openBlobStore(config.files);
  const worker = startJobWorker(config, storage, blobs, systemClock, log);
  jsonLog(30)({ storage: storage.location, owner: worker.owner }, 'fieldhouse worker is running');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    worker
      .stop()
      .then(() => blobs.close())
      .then(() => storage.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
