import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('delete and restore: the trash', () => {
  let t: TestServer;
  const clock = manualClock();
  const post = (path: string, json: unknown, key?: string) => t.request({ path, json, ...(key ? { key } : {}) });
  const del = (path: string, options: { json?: unknown; rawBody?: string; headers?: Record<string, string>; key?: string } = {}) =>
    t.request({ method: 'DELETE', path, ...options });
  const restore = (path: string, key?: string) => t.request({ method: 'POST', path: `${path}/restore`, ...(key ? { key } : {}) });
  const create = async (plural: string, json: unknown) => {
    clock.advance(1000);
    const res = await post(`/v1/${plural}`, json);
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; createdAt: string; updatedAt: string; fields: Record<string, { value: unknown }>; relationships: Record<string, { values: string[] }> };
  };
  const get = (path: string) => t.request({ path });

  let memberId: string;
  before(async () => {
    t = await startTestServer({ clock });
    memberId = (await get('/v1/members')).body.data[0].id;
  });
  after(() => t.stop());

  it('DELETE with no body, with {} and again answers the record as retrieve would; it then reads as 404 everywhere', async () => {
    const account = await create('accounts', { fields: { $name: 'Acme' } });
    const contact = await create('contacts', { fields: { $email: 'ada@acme.test' }, relationships: { $account: account.id } });
    const shown = (await get(`/v1/contacts/${contact.id}`)).body;

    clock.advance(1000);
    const first = await del(`/v1/contacts/${contact.id}`);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual({ ...first.body, updatedAt: shown.updatedAt }, shown, 'the whole record, as it was');
    assert.equal(first.body.updatedAt, clock.now().toISOString(), 'a delete is an update of the record');
    const again = await del(`/v1/contacts/${contact.id}`, { json: {} });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body, first.body, 'deleting what is in the trash answers it again');

    assert.equal((await get(`/v1/contacts/${contact.id}`)).status, 404);
    assert.equal((await post(`/v1/contacts/${contact.id}`, { fields: { $email: 'x@acme.test' } })).status, 404);
    const list = await get('/v1/contacts');
    assert.deepEqual([list.body.data.length, list.body.totalCount], [0, 0], 'left out of lists and counts');
    const filtered = await get('/v1/contacts?$email[contains]=ada');
    assert.equal(filtered.body.totalCount, 0, filtered.text);
    assert.deepEqual((await get(`/v1/accounts/${account.id}`)).body.relationships.$contact.values, [], "gone from the account's relationships");
    const naming = await post('/v1/opportunities', { fields: { $name: 'Deal', $stage: 'Demo' }, relationships: { $account: account.id, $champion: contact.id } });
    assert.equal(naming.status, 400, naming.text);
    assert.deepEqual([naming.body.error.code, naming.body.error.param], ['relationship_entity_missing', 'relationships.$champion']);

    const taker = await post('/v1/contacts', { fields: { $email: 'ADA@acme.test' } });
    assert.equal(taker.status, 200, `a deleted contact's email is free: ${taker.text}`);
  });

  it('refuses a body with anything in it, and an unknown id, and needs the delete scope', async () => {
    const account = await create('accounts', { fields: { $name: 'Keep' } });
    const withKey = await del(`/v1/accounts/${account.id}`, { json: { force: true } });
    assert.equal(withKey.status, 400, withKey.text);
    assert.deepEqual([withKey.body.error.code, withKey.body.error.param], ['unknown_field', 'force']);
    for (const json of [[1], null, 'x']) {
      const notObject = await del(`/v1/accounts/${account.id}`, { json });
      assert.deepEqual([notObject.status, notObject.body.error.param], [400, 'body'], JSON.stringify(json));
    }
    const emptyJson = await del(`/v1/accounts/${account.id}`, { rawBody: '', headers: { 'content-type': 'application/json' }, key: (await t.createKey(['accounts:read'])).key });
    assert.equal(emptyJson.status, 403, 'an empty JSON body parses; the key lacks the scope');
    assert.match(emptyJson.body.error.message, /accounts:delete/);
    assert.equal((await get(`/v1/accounts/${account.id}`)).status, 200, 'nothing was deleted');
    const missing = await del('/v1/accounts/acc_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    assert.deepEqual([missing.status, missing.body.error.type], [404, 'not_found']);
    const scoped = await t.createKey(['accounts:delete']);
    const ok = await del(`/v1/accounts/${account.id}`, { rawBody: '', headers: { 'content-type': 'application/json' }, key: scoped.key });
    assert.equal(ok.status, 200, ok.text);
  });

  it('restore brings a record back with its links and lists; 409 when its unique value was taken, changing nothing', async () => {
    const account = await create('accounts', { fields: { $name: 'Globex' } });
    const contact = await create('contacts', { fields: { $email: ['grace@globex.test', 'g@globex.test'] }, relationships: { $account: account.id } });
    const opportunity = await create('opportunities', { fields: { $name: 'Big', $stage: 'Demo' }, relationships: { $account: account.id, $champion: contact.id } });
    const list = await create('lists', { fields: { $name: 'VIPs', $objectType: '$contact' }, relationships: { $contacts: [contact.id] } });
    const before = (await get(`/v1/contacts/${contact.id}`)).body;

    clock.advance(1000);
    assert.equal((await del(`/v1/contacts/${contact.id}`)).status, 200);
    assert.equal((await get(`/v1/lists/${list.id}/contacts`)).body.totalCount, 0, 'a deleted record leaves its lists');
    assert.equal((await get(`/v1/opportunities/${opportunity.id}`)).body.relationships.$champion.values.length, 0);

    const taker = await create('contacts', { fields: { $email: 'g@globex.test' } });
    const refused = await restore(`/v1/contacts/${contact.id}`);
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual([refused.body.error.code, refused.body.error.param], ['unique_violation', 'fields.$email']);
    assert.equal((await get(`/v1/contacts/${contact.id}`)).status, 404, 'still in the trash');
    assert.equal((await get(`/v1/accounts/${account.id}`)).body.relationships.$contact.values.length, 0, 'no link came back');

    assert.equal((await del(`/v1/contacts/${taker.id}`)).status, 200);
    clock.advance(1000);
    const back = await restore(`/v1/contacts/${contact.id}`);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual({ ...back.body, updatedAt: before.updatedAt }, before, 'as it was, links included');
    assert.equal(back.body.updatedAt, clock.now().toISOString(), 'a restore is an update of the record');
    assert.deepEqual((await get(`/v1/accounts/${account.id}`)).body.relationships.$contact.values, [contact.id]);
    assert.deepEqual((await get(`/v1/opportunities/${opportunity.id}`)).body.relationships.$champion.values, [contact.id]);
    assert.deepEqual((await get(`/v1/lists/${list.id}/contacts`)).body.data.map((c: { id: string }) => c.id), [contact.id], 'back on its list');
    assert.equal((await restore(`/v1/contacts/${contact.id}`)).status, 200, 'restoring a live record answers it');
    assert.equal((await restore('/v1/contacts/con_01ARZ3NDEKTSV4RRFFQ69G5FAV')).status, 404);
  });

  it('two linked records deleted and restored, in either order, get their link and list back', async () => {
    for (const order of ['contact first', 'account first'] as const) {
      const account = await create('accounts', { fields: { $name: `Pair ${order}` } });
      const contact = await create('contacts', { fields: {}, relationships: { $account: account.id } });
      const list = await create('lists', { fields: { $name: `On it ${order}`, $objectType: '$contact' }, relationships: { $contacts: [contact.id] } });
      for (const path of [`/v1/contacts/${contact.id}`, `/v1/accounts/${account.id}`, `/v1/lists/${list.id}`]) assert.equal((await del(path)).status, 200, path);
      const restores = order === 'contact first' ? [`/v1/contacts/${contact.id}`, `/v1/lists/${list.id}`, `/v1/accounts/${account.id}`] : [`/v1/accounts/${account.id}`, `/v1/lists/${list.id}`, `/v1/contacts/${contact.id}`];
      for (const path of restores) assert.equal((await restore(path)).status, 200, path);
      assert.deepEqual((await get(`/v1/contacts/${contact.id}`)).body.relationships.$account.values, [account.id], order);
      assert.deepEqual((await get(`/v1/accounts/${account.id}`)).body.relationships.$contact.values, [contact.id], order);
      assert.deepEqual((await get(`/v1/lists/${list.id}/contacts`)).body.data.map((c: { id: string }) => c.id), [contact.id], `${order}: back on its list`);
    }
  });

  it('a restored record does not take a HAS_ONE end that was filled while it was away', async () => {
    const first = await create('accounts', { fields: { $name: 'First' } });
    const second = await create('accounts', { fields: { $name: 'Second' } });
    const task = await create('tasks', { fields: { $title: 'Call', $status: 'TODO' }, relationships: { $account: first.id, $assignedTo: memberId } });
    assert.equal((await del(`/v1/accounts/${first.id}`)).status, 200);
    assert.deepEqual((await get(`/v1/tasks/${task.id}`)).body.relationships.$account.values, []);
    assert.equal((await post(`/v1/tasks/${task.id}`, { relationships: { $account: { replace: second.id } } })).status, 200);
    assert.equal((await restore(`/v1/accounts/${first.id}`)).status, 200);
    assert.deepEqual((await get(`/v1/tasks/${task.id}`)).body.relationships.$account.values, [second.id], 'the task keeps the one account it has');

    // The same while both are in the trash: the restored account hands its link to the task's trash row.
    const third = await create('accounts', { fields: { $name: 'Third' } });
    const other = await create('tasks', { fields: { $title: 'Write', $status: 'TODO' }, relationships: { $account: first.id, $assignedTo: memberId } });
    assert.equal((await del(`/v1/accounts/${first.id}`)).status, 200);
    assert.equal((await post(`/v1/tasks/${other.id}`, { relationships: { $account: { replace: third.id } } })).status, 200);
    assert.equal((await del(`/v1/tasks/${other.id}`)).status, 200);
    assert.equal((await restore(`/v1/accounts/${first.id}`)).status, 200);
    const back = await restore(`/v1/tasks/${other.id}`);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.body.relationships.$account.values, [third.id], 'one account, its own');
  });

  it('derived fields follow: an account stops being a customer when its won deal is deleted, and is one again on restore', async () => {
    const account = await create('accounts', { fields: { $name: 'Initech' } });
    const won = await create('opportunities', { fields: { $name: 'Won', $stage: 'Closed Won' }, relationships: { $account: account.id } });
    const status = async () => (await get(`/v1/accounts/${account.id}`)).body.fields.$accountStatus.value;
    const labelOf = async (id: unknown) =>
      (await get('/v1/accounts/definitions')).body.fieldDefinitions.$accountStatus.typeConfiguration.options.find((o: { id: string }) => o.id === id)?.label;
    assert.equal(await labelOf(await status()), 'Customer');
    assert.equal((await del(`/v1/opportunities/${won.id}`)).status, 200);
    assert.equal(await labelOf(await status()), 'Prospect');
    const note = await create('notes', { fields: { $title: 'Met' }, relationships: { $account: [account.id] } });
    const account1 = (await get(`/v1/accounts/${account.id}`)).body;
    assert.equal(account1.fields.$lastInteractionAt.value, note.createdAt);
    assert.equal((await del(`/v1/notes/${note.id}`)).status, 200);
    assert.equal((await get(`/v1/accounts/${account.id}`)).body.fields.$lastInteractionAt.value, null, 'a deleted note is no interaction');
    assert.equal((await restore(`/v1/opportunities/${won.id}`)).status, 200);
    assert.equal(await labelOf(await status()), 'Customer');
  });

  it('deletes tasks, notes, meetings, lists and custom-object records with the shapes of their retrieves', async () => {
    const task = await create('tasks', { fields: { $title: 'Do', $status: 'TODO' }, relationships: { $assignedTo: memberId } });
    const note = await create('notes', { fields: { $title: 'N' } });
    const meeting = await create('meetings', { fields: { $title: 'Sync', $startDate: new Date(clock.now().getTime() - 3_600_000).toISOString(), $endDate: new Date(clock.now().getTime() - 1_800_000).toISOString() } });
    const list = await create('lists', { fields: { $name: 'L', $objectType: '$account' } });
    assert.equal((await post('/v1/objects', { slug: 'projects', label: 'Project' })).status, 200);
    const project = await create('objects/projects/values', { fields: { $name: 'Apollo' } });
    for (const path of [`/v1/tasks/${task.id}`, `/v1/notes/${note.id}`, `/v1/meetings/${meeting.id}`, `/v1/lists/${list.id}`, `/v1/objects/projects/values/${project.id}`]) {
      const shown = (await get(path)).body;
      const res = await del(path);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.equal(res.body.id, shown.id);
      assert.deepEqual(Object.keys(res.body).sort(), Object.keys(shown).sort(), `${path} answers the shape of its retrieve`);
      assert.equal((await get(path)).status, 404, path);
      assert.equal((await restore(path)).status, 200, path);
      assert.equal((await get(path)).status, 200, path);
    }
    const objectsKey = await t.createKey(['objects:read']);
    const denied = await del(`/v1/objects/projects/values/${project.id}`, { key: objectsKey.key });
    assert.equal(denied.status, 403);
    assert.match(denied.body.error.message, /objects:delete/);
    const publicName = await t.createKey(['custom_objects:delete']);
    const allowed = await del(`/v1/objects/projects/values/${project.id}`, { key: publicName.key });
    assert.equal(allowed.status, 200, `the public API's custom_objects:* scopes are objects:*: ${allowed.text}`);
  });

  it(`purges the trash after FIELDHOUSE_TRASH_DAYS`, async () => {
    const account = await create('accounts', { fields: { $name: 'Short-lived' } });
    assert.equal((await del(`/v1/accounts/${account.id}`)).status, 200);
    const trashed = async () => (await t.server.storage.db.selectFrom('trashed_records').select('id').where('id', '=', account.id).execute()).length;
    assert.equal(await trashed(), 1);
    const restarted = await startTestServer({ clock, database: t.database, key: t.key, env: { FIELDHOUSE_TRASH_DAYS: '2' } });
    try {
      assert.equal(await trashed(), 1, 'not yet two days');
      await restarted.stop();
      clock.advance(2 * DAY_MS + 1000);
      const later = await startTestServer({ clock, database: t.database, key: t.key, env: { FIELDHOUSE_TRASH_DAYS: '2' } });
      try {
        assert.equal(await trashed(), 0, 'purged at start');
        const gone = await later.request({ method: 'POST', path: `/v1/accounts/${account.id}/restore` });
        assert.equal(gone.status, 404);
      } finally {
        await later.stop();
      }
    } finally {
      await restarted.stop();
    }
  });
});
