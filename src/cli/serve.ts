import type { Config } from '../config.js';
import { startServer } from '../server.js';

/** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function serveCommand(config: Config): Promise<void> {
  const server = await startServer(config);
  server.app.log.info({ url: server.url, storage: server.storage.location, files: server.blobs.location }, 'fieldhouse is listening');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
