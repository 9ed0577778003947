import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Engine } from '../../src/storage/engine.js';
import type { Storage } from '../../src/storage/database.js';
import { openStorage } from '../../src/storage/open.js';

/**
 * The engine this test run exercises. scripts/run-tests.mjs runs the suite once per engine; the
 * PostgreSQL leg sets FIELDHOUSE_TEST_DATABASE_URL to a server where tests may create databases.
 */
const SERVER_URL = process.env.FIELDHOUSE_TEST_DATABASE_URL || undefined;
export const TEST_ENGINE: Engine = SERVER_URL ? 'postgres' : 'sqlite';

/** One fresh database for one test: a temp data dir, and on PostgreSQL a database of its own. */
export interface TestDatabase {
  engine: Engine;
  dataDir: string;
  /** What points a fieldhouse process (server, worker, CLI) at this database. */
  env: Record<string, string>;
  config: { dataDir: string; databaseUrl: string | undefined };
  /** Opens (and migrates) it from the test process, as the server would. */
  open(): Promise<Storage>;
  /** Deletes it; every process using it must have stopped. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

export async function createTestDatabase(prefix = 'fieldhouse-test-'): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let databaseUrl: string | undefined;
  let name: string | undefined;
  if (SERVER_URL) {
    name = `fh_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    // A locale-aware default collation (ICU English), unlike the C locale a test cluster starts
    // with: fieldhouse must sort by bytes on whatever database it is given.
    await admin((client) => client.query(`create database ${name} template template0 encoding 'UTF8' locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`));
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const env: Record<string, string> = { FIELDHOUSE_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const config = { dataDir, databaseUrl };
  return {
    engine: TEST_ENGINE,
    dataDir,
    env,
    config,
    open: () => openStorage(config),
    async drop() {
      if (name) await admin((client) => client.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
