import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql, type Migration } from 'kysely';
import { TransactionalDdlSqliteDialect } from '../../src/storage/sqlite-dialect.js';

// A migration that fails half way (a full disk while it rewrites every row) must leave the schema
// as it found it, or no later start could run it again.
describe('migrations on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-migrate-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const migrations: Record<string, Migration> = {
    '0001_first': { up: async (db) => void (await db.schema.createTable('kept').addColumn('id', 'text').execute()) },
    '0002_fails_half_way': {
      up: async (db) => {
        await db.schema.alterTable('kept').addColumn('added', 'text').execute();
        await db.schema.createTable('half').addColumn('id', 'text').execute();
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    },
  };

  it('land whole or not at all', async () => {
    const file = path.join(dir, 'fieldhouse.db');
    const db = new Kysely<any>({ dialect: new TransactionalDdlSqliteDialect({ database: new SQLite(file) }) });
    try {
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
      assert.match(String(error), /disk is full/);
      const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db)).rows.map((r) => r.name);
      assert.ok(!tables.includes('half') && !tables.includes('kept'), `no table of the failed run is left: ${tables.join(', ')}`);
      // Run again once the fault is gone: it starts from where it was, not from a half-changed schema.
      migrations['0002_fails_half_way'] = { up: async (d) => void (await d.schema.alterTable('kept').addColumn('added', 'text').execute()) };
      const again = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
      assert.equal(again.error, undefined);
      assert.deepEqual(again.results?.map((r) => [r.migrationName, r.status]), [['0001_first', 'Success'], ['0002_fails_half_way', 'Success']]);
    } finally {
      await db.destroy();
    }
  });
});
