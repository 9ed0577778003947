import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from '../helpers/server.js';

describe('concurrent writes', () => {
  it('50 parallel creates of contacts with one email: exactly one record, 49 conflicts naming it', async () => {
    const t = await startTestServer();
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.request({ path: '/v1/contacts', json: { fields: { $email: i % 2 ? 'Dup@Example.com' : 'dup@example.com', $title: `n${i}` } } }),
        ),
      );
      const created = results.filter((r) => r.status === 200);
      const conflicts = results.filter((r) => r.status === 409);
      assert.equal(created.length, 1);
      assert.equal(conflicts.length, 49);
      for (const c of conflicts) {
        assert.deepEqual([c.body.error.type, c.body.error.code, c.body.error.param], ['conflict', 'unique_violation', 'fields.$email']);
        assert.ok(c.body.error.message.includes(created[0]!.body.id), 'the message names the existing record');
      }
      const list = await t.request({ path: '/v1/contacts' });
      assert.equal(list.body.totalCount, 1);
    } finally {
      await t.stop();
    }
  });

  it('50 parallel adds to one HAS_MANY lose none, seen from both sides', async () => {
    const t = await startTestServer();
    try {
      const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Busy' } } });
      const contacts = await Promise.all(
        Array.from({ length: 50 }, (_, i) => t.request({ path: '/v1/contacts', json: { fields: { $title: `c${i}` } } })),
      );
      const ids = contacts.map((c) => c.body.id as string);
      const adds = await Promise.all(
        ids.map((id, i) =>
          i % 2
            ? t.request({ path: `/v1/accounts/${account.body.id}`, json: { relationships: { $contact: { add: id } } } })
            : t.request({ path: `/v1/contacts/${id}`, json: { relationships: { $account: { add: account.body.id } } } }),
        ),
      );
      for (const res of adds) assert.equal(res.status, 200, res.text);
      const after = await t.request({ path: `/v1/accounts/${account.body.id}` });
      assert.deepEqual(new Set(after.body.relationships.$contact.values), new Set(ids));
    } finally {
      await t.stop();
    }
  });

  it('holds a unique value across two server processes on one database', async () => {
    const first = await startTestServer();
    const second = await startTestServer({ database: first.database, key: first.key });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).request({ path: '/v1/contacts', json: { fields: { $email: 'one@example.com' } } })),
      );
      assert.equal(results.filter((r) => r.status === 200).length, 1);
      assert.equal(results.filter((r) => r.status === 409).length, 19);
    } finally {
      await second.server.close();
      await first.stop();
    }
  });
});
