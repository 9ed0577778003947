import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('merge, dry run, undo', () => {
  let t: TestServer;
  const clock = manualClock();
  let memberId: string;
  const post = (path: string, json: unknown, key?: string) => t.request({ path, json, ...(key ? { key } : {}) });
  const get = async (path: string) => (await t.request({ path })).body;
  const create = async (plural: string, json: unknown): Promise<string> => {
    clock.advance(1000);
    const res = await post(`/v1/${plural}`, json);
    assert.equal(res.status, 200, res.text);
    return res.body.id;
  };

  before(async () => {
    t = await startTestServer({ clock });
    memberId = (await get('/v1/members')).data[0].id;
  });
  after(() => t.stop());

  /** Two contacts at two accounts, the duplicate championing a deal and on a list. */
  async function contactPair(tag: string) {
    const a = await create('accounts', { fields: { $name: `A ${tag}` } });
    const b = await create('accounts', { fields: { $name: `B ${tag}` } });
    const primary = await create('contacts', { fields: { $name: { firstName: 'Ada', lastName: null }, $email: `ada-${tag}@a.test` }, relationships: { $account: a } });
    const duplicate = await create('contacts', {
      fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: [`lovelace-${tag}@b.test`], $phone: '+14155550100' },
      relationships: { $account: b },
    });
    const deal = await create('opportunities', { fields: { $name: `Deal ${tag}`, $stage: 'Demo' }, relationships: { $account: b, $champion: duplicate } });
    const list = await create('lists', { fields: { $name: `List ${tag}`, $objectType: '$contact' }, relationships: { $contacts: [duplicate] } });
    return { a, b, primary, duplicate, deal, list };
  }

  it('merges two contacts: resolutions, union of emails, links and lists moved, the duplicate trashed, counted in the summary', async () => {
    const p = await contactPair('m1');
    clock.advance(1000);
    const res = await post('/v1/contacts/merge', {
      primaryId: p.primary,
      duplicateId: p.duplicate,
      fieldResolutions: { $name: 'duplicate' },
      options: { multiSelectUnion: true },
    });
    assert.equal(res.status, 200, res.text);
    const { merge, primary, summary } = res.body;
    assert.match(merge.id, /^mrg_/);
    assert.equal(merge.status, 'done');
    assert.equal(primary.id, p.primary, 'the primary keeps its id');
    assert.deepEqual(primary.fields.$name.value, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.deepEqual(primary.fields.$email.value, ['ada-m1@a.test', 'lovelace-m1@b.test']);
    assert.deepEqual(primary.fields.$phone.value, ['+14155550100'], 'empty on the primary: the duplicate’s value');
    assert.deepEqual(primary.relationships.$account.values.sort(), [p.a, p.b].sort());
    assert.equal(primary.updatedAt, clock.now().toISOString());
    assert.deepEqual(summary, { fieldWriteCount: 3, syncRepointedCount: 3, warnings: [] });

    assert.deepEqual((await get(`/v1/opportunities/${p.deal}`)).relationships.$champion.values, [p.primary], 'what pointed at the duplicate points at the primary');
    assert.deepEqual((await get(`/v1/accounts/${p.b}`)).relationships.$contact.values, [p.primary]);
    assert.deepEqual((await get(`/v1/lists/${p.list}/contacts`)).data.map((c: { id: string }) => c.id), [p.primary]);
    assert.equal((await t.request({ path: `/v1/contacts/${p.duplicate}` })).status, 404, 'the duplicate is in the trash');
    const restore = await t.request({ method: 'POST', path: `/v1/contacts/${p.duplicate}/restore` });
    assert.deepEqual([restore.status, restore.body.error.type], [409, 'conflict'], 'a merged duplicate comes back only through undo');

    const view = await t.request({ path: `/v1/merges/${merge.id}` });
    assert.equal(view.status, 200, view.text);
    assert.deepEqual(view.body, { id: merge.id, createdAt: clock.now().toISOString(), updatedAt: clock.now().toISOString(), primaryId: p.primary, duplicateId: p.duplicate, entityType: 'contact', status: 'done' });
    const emails = (await get(`/v1/contacts/${p.primary}/fields/$email/history`)).data;
    assert.deepEqual(emails.map((e: { value: unknown }) => e.value), [['ada-m1@a.test', 'lovelace-m1@b.test'], ['ada-m1@a.test']], 'the merge is in field history');
    const taken = await post('/v1/contacts', { fields: { $email: 'lovelace-m1@b.test' } });
    assert.deepEqual([taken.status, taken.body.error.code], [409, 'unique_violation'], 'the primary now holds the duplicate’s unique email');
  });

  it('a dry run answers what the merge would do and writes nothing', async () => {
    const p = await contactPair('d1');
    const ids = [p.primary, p.duplicate];
    const before = await Promise.all([...ids.map((id) => get(`/v1/contacts/${id}`)), get(`/v1/opportunities/${p.deal}`), get(`/v1/lists/${p.list}/contacts`)]);
    const body = { primaryId: p.primary, duplicateId: p.duplicate, options: { multiSelectUnion: true } };
    const dry = await post('/v1/contacts/merge', { ...body, dryRun: true });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.merge.status, 'dry_run');
    assert.equal(dry.headers.get('fieldhouse-workflow-run'), null, 'no run is named: none was queued');
    const afterDry = await Promise.all([...ids.map((id) => get(`/v1/contacts/${id}`)), get(`/v1/opportunities/${p.deal}`), get(`/v1/lists/${p.list}/contacts`)]);
    assert.deepEqual(afterDry, before, 'nothing changed');
    assert.equal((await t.request({ path: `/v1/merges/${dry.body.merge.id}` })).status, 404);
    const real = await post('/v1/contacts/merge', body);
    assert.equal(real.status, 200, real.text);
    assert.deepEqual({ ...real.body.primary, updatedAt: null }, { ...dry.body.primary, updatedAt: null }, 'the dry run answered what the merge did');
    assert.deepEqual(real.body.summary, dry.body.summary);
    assert.deepEqual(real.body.summary.warnings, ["'$name': the primary's value was kept and the duplicate's was not taken (choose it with fieldResolutions)."], 'a value the merge drops is named');
  });

  it('undo puts both records and everything repointed back as they were, once; not after the primary changed', async () => {
    const p = await contactPair('u1');
    const snapshot = async () =>
      Promise.all([
        get(`/v1/contacts/${p.primary}`),
        get(`/v1/contacts/${p.duplicate}`),
        get(`/v1/opportunities/${p.deal}`),
        get(`/v1/accounts/${p.a}`),
        get(`/v1/accounts/${p.b}`),
        get(`/v1/lists/${p.list}/contacts`),
      ]);
    const before = await snapshot();
    clock.advance(1000);
    const merged = await post('/v1/contacts/merge', { primaryId: p.primary, duplicateId: p.duplicate, options: { multiSelectUnion: true } });
    assert.equal(merged.status, 200, merged.text);
    clock.advance(1000);
    const undo = await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo` });
    assert.equal(undo.status, 200, undo.text);
    assert.equal(undo.body.merge.status, 'undone');
    const after = await snapshot();
    assert.deepEqual(after, before, 'byte for byte');
    assert.deepEqual(undo.body.primary, before[0]);
    assert.deepEqual(undo.body.duplicate, before[1]);
    assert.equal((await get(`/v1/merges/${merged.body.merge.id}`)).status, 'undone');
    const twice = await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo` });
    assert.deepEqual([twice.status, twice.body.error.type], [409, 'conflict']);

    const again = await post('/v1/contacts/merge', { primaryId: p.primary, duplicateId: p.duplicate });
    assert.equal(again.status, 200, again.text);
    assert.equal((await post(`/v1/contacts/${p.primary}`, { fields: { $title: 'CTO' } })).status, 200);
    const stale = await t.request({ method: 'POST', path: `/v1/merges/${again.body.merge.id}/undo` });
    assert.deepEqual([stale.status, stale.body.error.type], [409, 'conflict'], 'the primary changed since');
    assert.equal((await t.request({ path: `/v1/contacts/${p.duplicate}` })).status, 404, 'nothing was undone');
  });

  it('to-one relationships keep the primary’s value and warn; opportunities merge only within one account', async () => {
    const account = await create('accounts', { fields: { $name: 'One' } });
    const other = await create('accounts', { fields: { $name: 'Other' } });
    const [c1, c2, c3] = [await create('contacts', { fields: {} }), await create('contacts', { fields: {} }), await create('contacts', { fields: {} })];
    const primary = await create('opportunities', { fields: { $name: 'P', $stage: 'Demo' }, relationships: { $account: account, $champion: c1 } });
    const duplicate = await create('opportunities', { fields: { $name: 'D', $stage: 'Demo', $amount: 5 }, relationships: { $account: account, $champion: c2, $evaluator: c3 } });
    const elsewhere = await create('opportunities', { fields: { $name: 'E', $stage: 'Demo' }, relationships: { $account: other } });
    const task = await create('tasks', { fields: { $title: 'Follow up', $status: 'TODO' }, relationships: { $assignedTo: memberId, $opportunity: duplicate } });

    const across = await post('/v1/opportunities/merge', { primaryId: primary, duplicateId: elsewhere });
    assert.deepEqual([across.status, across.body.error.code, across.body.error.param], [422, 'invalid_value', 'duplicateId']);
    const res = await post('/v1/opportunities/merge', { primaryId: primary, duplicateId: duplicate, fieldResolutions: { $name: { value: 'Merged deal' } } });
    assert.equal(res.status, 200, res.text);
    const merged = res.body.primary;
    assert.equal(merged.fields.$name.value, 'Merged deal');
    assert.equal(merged.fields.$amount.value, 5);
    assert.deepEqual(merged.relationships.$champion.values, [c1]);
    assert.deepEqual(merged.relationships.$evaluator.values, [c3]);
    assert.equal(res.body.summary.warnings.length, 1);
    assert.match(res.body.summary.warnings[0], /\$champion/);
    assert.deepEqual((await get(`/v1/tasks/${task}`)).relationships.$opportunity.values, [primary]);
  });

  it('the primary takes the duplicate’s owner when it has none, and undo gives it back', async () => {
    const primary = await create('accounts', { fields: { $name: 'Ownerless' } });
    const duplicate = await create('accounts', { fields: { $name: 'Owned' }, relationships: { $owner: memberId } });
    const merged = await post('/v1/accounts/merge', { primaryId: primary, duplicateId: duplicate });
    assert.equal(merged.status, 200, merged.text);
    assert.deepEqual(merged.body.primary.relationships.$owner.values, [memberId]);
    const undo = await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo` });
    assert.equal(undo.status, 200, undo.text);
    assert.deepEqual(undo.body.primary.relationships.$owner.values, []);
    assert.deepEqual(undo.body.duplicate.relationships.$owner.values, [memberId]);
  });

  it('a merged-away record comes back through restore, fields only, once its merge can no longer be undone', async () => {
    const p = await contactPair('r1');
    const merged = await post('/v1/contacts/merge', { primaryId: p.primary, duplicateId: p.duplicate });
    assert.equal(merged.status, 200, merged.text);
    const early = await t.request({ method: 'POST', path: `/v1/contacts/${p.duplicate}/restore` });
    assert.equal(early.status, 409, 'while the merge can be undone, undo is the way back');
    assert.match(early.body.error.message, /undo/);
    assert.equal((await post(`/v1/contacts/${p.primary}`, { fields: { $title: 'CEO' } })).status, 200);
    const late = await t.request({ method: 'POST', path: `/v1/contacts/${p.duplicate}/restore` });
    assert.equal(late.status, 200, late.text);
    assert.deepEqual(late.body.fields.$phone.value, ['+14155550100'], 'its values are back');
    assert.deepEqual(late.body.relationships.$account.values, [], 'its links stay with the primary');
    assert.deepEqual((await get(`/v1/opportunities/${p.deal}`)).relationships.$champion.values, [p.primary]);
    assert.equal((await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo` })).status, 409);
  });

  it('a late restore keeps what the primary did not take; a record restored after a merge links to the primary', async () => {
    const account = await create('accounts', { fields: { $name: 'Late' } });
    const [c1, c2] = [await create('contacts', { fields: {} }), await create('contacts', { fields: {} })];
    const primary = await create('opportunities', { fields: { $name: 'P', $stage: 'Demo' }, relationships: { $account: account, $champion: c1 } });
    const duplicate = await create('opportunities', { fields: { $name: 'D', $stage: 'Demo' }, relationships: { $account: account, $champion: c2 } });
    const merged = await post('/v1/opportunities/merge', { primaryId: primary, duplicateId: duplicate });
    assert.equal(merged.status, 200, merged.text);
    assert.equal((await post(`/v1/opportunities/${primary}`, { fields: { $name: 'P2' } })).status, 200);
    const late = await t.request({ method: 'POST', path: `/v1/opportunities/${duplicate}/restore` });
    assert.equal(late.status, 200, late.text);
    assert.deepEqual(late.body.relationships.$champion.values, [c2], 'the champion the merge dropped comes back with it');
    assert.deepEqual(late.body.relationships.$account.values, [account], 'so does the account both had');

    const x = await create('accounts', { fields: { $name: 'X' } });
    const p = await create('contacts', { fields: {} });
    const d = await create('contacts', { fields: {}, relationships: { $account: x } });
    assert.equal((await t.request({ method: 'DELETE', path: `/v1/accounts/${x}` })).status, 200);
    assert.equal((await post('/v1/contacts/merge', { primaryId: p, duplicateId: d })).status, 200);
    const back = await t.request({ method: 'POST', path: `/v1/accounts/${x}/restore` });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.body.relationships.$contact.values, [p], 'its contact was merged away: it links to the primary');
    assert.deepEqual((await get(`/v1/contacts/${p}`)).relationships.$account.values, [x]);
  });

  it('tasks, notes, meetings and lists have no merge: 404, not an update of a record named "merge"', async () => {
    for (const plural of ['tasks', 'notes', 'meetings', 'lists']) {
      const res = await post(`/v1/${plural}/merge`, { primaryId: 'a', duplicateId: 'b' });
      assert.deepEqual([res.status, res.body.error.type], [404, 'not_found'], plural);
    }
  });

  it('refuses bad bodies with the right status, code and param, merging nothing', async () => {
    const p = await contactPair('v1');
    const base = { primaryId: p.primary, duplicateId: p.duplicate };
    const cases: Array<[unknown, number, string, string]> = [
      [{ ...base, duplicateId: p.primary }, 400, 'invalid_type', 'duplicateId'],
      [{ duplicateId: p.duplicate }, 400, 'parameter_missing', 'primaryId'],
      [{ ...base, primaryId: 7 }, 400, 'invalid_type', 'primaryId'],
      [{ ...base, extra: 1 }, 400, 'unknown_field', 'extra'],
      [{ ...base, duplicateId: 'con_01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 400, 'relationship_entity_missing', 'duplicateId'],
      [{ ...base, primaryId: p.a }, 400, 'relationship_entity_missing', 'primaryId'],
      [{ ...base, fieldResolutions: { $nope: 'primary' } }, 400, 'unknown_field', 'fieldResolutions.$nope'],
      [{ ...base, fieldResolutions: { $email: 'both' } }, 400, 'invalid_type', 'fieldResolutions.$email'],
      [{ ...base, fieldResolutions: { $email: { value: 'not an email' } } }, 422, 'invalid_value', 'fieldResolutions.$email.value'],
      [{ ...base, fieldResolutions: { $lastInteractionAt: 'duplicate' } }, 422, 'read_only', 'fieldResolutions.$lastInteractionAt'],
      [{ ...base, options: { multiSelectUnion: 'yes' } }, 400, 'invalid_type', 'options.multiSelectUnion'],
      [{ ...base, options: { deep: true } }, 400, 'unknown_field', 'options.deep'],
      [{ ...base, dryRun: 1 }, 400, 'invalid_type', 'dryRun'],
      [[1], 400, 'invalid_type', 'body'],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await post('/v1/contacts/merge', body);
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], JSON.stringify(body));
    }
    const updateOnly = await t.createKey(['contacts:update', 'contacts:read']);
    const denied = await post('/v1/contacts/merge', base, updateOnly.key);
    assert.equal(denied.status, 403);
    assert.match(denied.body.error.message, /contacts:delete/);
    assert.equal((await t.request({ path: `/v1/contacts/${p.duplicate}` })).status, 200, 'nothing was merged');
    const merged = await post('/v1/contacts/merge', base);
    const readOnly = await t.createKey(['accounts:read']);
    assert.equal((await t.request({ path: `/v1/merges/${merged.body.merge.id}`, key: readOnly.key })).status, 403, 'a merge reads with its type’s read scope');
    assert.equal((await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo`, key: updateOnly.key })).status, 403);
    assert.equal((await t.request({ path: '/v1/merges/mrg_01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status, 404);
  });

  it('merges accounts and custom-object records, idempotently', async () => {
    const a = await create('accounts', { fields: { $name: 'Hooli', $website: ['https://hooli.test'] } });
    const b = await create('accounts', { fields: { $name: 'Hooli Inc', $website: ['https://hooli.example'] } });
    const contact = await create('contacts', { fields: {}, relationships: { $account: b } });
    const headers = { 'idempotency-key': 'merge-hooli' };
    const first = await t.request({ path: '/v1/accounts/merge', json: { primaryId: a, duplicateId: b, options: { multiSelectUnion: true } }, headers });
    assert.equal(first.status, 200, first.text);
    const replay = await t.request({ path: '/v1/accounts/merge', json: { primaryId: a, duplicateId: b, options: { multiSelectUnion: true } }, headers });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, first.body);
    assert.deepEqual(first.body.primary.fields.$website.value, ['https://hooli.test', 'https://hooli.example']);
    assert.deepEqual((await get(`/v1/contacts/${contact}`)).relationships.$account.values, [a]);

    assert.equal((await post('/v1/objects', { slug: 'projects', label: 'Project' })).status, 200);
    const x = await create('objects/projects/values', { fields: { $name: 'Apollo' } });
    const y = await create('objects/projects/values', { fields: { $name: 'Apollo 11' } });
    const res = await post('/v1/objects/projects/merge', { primaryId: x, duplicateId: y, fieldResolutions: { $name: 'duplicate' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.primary.fields.$name.value, 'Apollo 11');
    assert.equal((await t.request({ path: `/v1/objects/projects/values/${y}` })).status, 404);
    const undo = await t.request({ method: 'POST', path: `/v1/merges/${res.body.merge.id}/undo` });
    assert.equal(undo.status, 200, undo.text);
    assert.equal(undo.body.duplicate.fields.$name.value, 'Apollo 11');
  });
});
