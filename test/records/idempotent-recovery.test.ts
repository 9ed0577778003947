import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A process can die after a create commits and before its answer is stored. What it leaves is a
 * running idempotency key whose lock has lapsed; the retry must answer with that record, not make
 * a second one.
 */
describe('an idempotent create whose process died between commit and answer', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  async function crashAfterCommit(key: string): Promise<void> {
    await t.server.storage.db
      .updateTable('idempotency_keys')
      .set({ state: 'running', response_status: null, response_content_type: null, response_body: null, locked_until: '2000-01-01T00:00:00.000Z' })
      .where('organization_id', '=', t.organizationId)
      .where('key', '=', key)
      .execute();
  }

  it('answers the retry with the record it created, once, and says it is a replay', async () => {
    const key = `recover-${Date.now()}`;
    const body = { fields: { $name: 'Recovered deal', $stage: 'Demo' } };
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Recovered Inc' } } });
    const first = await t.request({
      path: '/v1/opportunities',
      json: { ...body, relationships: { $account: account.body.id } },
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.status, 200, first.text);
    await crashAfterCommit(key);

    const retry = await t.request({
      path: '/v1/opportunities',
      json: { ...body, relationships: { $account: account.body.id } },
      headers: { 'idempotency-key': key },
    });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(retry.body.fields, first.body.fields);

    const list = await t.request({ path: '/v1/opportunities', method: 'GET' });
    assert.equal(list.body.data.filter((o: { fields: { $name: { value: string } } }) => o.fields.$name.value === 'Recovered deal').length, 1);

    // The recovered answer is now the stored one: a further repeat replays it byte for byte.
    const again = await t.request({
      path: '/v1/opportunities',
      json: { ...body, relationships: { $account: account.body.id } },
      headers: { 'idempotency-key': key },
    });
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, retry.text);
  });

  it('compares a retry with the body that created the record, then and on every later replay', async () => {
    const key = `recover-body-${Date.now()}`;
    const first = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Original' } }, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 200, first.text);
    await crashAfterCommit(key);

    const different = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Different' } }, headers: { 'idempotency-key': key } });
    assert.equal(different.body.id, first.body.id);
    assert.equal(different.headers.get('idempotent-replayed'), 'true');
    assert.equal(different.headers.get('idempotent-body-mismatch'), 'true');
    assert.equal(different.body.fields.$name.value, 'Original');

    const same = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Original' } }, headers: { 'idempotency-key': key } });
    assert.equal(same.headers.get('idempotent-replayed'), 'true');
    assert.equal(same.headers.get('idempotent-body-mismatch'), null);
  });

  it('creates afresh when the record the dead try made was deleted since', async () => {
    const key = `recover-deleted-${Date.now()}`;
    const first = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Short-lived' } }, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 200, first.text);
    await crashAfterCommit(key);
    await t.server.storage.db.deleteFrom('records').where('id', '=', first.body.id).execute();

    const retry = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Short-lived' } }, headers: { 'idempotency-key': key } });
    assert.equal(retry.status, 200, retry.text);
    assert.notEqual(retry.body.id, first.body.id);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
  });

  it('runs a create without a crash behind it exactly as before', async () => {
    const key = `plain-${Date.now()}`;
    const first = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Plain' } }, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('idempotent-replayed'), null);
  });
});
