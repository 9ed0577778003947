import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectType, ObjectTypeEntry, ObjectTypeRegistry } from '../../src/domain/object-types/object-type.js';
import { BUILTIN_OBJECT_TYPES } from '../../src/domain/object-types/registry.js';
import type { AfterWriteEffect, RecordChange } from '../../src/domain/records/effects/effect.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from '../web/browser.js';

/** What the test type's own effect saw of each write. */
const seen: Array<Pick<RecordChange, 'origin'> & { id: string; changed: string[]; added: number }> = [];
const recordingEffect: AfterWriteEffect = {
  name: 'recording',
  async apply(_trx, change) {
    seen.push({ id: change.row.id, origin: change.origin, changed: change.changedFields.map((d) => d.key), added: change.added.length });
  },
};

/** A type that exists only in this test: everything fieldhouse serves of it comes from this entry. */
const gadget: ObjectTypeEntry = {
  plural: 'gadgets',
  idPrefix: 'rec',
  label: 'Gadget',
  readScope: 'lists:read',
  store: 'records',
  recordRoutes: { create: 'lists:create', update: 'lists:update' },
  customizable: false,
  definitions: {
    fields: [
      { key: '$name', label: 'Name', valueType: 'TEXT', required: true },
      { key: '$size', label: 'Size', valueType: 'NUMBER' },
    ],
    relationships: [{ key: '$account', label: 'Account', cardinality: 'HAS_ONE', targetType: 'account', linkType: 'gadget.account', side: 'source' }],
  },
  effects: [recordingEffect],
};

const registry: ObjectTypeRegistry = { ...BUILTIN_OBJECT_TYPES, gadget };

// The registry is typed over every built-in type: one that lacks an entry does not compile.
const { member: _member, ...withoutMember } = BUILTIN_OBJECT_TYPES;
// @ts-expect-error 'member' is missing
const incomplete: Record<ObjectType, ObjectTypeEntry> = withoutMember;
void incomplete;

