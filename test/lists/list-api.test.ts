import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('list.* operations: create, retrieve, update, list, member pages', () => {
  let t: TestServer;
  const clock = manualClock();
  const accounts: string[] = [];
  const contacts: string[] = [];
  const opportunities: string[] = [];
  const counts = async () => ({
    lists: (await t.server.storage.db.selectFrom('records').select('id').where('object_type', '=', 'list').execute()).length,
    members: (await t.server.storage.db.selectFrom('list_members').select('record_id').execute()).length,
  });
  const create = async (json: unknown, key?: string) => t.request({ path: '/v1/lists', json, ...(key ? { key } : {}) });
  const update = async (id: string, json: unknown, key?: string) => t.request({ path: `/v1/lists/${id}`, json, ...(key ? { key } : {}) });
  const members = async (id: string, plural: string, query = '') => t.request({ path: `/v1/lists/${id}/${plural}${query}` });
  const ids = (page: { body: { data: Array<{ id: string }> } }) => page.body.data.map((r) => r.id);

  before(async () => {
    t = await startTestServer({ clock });
    for (const name of ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli']) {
      clock.advance(1000);
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: name } } });
      assert.equal(res.status, 200, res.text);
      accounts.push(res.body.id);
    }
    const contact = await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@acme.test' } } });
    assert.equal(contact.status, 200, contact.text);
    contacts.push(contact.body.id);
    const opportunity = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'Deal', $stage: 'Demo' }, relationships: { $account: accounts[0] } } });
    assert.equal(opportunity.status, 200, opportunity.text);
    opportunities.push(opportunity.body.id);
  });
  after(() => t.stop());

  it('creates a list: exactly {id, createdAt, httpLink, fields}, $objectType canonical, bare slugs accepted', async () => {
    clock.advance(1000);
    const res = await create({ fields: { $name: 'Key accounts', $objectType: '$account' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['createdAt', 'fields', 'httpLink', 'id']);
    assert.match(res.body.id, /^lst_[0-9A-Za-z]{26}$/);
    assert.equal(res.body.createdAt, clock.now().toISOString());
    const publicUrl = new URL((await t.request({ path: `/v1/accounts/${accounts[0]}` })).body.httpLink).origin;
    assert.equal(res.body.httpLink, `${publicUrl}/crm/lists/${res.body.id}`);
    assert.deepEqual(res.body.fields, { $name: { valueType: 'TEXT', value: 'Key accounts' }, $objectType: { valueType: 'TEXT', value: '$account' } });
    assert.deepEqual((await t.request({ path: `/v1/lists/${res.body.id}` })).body, res.body, 'retrieve reads what create answered');

    for (const [given, stored] of [['contact', '$contact'], ['opportunity', '$opportunity'], ['$opportunity', '$opportunity']]) {
      const bare = await create({ fields: { $name: `A ${given} list`, $objectType: given } });
      assert.equal(bare.status, 200, bare.text);
      assert.equal(bare.body.fields.$objectType.value, stored);
    }
    const empty = await members(res.body.id, 'accounts');
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.body, { object: 'list', data: [], totalCount: 0 });
  });

  it('refuses a bad create with the right status, code and param, and stores nothing', async () => {
    const before = await counts();
    const name = { $name: 'Bad', $objectType: '$account' };
    const refusals: Array<[unknown, number, string, string]> = [
      [{ fields: { $objectType: '$account' } }, 400, 'parameter_missing', 'fields.$name'],
      [{ fields: { $name: 'No type' } }, 400, 'parameter_missing', 'fields.$objectType'],
      [{ fields: { $name: 'Task list', $objectType: '$task' } }, 422, 'invalid_value', 'fields.$objectType'],
      [{ fields: { $name: 'Typo', $objectType: 'accounts' } }, 422, 'invalid_value', 'fields.$objectType'],
      [{ fields: { $name: 5, $objectType: '$account' } }, 400, 'invalid_type', 'fields.$name'],
      [{ fields: { ...name, $color: 'red' } }, 400, 'unknown_field', 'fields.$color'],
      [{ fields: name, bogus: 1 }, 400, 'unknown_field', 'bogus'],
      [{ fields: name, relationships: { $contacts: contacts } }, 400, 'invalid_configuration', 'relationships.$contacts'],
      [{ fields: { ...name, $objectType: 'contact' }, relationships: { $accounts: accounts[0] } }, 400, 'invalid_configuration', 'relationships.$accounts'],
      [{ fields: name, relationships: { $accounts: [accounts[0], 'acc_00000000000000000000000000'] } }, 400, 'relationship_entity_missing', 'relationships.$accounts'],
      [{ fields: name, relationships: { $accounts: contacts[0] } }, 400, 'relationship_entity_missing', 'relationships.$accounts'],
      [{ fields: name, relationships: { $accounts: 7 } }, 400, 'invalid_type', 'relationships.$accounts'],
      [{ fields: name, relationships: { $members: accounts[0] } }, 400, 'unknown_relationship', 'relationships.$members'],
      [{ fields: name, relationships: { $accounts: Array.from({ length: 26 }, (_, i) => `acc_${String(i).padStart(26, '0')}`) } }, 400, 'relationship_entity_missing', 'relationships.$accounts'],
    ];
    for (const [body, status, code, param] of refusals) {
      const res = await create(body);
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], `${JSON.stringify(body)}: ${res.text}`);
    }
    assert.deepEqual(await counts(), before, 'no refused create left a list or a membership');
  });

  it('seeds members on create and pages them newest first, with totalCount; adding one twice keeps one', async () => {
    clock.advance(1000);
    const res = await create({ fields: { $name: 'Seeded', $objectType: '$account' }, relationships: { $accounts: [accounts[0], accounts[1], accounts[0]] } });
    assert.equal(res.status, 200, res.text);
    const listId = res.body.id;
    for (const id of [accounts[2], accounts[3]]) {
      clock.advance(1000);
      const added = await update(listId, { relationships: { $accounts: { add: id } } });
      assert.equal(added.status, 200, added.text);
      assert.deepEqual(Object.keys(added.body).sort(), ['createdAt', 'fields', 'httpLink', 'id']);
    }
    // Seeded together: the same moment, so the later id comes first, as records with one createdAt do.
    const expected = [accounts[3], accounts[2], accounts[1], accounts[0]];
    const page = await members(listId, 'accounts');
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(ids(page), expected);
    assert.equal(page.body.totalCount, 4);
    assert.deepEqual(page.body.data[0], (await t.request({ path: `/v1/accounts/${accounts[3]}` })).body, 'members read as the records themselves');

    clock.advance(1000);
    const again = await update(listId, { relationships: { $accounts: { add: [accounts[0], accounts[3]] } } });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(ids(await members(listId, 'accounts')), expected, 'adding a member again keeps its one membership, and its place');

    assert.deepEqual(ids(await members(listId, 'accounts', '?limit=2&offset=1')), expected.slice(1, 3));
    assert.equal((await members(listId, 'accounts', '?limit=2&offset=1')).body.totalCount, 4);
    assert.deepEqual((await members(listId, 'contacts')).body, { object: 'list', data: [], totalCount: 0 }, 'a list of accounts has no contacts');
    assert.deepEqual((await members(listId, 'opportunities')).body, { object: 'list', data: [], totalCount: 0 });
  });

  it('updates: renames, removes then adds, refuses what lists do not take, 404 for an unknown list', async () => {
    const res = await create({ fields: { $name: 'Renamed later', $objectType: 'account' }, relationships: { $accounts: [accounts[0], accounts[1]] } });
    const listId = res.body.id;
    clock.advance(1000);
    const renamed = await update(listId, { fields: { $name: 'Renamed' }, relationships: { $accounts: { remove: [accounts[0], accounts[4]], add: accounts[2] } } });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.fields.$name.value, 'Renamed');
    assert.equal(renamed.body.createdAt, res.body.createdAt);
    assert.deepEqual(ids(await members(listId, 'accounts')), [accounts[2], accounts[1]], 'removing a non-member is no change');

    clock.advance(1000);
    const readded = await update(listId, { relationships: { $accounts: { remove: accounts[1], add: accounts[1] } } });
    assert.equal(readded.status, 200, readded.text);
    assert.deepEqual(ids(await members(listId, 'accounts')), [accounts[1], accounts[2]], 'removed then added: added again, now');

    const before = await counts();
    const refusals: Array<[unknown, number, string, string]> = [
      [{ fields: { $objectType: '$contact' } }, 422, 'read_only', 'fields.$objectType'],
      [{ fields: { $name: null } }, 422, 'invalid_value', 'fields.$name'],
      [{ fields: { $name: '' } }, 422, 'invalid_value', 'fields.$name'],
      [{ relationships: { $contacts: { add: contacts[0] } } }, 400, 'invalid_configuration', 'relationships.$contacts'],
      [{ relationships: { $accounts: { replace: [accounts[3]] } } }, 400, 'invalid_type', 'relationships.$accounts.replace'],
      [{ relationships: { $accounts: accounts[3] } }, 400, 'invalid_type', 'relationships.$accounts'],
      [{ relationships: { $accounts: { add: opportunities[0] } } }, 400, 'relationship_entity_missing', 'relationships.$accounts'],
      [{ relationships: { $accounts: { add: accounts, remove: Array.from({ length: 21 }, (_, i) => `acc_${String(i).padStart(26, '0')}`) } } }, 422, 'relationship_write_limit_exceeded', 'relationships.$accounts'],
      [{ fields: { $name: 'x' }, extra: true }, 400, 'unknown_field', 'extra'],
    ];
    for (const [body, status, code, param] of refusals) {
      const refused = await update(listId, body);
      assert.deepEqual([refused.status, refused.body.error?.code, refused.body.error?.param], [status, code, param], `${JSON.stringify(body)}: ${refused.text}`);
    }
    assert.deepEqual(await counts(), before, 'no refused update changed a membership');
    assert.equal((await t.request({ path: `/v1/lists/${listId}` })).body.fields.$name.value, 'Renamed', 'nor the name');

    const unknown = 'lst_00000000000000000000000000';
    for (const res of [await update(unknown, { fields: { $name: 'x' } }), await t.request({ path: `/v1/lists/${unknown}` }), await members(unknown, 'accounts')]) {
      assert.equal(res.status, 404, res.text);
      assert.equal(res.body.error.message, "No resource found in 'lists' with the given ID.");
    }
    assert.equal((await t.request({ path: `/v1/lists/${accounts[0]}` })).status, 404, 'an account id is not a list id');
  });

  it('member pages take the type’s filters and sort; a bad one is 400 even on a list of another type', async () => {
    const res = await create({ fields: { $name: 'Filtered', $objectType: '$account' }, relationships: { $accounts: accounts } });
    const listId = res.body.id;
    const named = await members(listId, 'accounts', `?${new URLSearchParams({ '$name[startsWith]': 'u' })}`);
    assert.equal(named.status, 200, named.text);
    assert.deepEqual(ids(named), [accounts[3]]);
    assert.equal(named.body.totalCount, 1);
    const sorted = await members(listId, 'accounts', `?${new URLSearchParams({ sort: '$name' })}`);
    assert.deepEqual(sorted.body.data.map((r: { fields: { $name: { value: string } } }) => r.fields.$name.value), ['Acme', 'Globex', 'Hooli', 'Initech', 'Umbrella']);
    const byCreation = await members(listId, 'accounts', '?sort=createdAt&limit=2');
    assert.deepEqual(ids(byCreation), accounts.slice(0, 2));

    for (const plural of ['accounts', 'contacts']) {
      const bad = await members(listId, plural, `?${new URLSearchParams({ '$name[greaterThan]': 'a' })}`);
      assert.deepEqual([bad.status, bad.body.error?.code, bad.body.error?.param], [400, 'invalid_filter', '$name[greaterThan]'], bad.text);
    }
    const badSort = await members(listId, 'accounts', '?sort=$website');
    assert.deepEqual([badSort.status, badSort.body.error?.param], [400, 'sort']);
    const badLimit = await members(listId, 'accounts', '?limit=26');
    assert.deepEqual([badLimit.status, badLimit.body.error?.code, badLimit.body.error?.param], [400, 'invalid_type', 'limit']);
  });

  it('lists lists newest first with totalCount and paging; takes no filters', async () => {
    const all = await t.request({ path: '/v1/lists?limit=25' });
    assert.equal(all.status, 200, all.text);
    const stored = await t.server.storage.db.selectFrom('records').select(['id', 'created_at']).where('object_type', '=', 'list').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    assert.equal(all.body.totalCount, stored.length);
    assert.deepEqual(ids(all), stored.map((r) => r.id));
    for (const list of all.body.data) assert.deepEqual(Object.keys(list).sort(), ['createdAt', 'fields', 'httpLink', 'id']);
    const second = await t.request({ path: '/v1/lists?limit=2&offset=2' });
    assert.deepEqual(ids(second), stored.slice(2, 4).map((r) => r.id));
    const filtered = await t.request({ path: '/v1/lists?$name=Seeded' });
    assert.deepEqual([filtered.status, filtered.body.error?.code, filtered.body.error?.param], [400, 'invalid_filter', '$name']);
  });

  it('scopes: lists:* for lists; member pages need lists:read and the member type’s read scope', async () => {
    const listId = (await create({ fields: { $name: 'Scoped', $objectType: '$account' }, relationships: { $accounts: accounts[0] } })).body.id;
    const reader = await t.createKey(['lists:read']);
    const creator = await t.createKey(['lists:create']);
    const both = await t.createKey(['lists:read', 'accounts:read']);
    const forbidden = (res: { status: number; body: any }, scope: string) => {
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error.message, `Token does not have the '${scope}' scope.`);
    };
    assert.equal((await t.request({ path: `/v1/lists/${listId}`, key: reader.key })).status, 200);
    assert.equal((await t.request({ path: '/v1/lists', key: reader.key })).status, 200);
    forbidden(await create({ fields: { $name: 'x', $objectType: '$account' } }, reader.key), 'lists:create');
    forbidden(await update(listId, { fields: { $name: 'x' } }, creator.key), 'lists:update');
    forbidden(await t.request({ path: `/v1/lists/${listId}`, key: creator.key }), 'lists:read');
    forbidden(await t.request({ path: `/v1/lists/${listId}/accounts`, key: reader.key }), 'accounts:read');
    forbidden(await t.request({ path: `/v1/lists/${listId}/contacts`, key: both.key }), 'contacts:read');
    const page = await t.request({ path: `/v1/lists/${listId}/accounts`, key: both.key });
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(ids(page), [accounts[0]]);
    assert.equal((await create({ fields: { $name: 'By creator', $objectType: '$contact' } }, creator.key)).status, 200);
  });

  it('replays an idempotent create and update, and keeps lists of other organizations out of sight', async () => {
    const headers = { 'idempotency-key': 'list-create-1' };
    const body = { fields: { $name: 'Once', $objectType: '$contact' }, relationships: { $contacts: contacts } };
    const first = await t.request({ path: '/v1/lists', json: body, headers });
    const second = await t.request({ path: '/v1/lists', json: body, headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const listId = first.body.id;
    const upd = { 'idempotency-key': 'list-update-1' };
    const renamed = await t.request({ path: `/v1/lists/${listId}`, json: { fields: { $name: 'Twice' } }, headers: upd });
    await update(listId, { fields: { $name: 'Third' } });
    const replayed = await t.request({ path: `/v1/lists/${listId}`, json: { fields: { $name: 'Twice' } }, headers: upd });
    assert.equal(replayed.text, renamed.text);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.equal((await t.request({ path: `/v1/lists/${listId}` })).body.fields.$name.value, 'Third', 'the replay ran nothing');

    const other = await t.addOrganization('Other');
    for (const path of [`/v1/lists/${listId}`, `/v1/lists/${listId}/contacts`]) assert.equal((await t.request({ path, key: other.key })).status, 404);
    assert.equal((await update(listId, { fields: { $name: 'Theirs' } }, other.key)).status, 404);
    assert.deepEqual((await t.request({ path: '/v1/lists', key: other.key })).body, { object: 'list', data: [], totalCount: 0 });
    const theirs = await create({ fields: { $name: 'Theirs', $objectType: '$contact' }, relationships: { $contacts: contacts[0] } }, other.key);
    assert.deepEqual([theirs.status, theirs.body.error?.code], [400, 'relationship_entity_missing'], 'another organization’s contact cannot be added');
  });
});
