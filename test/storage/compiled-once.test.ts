import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { compiledOnce } from '../../src/storage/compiled-once.js';
import type { Storage } from '../../src/storage/database.js';
import { writeTransaction } from '../../src/storage/transactions.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/test-database.js';

const named = compiledOnce((db, id: string, name: string) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).where('name', '=', name).where('created_at', '>', '2000-01-01T00:00:00.000Z'),
);
const oneOf = compiledOnce((db, a: string, b: string) => db.selectFrom('organizations').select('id').where('id', 'in', [a, b]).orderBy('id'));

describe(`compiledOnce: a query compiled once answers each run's own arguments (${TEST_ENGINE})`, () => {
  let database: TestDatabase;
  let storage: Storage;
  before(async () => {
    database = await createTestDatabase();
    storage = await database.open();
    const at = '2026-01-01T00:00:00.000Z';
    await storage.db.insertInto('organizations').values([
      { id: 'org_a', name: 'Acme', created_at: at },
      { id: 'org_b', name: 'Globex', created_at: at },
    ]).execute();
  });
  after(async () => {
    await storage.close();
    await database.drop();
  });

  it('binds the arguments of every run, constants kept, on the database and in a transaction', async () => {
    assert.deepEqual(await named(storage.db, 'org_a', 'Acme'), [{ id: 'org_a', name: 'Acme' }]);
    assert.deepEqual(await named(storage.db, 'org_b', 'Globex'), [{ id: 'org_b', name: 'Globex' }]);
    assert.deepEqual(await named(storage.db, 'org_b', 'Acme'), []);
    const inside = await writeTransaction(storage.db, 'org_a', async (trx) => {
      await trx.insertInto('organizations').values({ id: 'org_c', name: 'Initech', created_at: '2026-01-02T00:00:00.000Z' }).execute();
      // The new row is visible only inside the transaction: the compiled query ran on its connection.
      return named(trx, 'org_c', 'Initech');
    });
    assert.deepEqual(inside, [{ id: 'org_c', name: 'Initech' }]);
    assert.deepEqual(await oneOf(storage.db, 'org_c', 'org_a'), [{ id: 'org_a' }, { id: 'org_c' }]);
  });

  it('refuses a build whose argument does not reach the query as a parameter', async () => {
    const raw = compiledOnce((db, id: string) => db.selectFrom('organizations').select('id').where(sql.raw<boolean>(`id = '${id.length}'`)));
    await assert.rejects(() => raw(storage.db, 'org_a'), /argument 0 does not reach the query/);
  });
});
