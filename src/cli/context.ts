import type { Config } from '../config.js';
import type { DB } from '../storage/database.js';
import { openStorage } from '../storage/open.js';

export interface CommandScope {
  db: DB;
  now: Date;
  out: (line: string) => void;
}

export interface CliContext {
  /** Runs one command against the configured storage, opened and closed around it. */
  withStorage(run: (scope: CommandScope) => Promise<void>): Promise<void>;
}

export function createCliContext(config: Config): CliContext {
  return {
    async withStorage(run) {
      const storage = await openStorage(config);
      try {
        await run({ db: storage.db, now: new Date(), out: (line) => process.stdout.write(`${line}\n`) });
      } finally {
        await storage.close();
      }
    },
  };
}
