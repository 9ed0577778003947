import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from '../web/browser.js';
import { storeCounts } from './helpers.js';

describe('custom objects', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('creates a type online, lists it, and serves its records through the object.* operations', async () => {
    const created = await t.request({ path: '/v1/objects', json: { slug: 'projects', label: 'Projects' } });
    assert.deepEqual([created.status, created.body], [200, { objectType: 'projects', label: 'Projects' }]);
    const types = await t.request({ path: '/v1/objects' });
    assert.deepEqual(types.body, { data: [{ objectType: 'projects', label: 'Projects' }] });

    const field = await t.request({ path: '/v1/objects/projects/definitions/fields', json: { key: 'budget', label: 'Budget', valueType: 'CURRENCY' } });
    assert.equal(field.status, 200, field.text);
    const rel = await t.request({
      path: '/v1/objects/projects/definitions/relationships',
      json: { key: 'client', label: 'Client', cardinality: 'HAS_ONE', objectType: 'account', inverseKey: 'projects', inverseLabel: 'Projects', inverseCardinality: 'HAS_MANY' },
    });
    assert.equal(rel.status, 200, rel.text);
    const defs = await t.request({ path: '/v1/objects/projects/definitions' });
    assert.equal(defs.status, 200);
    assert.equal(defs.body.objectType, 'projects');
    assert.deepEqual(Object.keys(defs.body.fieldDefinitions), ['$name', 'budget']);
    assert.equal(defs.body.relationshipDefinitions.client.objectType, 'account');

    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Client Co' } } });
    const project = await t.request({
      path: '/v1/objects/projects/values',
      json: { fields: { $name: 'Website relaunch', budget: 25000 }, relationships: { client: account.body.id } },
    });
    assert.equal(project.status, 200, project.text);
    assert.match(project.body.id, /^rec_[0-9A-Z]{26}$/);
    assert.equal(project.body.httpLink, `${t.url.replace('127.0.0.1', 'localhost')}/crm/objects/projects/${project.body.id}`);
    assert.deepEqual(project.body.relationships.client.values, [account.body.id]);

    const retrieved = await t.request({ path: `/v1/objects/projects/values/${project.body.id}` });
    assert.deepEqual(retrieved.body, project.body);
    const updated = await t.request({ path: `/v1/objects/projects/values/${project.body.id}`, json: { fields: { budget: 30000 } } });
    assert.equal(updated.body.fields.budget.value, 30000);
    const list = await t.request({ path: '/v1/objects/projects' });
    assert.deepEqual([list.body.totalCount, list.body.data[0].id], [1, project.body.id]);
    const accountAfter = await t.request({ path: `/v1/accounts/${account.body.id}` });
    assert.deepEqual(accountAfter.body.relationships.projects.values, [project.body.id], 'the inverse lives on the account');

    const cookie = await signIn(t, t.key);
    const web = await page(t, `/crm/objects/projects/${project.body.id}`, { cookie });
    assert.equal(web.status, 200);
    assert.match(web.text, /Website relaunch/);
    assert.match(web.text, new RegExp(`<a href="/crm/accounts/${account.body.id}">Client Co</a>`));
  });

  it('refuses what it must: unknown slug 404, missing $name, reserved or taken slugs, a record of another type', async () => {
    const counts = await storeCounts(t);
    const unknown = await t.request({ path: '/v1/objects/nothing/values', json: { fields: { $name: 'x' } } });
    assert.deepEqual([unknown.status, unknown.body.error.type], [404, 'not_found']);
    const unknownList = await t.request({ path: '/v1/objects/nothing' });
    assert.equal(unknownList.status, 404);
    const missing = await t.request({ path: '/v1/objects/projects/values', json: { fields: {} } });
    assert.deepEqual([missing.status, missing.body.error.code, missing.body.error.param], [400, 'parameter_missing', 'fields.$name']);
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Not a project' } } });
    const wrongType = await t.request({ path: `/v1/objects/projects/values/${account.body.id}` });
    assert.deepEqual([wrongType.status, wrongType.body.error.message], [404, "No resource found in 'projects' with the given ID."]);
    for (const slug of ['accounts', 'Projects', '$x']) {
      const res = await t.request({ path: '/v1/objects', json: { slug, label: 'X' } });
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [422, 'invalid_value', 'slug'], slug);
    }
    const taken = await t.request({ path: '/v1/objects', json: { slug: 'projects', label: 'Again' } });
    assert.deepEqual([taken.status, taken.body.error.type], [409, 'conflict']);
    const after = await storeCounts(t);
    assert.equal(after.records, (counts.records ?? 0) + 1, 'only the account was written');
  });

  it('keeps custom objects per organization and behind the objects scopes', async () => {
    const other = await t.addOrganization('No projects here');
    const res = await t.request({ path: '/v1/objects/projects', key: other.key });
    assert.equal(res.status, 404);
    const { key } = await t.createKey(['accounts:read']);
    const forbidden = await t.request({ path: '/v1/objects/projects', key });
    assert.deepEqual([forbidden.status, forbidden.body.error.message], [403, "Token does not have the 'objects:read' scope."]);
  });

  it('scopes idempotency keys by custom object type', async () => {
    await t.request({ path: '/v1/objects', json: { slug: 'vendors', label: 'Vendors' } });
    const headers = { 'idempotency-key': 'same-key' };
    const a = await t.request({ path: '/v1/objects/projects/values', json: { fields: { $name: 'P' } }, headers });
    const b = await t.request({ path: '/v1/objects/vendors/values', json: { fields: { $name: 'V' } }, headers });
    assert.equal(b.headers.get('idempotent-replayed'), null);
    assert.notEqual(a.body.id, b.body.id);
    const again = await t.request({ path: '/v1/objects/projects/values', json: { fields: { $name: 'P' } }, headers });
    assert.equal(again.text, a.text);
  });
});