describe('the object type registry', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ objectTypes: registry });
  });
  after(() => t.stop());

  it('gives a type create, retrieve, update, list and definitions routes from its entry alone', async () => {
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Gadget buyer' } } });
    const created = await t.request({ path: '/v1/gadgets', json: { fields: { $name: 'Sprocket', $size: 3 }, relationships: { $account: account.body.id } } });
    assert.equal(created.status, 200, created.text);
    assert.match(created.body.id, /^rec_[0-9A-Z]{26}$/);
    assert.equal(created.body.httpLink, `${t.url.replace('127.0.0.1', 'localhost')}/crm/gadgets/${created.body.id}`);
    assert.deepEqual(created.body.fields, { $name: { valueType: 'TEXT', value: 'Sprocket' }, $size: { valueType: 'NUMBER', value: 3 } });
    assert.deepEqual(created.body.relationships.$account, { cardinality: 'has_one', objectType: 'account', values: [account.body.id] });

    const retrieved = await t.request({ path: `/v1/gadgets/${created.body.id}` });
    assert.deepEqual([retrieved.status, retrieved.body], [200, created.body]);

    const updated = await t.request({ path: `/v1/gadgets/${created.body.id}`, json: { fields: { $size: 4 } } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.fields.$size.value, 4);

    await t.request({ path: '/v1/gadgets', json: { fields: { $name: 'Widget', $size: 1 } } });
    const list = await t.request({ path: '/v1/gadgets?$size[greaterThan]=2&sort=-$size' });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual([list.body.totalCount, list.body.data.map((g: { id: string }) => g.id)], [1, [created.body.id]]);

    const web = await page(t, `/crm/gadgets/${created.body.id}`, { cookie: await signIn(t, t.key) });
    assert.equal(web.status, 200, 'the httpLink opens a page');
    assert.match(web.text, /Sprocket/);

    const definitions = await t.request({ path: '/v1/gadgets/definitions' });
    assert.equal(definitions.status, 200, definitions.text);
    assert.equal(definitions.body.objectType, 'gadget');
    assert.deepEqual(Object.keys(definitions.body.fieldDefinitions), ['$name', '$size']);
    assert.equal(definitions.body.relationshipDefinitions.$account.objectType, 'account');
  });

  it('validates writes and honours idempotency keys as every type does', async () => {
    const missing = await t.request({ path: '/v1/gadgets', json: { fields: { $size: 2 } } });
    assert.deepEqual([missing.status, missing.body.error.code, missing.body.error.param], [400, 'parameter_missing', 'fields.$name']);
    const call = { path: '/v1/gadgets', json: { fields: { $name: 'Once' } }, headers: { 'idempotency-key': 'gadget-once' } };
    const first = await t.request(call);
    const replay = await t.request(call);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.id, first.body.id);
  });

  it("runs the type's effects after each write, in the write's transaction, with what changed", async () => {
    seen.length = 0;
    const created = await t.request({ path: '/v1/gadgets', json: { fields: { $name: 'Cog', $size: 7 } } });
    await t.request({ path: `/v1/gadgets/${created.body.id}`, json: { fields: { $size: 8 } } });
    await t.request({ path: `/v1/gadgets/${created.body.id}`, json: { fields: { $size: 8 } } });
    assert.deepEqual(seen, [
      { id: created.body.id, origin: 'create', changed: ['$name', '$size'], added: 0 },
      { id: created.body.id, origin: 'update', changed: ['$size'], added: 0 },
      // The third write changed nothing: no write, no effect.
    ]);
  });

  it('asks for the scopes its entry names, for each operation', async () => {
    const reader = await t.createKey(['lists:read']);
    const writer = await t.createKey(['lists:create']);
    const other = await t.createKey(['accounts:read', 'accounts:create', 'accounts:update']);
    const gadgetOf = await t.request({ path: '/v1/gadgets', json: { fields: { $name: 'Scoped' } } });
    const id = gadgetOf.body.id;
    const calls = [
      { name: 'create', path: '/v1/gadgets', json: { fields: { $name: 'New' } } },
      { name: 'update', path: `/v1/gadgets/${id}`, json: { fields: { $size: 1 } } },
      { name: 'retrieve', path: `/v1/gadgets/${id}` },
      { name: 'list', path: '/v1/gadgets' },
      { name: 'definitions', path: '/v1/gadgets/definitions' },
    ];
    const statuses = async (key: string) =>
      Object.fromEntries(await Promise.all(calls.map(async ({ name, ...call }) => [name, (await t.request({ ...call, key })).status])));
    assert.deepEqual(await statuses(reader.key), { create: 403, update: 403, retrieve: 200, list: 200, definitions: 200 });
    assert.deepEqual(await statuses(writer.key), { create: 200, update: 403, retrieve: 403, list: 403, definitions: 403 });
    assert.deepEqual(await statuses(other.key), { create: 403, update: 403, retrieve: 403, list: 403, definitions: 403 });
    const refused = await t.request({ path: '/v1/gadgets', key: reader.key, json: { fields: { $name: 'No' } } });
    assert.equal(refused.body.error.type, 'forbidden', refused.text);
  });

  it("refuses to serve a database where a custom object has a built-in type's name, rather than merge their records", async () => {
    const earlier = await startTestServer();
    try {
      // Its plural collides with nothing stored: that server starts, and serves both.
      const plural = await earlier.request({ path: '/v1/objects', json: { slug: 'gadgets', label: 'Gadgets' } });
      assert.equal(plural.status, 200, plural.text);
      await earlier.server.close();
      const both = await startTestServer({ database: earlier.database, key: earlier.key, objectTypes: registry });
      await both.server.close();
      const reopened = await startTestServer({ database: earlier.database, key: earlier.key });
      const custom = await reopened.request({ path: '/v1/objects', json: { slug: 'gadget', label: 'Gadget' } });
      assert.equal(custom.status, 200, custom.text);
      await reopened.server.close();
      await assert.rejects(
        startTestServer({ database: earlier.database, key: earlier.key, objectTypes: registry }),
        /Custom object 'gadget' of organization org_\w+ has the name of the built-in type 'gadget'/,
      );
    } finally {
      await earlier.stop();
    }
  });

  it('keeps the names of the public collections still to be built in from custom objects', async () => {
    for (const slug of ['lists', 'file', 'emails', 'channels', 'message', 'merges', 'meetings']) {
      const res = await t.request({ path: '/v1/objects', json: { slug, label: slug } });
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [422, 'invalid_value', 'slug'], `${slug}: ${res.text}`);
    }
  });

  it('serves nothing of the type where the registry does not have it', async () => {
    const plain = await startTestServer();
    try {
      const res = await plain.request({ path: '/v1/gadgets', json: { fields: { $name: 'Sprocket' } } });
      assert.equal(res.status, 404);
    } finally {
      await plain.stop();
    }
  });
});
