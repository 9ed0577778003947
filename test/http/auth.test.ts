import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { revokeKey } from '../../src/domain/access/api-keys.js';
import { sql } from 'kysely';
import { hashApiKey } from '../../src/domain/access/api-key-secret.js';
import { SQLITE_FILE_NAME } from '../../src/storage/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

describe('authentication and scopes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ routes: [widgetRoutes().routes] });
  });
  after(() => t.stop());

  const unauthorized = { error: { type: 'unauthorized', message: 'Invalid API key.' } };

  it('accepts the first-start key and describes it', async () => {
    const res = await t.request({ path: '/v1/auth/validate' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { active: true, tokenType: 'api_key', subjectType: 'user', scopes: [] });
    assert.match(t.key, /^sk_lf_[0-9A-Za-z]{32,}$/);
  });

  for (const [name, headers] of [
    ['missing', {}],
    ['not a bearer token', { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` }],
    ['malformed', { authorization: 'Bearer sk_lf_short' }],
    ['unknown', { authorization: `Bearer sk_lf_${'A'.repeat(40)}` }],
  ] as const) {
    it(`refuses a ${name} key with 401`, async () => {
      const res = await t.request({ path: '/v1/auth/validate', key: null, headers });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, unauthorized);
    });
  }

  it('refuses a key whose secret is wrong but whose lookup prefix exists', async () => {
    const forged = t.key.slice(0, -4) + (t.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await t.request({ path: '/v1/auth/validate', key: forged });
    assert.equal(res.status, 401);
  });

  it('checks auth before the version header', async () => {
    const res = await t.request({ path: '/v1/auth/validate', key: null, version: null });
    assert.equal(res.status, 401);
  });

  it('refuses a revoked key at once, while the server runs', async () => {
    const { id, key: plaintext } = await t.createKey([]);
    assert.equal((await t.request({ path: '/v1/auth/validate', key: plaintext })).status, 200);
    await revokeKey(t.server.storage.db, id, new Date());
    const res = await t.request({ path: '/v1/auth/validate', key: plaintext });
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, unauthorized);
  });

  it('lists a scoped key\'s scopes and refuses an operation outside them with 403', async () => {
    const { key: plaintext } = await t.createKey(['accounts:read', 'members:read']);
    const validate = await t.request({ path: '/v1/auth/validate', key: plaintext });
    assert.equal(validate.status, 200);
    assert.deepEqual(validate.body.scopes, ['accounts:read', 'members:read']);

    const read = await t.request({ path: '/v1/widgets', key: plaintext });
    assert.equal(read.status, 200);
    const write = await t.request({ path: '/v1/widgets', key: plaintext, json: { name: 'w' } });
    assert.equal(write.status, 403);
    assert.deepEqual(write.body, { error: { type: 'forbidden', message: "Token does not have the 'accounts:create' scope." } });
  });

  it('lets a full-access key call every scope', async () => {
    assert.equal((await t.request({ path: '/v1/widgets', json: { name: 'w' } })).status, 200);
  });

  it('stores no plaintext key: the database holds only hashes', async () => {
    const { db } = t.server.storage;
    const stored = await db.selectFrom('api_keys').select('secret_hash').where('name', '=', 'Admin key').executeTakeFirstOrThrow();
    assert.equal(stored.secret_hash, hashApiKey(t.key));
    const secretPart = t.key.slice('sk_lf_'.length);
    if (t.database.engine === 'sqlite') {
      // Checkpoint so the WAL's content is in the main file too, then read both as bytes.
      await sql`PRAGMA wal_checkpoint(FULL)`.execute(db);
      const files = fs.readdirSync(t.database.dataDir).filter((f) => f.startsWith(SQLITE_FILE_NAME));
      assert.ok(files.includes(SQLITE_FILE_NAME));
      for (const file of files) {
        const bytes = fs.readFileSync(path.join(t.database.dataDir, file));
        assert.equal(bytes.includes(t.key), false, `${file} contains the key`);
        assert.equal(bytes.includes(secretPart), false, `${file} contains the key's secret`);
      }
      return;
    }
    // PostgreSQL: every row of every table, as text.
    const tables = await db.introspection.getTables();
    assert.ok(tables.some((table) => table.name === 'api_keys'));
    for (const table of tables) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table.name)} t`.execute(db);
      for (const { row } of rows.rows) assert.equal(row.includes(secretPart), false, `${table.name} contains the key's secret`);
    }
  });
});
