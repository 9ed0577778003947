import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Entry {
  value: unknown;
  valueType: string;
  displayValue: string | null;
  recordedAt: string;
  isCreate: boolean;
}

describe('field history', () => {
  let t: TestServer;
  const clock = manualClock();
  let accountId: string;
  const write = async (path: string, json: unknown) => {
    clock.advance(1000);
    const res = await t.request({ path, json });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const history = (path: string) => t.request({ path });

  before(async () => {
    t = await startTestServer({ clock });
    accountId = (await write('/v1/accounts', { fields: { $name: 'Acme' } })).id;
  });
  after(() => t.stop());

  it('answers every change of a field newest first, collapsed, with display values, isCreate on the first when whole', async () => {
    const opp = await write('/v1/opportunities', { fields: { $name: 'Deal', $stage: 'Demo', $amount: 1000 }, relationships: { $account: accountId } });
    const created = opp.createdAt;
    await write(`/v1/opportunities/${opp.id}`, { fields: { $amount: 2500.5 } });
    await write(`/v1/opportunities/${opp.id}`, { fields: { $amount: 2500.5, $name: 'Deal 2' } });
    await write(`/v1/opportunities/${opp.id}`, { fields: { $amount: null } });
    const updated = await write(`/v1/opportunities/${opp.id}`, { fields: { $amount: 1000 } });

    const res = await history(`/v1/opportunities/${opp.id}/fields/%24amount/history`);
    assert.equal(res.status, 200, res.text);
    const data = res.body.data as Entry[];
    assert.deepEqual(
      data.map((e) => [e.value, e.displayValue, e.isCreate]),
      [
        [1000, '$1,000.00', false],
        [null, null, false],
        [2500.5, '$2,500.50', false],
        [1000, '$1,000.00', true],
      ],
      'writing the same value again adds nothing; clearing is an entry',
    );
    assert.equal(data[0]!.valueType, 'CURRENCY');
    assert.equal(data[0]!.recordedAt, updated.updatedAt);
    assert.equal(data.at(-1)!.recordedAt, created);
    assert.deepEqual([res.body.hasMore, res.body.nextCursor], [false, null]);

    const stage = (await history(`/v1/opportunities/${opp.id}/fields/$stage/history`)).body.data as Entry[];
    assert.deepEqual(stage.map((e) => e.displayValue), ['Demo'], "an option's label");
    assert.match(String(stage[0]!.value), /^opt_/);
    await write(`/v1/opportunities/${opp.id}`, { fields: { $stage: 'Closed Won' } });
    const status = (await history(`/v1/opportunities/${opp.id}/fields/$opportunityStatus/history`)).body.data as Entry[];
    assert.deepEqual(status.map((e) => e.displayValue), ['Won', 'Open'], 'a derived field records its derived changes');
    const accountStatus = (await history(`/v1/accounts/${accountId}/fields/$accountStatus/history`)).body.data as Entry[];
    assert.deepEqual(accountStatus.map((e) => e.displayValue), ['Customer', 'In pipeline', 'Prospect'], "another record's derived field, written by the effect");
    assert.equal((await t.request({ method: 'DELETE', path: `/v1/opportunities/${opp.id}` })).status, 200);
    const afterDelete = (await history(`/v1/accounts/${accountId}/fields/$accountStatus/history`)).body.data as Entry[];
    assert.equal(afterDelete[0]!.displayValue, 'Prospect', 'a delete shows in the history of what it changed');
    assert.equal((await history(`/v1/opportunities/${opp.id}/fields/$amount/history`)).status, 404, 'a trashed record has no readable history');
  });

  it('pages with limit and after; isCreate only when the whole history fits in one answer', async () => {
    const contact = await write('/v1/contacts', { fields: { $name: { firstName: 'Ada', lastName: 'L' } } });
    for (const first of ['Bea', 'Cy', 'Di', 'Ed']) await write(`/v1/contacts/${contact.id}`, { fields: { $name: { firstName: first, lastName: 'L' } } });
    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; text: string; body: { data: Entry[]; hasMore: boolean; nextCursor: string | null } } = await history(
        `/v1/contacts/${contact.id}/fields/$name/history?limit=2${cursor ? `&after=${cursor}` : ''}`,
      );
      assert.equal(res.status, 200, res.text);
      seen.push(...res.body.data);
      assert.equal(res.body.hasMore, res.body.nextCursor !== null);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((e) => e.displayValue), ['Ed L', 'Di L', 'Cy L', 'Bea L', 'Ada L']);
    assert.ok(seen.every((e) => !e.isCreate), 'paged: the whole history was not in one answer');
    const whole = (await history(`/v1/contacts/${contact.id}/fields/$name/history?limit=100`)).body.data as Entry[];
    assert.deepEqual(whole.map((e) => e.isCreate), [false, false, false, false, true]);
    assert.deepEqual(whole[0]!.value, { firstName: 'Ed', lastName: 'L' });
  });

  it('refuses a bad limit, a bad cursor, an unknown field and an unknown record', async () => {
    const contact = await write('/v1/contacts', { fields: { $email: 'h@acme.test' } });
    const base = `/v1/contacts/${contact.id}/fields/$email/history`;
    for (const [query, param] of [['?limit=101', 'limit'], ['?limit=0', 'limit'], ['?after=nope!', 'after'], ['?after=Zm9v', 'after'], ['?since=1', 'since']] as const) {
      const res = await history(base + query);
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      assert.equal(res.body.error.param, param, query);
    }
    const other = await write('/v1/contacts', { fields: { $email: ['o1@acme.test'] } });
    await write(`/v1/contacts/${other.id}`, { fields: { $email: ['o2@acme.test'] } });
    const cursor = (await history(`/v1/contacts/${other.id}/fields/$email/history?limit=1`)).body.nextCursor;
    assert.ok(cursor);
    const foreign = await history(`${base}?after=${cursor}`);
    assert.deepEqual([foreign.status, foreign.body.error?.param], [400, 'after'], 'a cursor of another record’s history is refused');
    const unknown = await history(`/v1/contacts/${contact.id}/fields/%24nope/history`);
    assert.deepEqual([unknown.status, unknown.body.error.code, unknown.body.error.param], [400, 'unknown_field', 'fieldKey']);
    assert.equal((await history('/v1/contacts/con_01ARZ3NDEKTSV4RRFFQ69G5FAV/fields/$email/history')).status, 404);
    const key = await t.createKey(['accounts:read']);
    assert.equal((await t.request({ path: base, key: key.key })).status, 403, 'needs the read scope of its type');
    const email = (await history(base)).body.data as Entry[];
    assert.deepEqual(email.map((e) => [e.value, e.displayValue]), [[['h@acme.test'], 'h@acme.test']]);
  });

  it('custom objects and custom fields have history too', async () => {
    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'projects', label: 'Project' } })).status, 200);
    const project = await write('/v1/objects/projects/values', { fields: { $name: 'Apollo' } });
    await write(`/v1/objects/projects/values/${project.id}`, { fields: { $name: 'Artemis' } });
    const res = await history(`/v1/objects/projects/values/${project.id}/fields/$name/history`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((res.body.data as Entry[]).map((e) => e.value), ['Artemis', 'Apollo']);
  });
});
