import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_ENTRY_CODE_POINTS, MAX_LIST_VALUES } from '../../src/domain/values/value-limits.js';
import { MAX_RELATIONSHIP_IDS } from '../../src/domain/records/relationship-input.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, storeCounts, type Seeded } from './helpers.js';

// One write runs on the event loop every organization shares: what a request may ask of it per
// field and per relationship is bounded, and refused before any of its values is looked at.
describe('bounds on the values one write carries', () => {
  let t: TestServer;
  let s: Seeded;
  const refusal = (res: { status: number; body: any }) => [res.status, res.body?.error?.code, res.body?.error?.param];
  // Short, so 40,000 of them fit the 1 MiB a body may have.
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `s${i}.io`);
  const emails = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`);
  const accountIds = (n: number) => Array.from({ length: n }, (_, i) => `acc_${i}`);

  before(async () => {
    t = await startTestServer();
    s = await seedBasics(t);
  });
  after(() => t.stop());

  it('refuses 40,000 URLs in $website with 400 naming the field, and creates nothing', async () => {
    const counts = await storeCounts(t);
    const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Many sites', $website: urls(40_000) } } });
    assert.deepEqual(refusal(res), [400, 'invalid_type', 'fields.$website']);
    assert.match(res.body.error.message, /at most 100 values/);
    assert.match(res.body.error.message, /40,000/);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('refuses 30,000 $email values on a contact, on create and on update', async () => {
    const counts = await storeCounts(t);
    const created = await t.request({ path: '/v1/contacts', json: { fields: { $email: emails(30_000) } } });
    assert.deepEqual(refusal(created), [400, 'invalid_type', 'fields.$email']);
    const updated = await t.request({ path: `/v1/contacts/${s.contactId}`, json: { fields: { $email: emails(30_000) } } });
    assert.deepEqual(refusal(updated), [400, 'invalid_type', 'fields.$email']);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('takes exactly the bound, and refuses one more', async () => {
    assert.equal(MAX_LIST_VALUES, 100);
    const at = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Hundred', $website: urls(MAX_LIST_VALUES) } } });
    assert.equal(at.status, 200, at.text.slice(0, 300));
    assert.equal(at.body.fields.$website.value.length, MAX_LIST_VALUES);
    const past = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Hundred and one', $website: urls(MAX_LIST_VALUES + 1) } } });
    assert.deepEqual(refusal(past), [400, 'invalid_type', 'fields.$website']);
  });

  it('counts the array as written: empty entries and repeats count too', async () => {
    const padded = [...urls(1), ...Array.from({ length: MAX_LIST_VALUES }, () => '')];
    const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Padded', $website: padded } } });
    assert.deepEqual(refusal(res), [400, 'invalid_type', 'fields.$website']);
  });

  it('reports the count as a shape fault: before a bad value in the same array, and in body key order', async () => {
    const withBad = ['ftp://nope.example', ...urls(MAX_LIST_VALUES)];
    const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Bad first', $website: withBad } } });
    assert.deepEqual(refusal(res), [400, 'invalid_type', 'fields.$website']);
    const later = await t.request({ path: '/v1/accounts', json: { fields: { $name: 5, $website: urls(MAX_LIST_VALUES + 1) } } });
    assert.deepEqual(refusal(later), [400, 'invalid_type', 'fields.$name']);
  });

  it('bounds MULTI_SELECT and meeting attendees the same way', async () => {
    const field = await t.request({
      path: '/v1/accounts/definitions/fields',
      json: { key: 'tags', label: 'Tags', valueType: 'MULTI_SELECT', typeConfiguration: { options: ['Red', 'Green'] } },
    });
    assert.equal(field.status, 200, field.text);
    const tags = Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => (i % 2 ? 'Red' : 'Green'));
    const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Tagged', tags } } });
    assert.deepEqual(refusal(res), [400, 'invalid_type', 'fields.tags']);

    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const meetings = await storeCounts(t);
    const meeting = await t.request({
      path: '/v1/meetings',
      json: { fields: { $title: 'All hands', $startDate: ago(7_200_000), $endDate: ago(3_600_000), $attendeeEmails: emails(5_000) }, autoCreateRecords: true },
    });
    assert.deepEqual(refusal(meeting), [400, 'invalid_type', 'fields.$attendeeEmails']);
    assert.deepEqual(await storeCounts(t), meetings);
  });

  it(`refuses an entry longer than ${MAX_ENTRY_CODE_POINTS} characters with 422 naming it, and takes one that long`, async () => {
    const site = (length: number) => `https://acme.example/${'p'.repeat(length - 'https://acme.example/'.length)}`;
    const ok = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Long site', $website: site(MAX_ENTRY_CODE_POINTS) } } });
    assert.equal(ok.status, 200, ok.text.slice(0, 300));
    assert.equal(ok.body.fields.$website.value[0].length, MAX_ENTRY_CODE_POINTS);

    const counts = await storeCounts(t);
    const long = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Too long', $website: ['acme.example', site(1_000_000)] } } });
    assert.deepEqual(refusal(long), [422, 'invalid_value', 'fields.$website[1]']);
    assert.match(long.body.error.message, /longer than 2,048 characters/);
    const email = await t.request({ path: '/v1/contacts', json: { fields: { $email: `${'a'.repeat(MAX_ENTRY_CODE_POINTS)}@example.com` } } });
    assert.deepEqual(refusal(email), [422, 'invalid_value', 'fields.$email']);
    const handle = await t.request({ path: '/v1/contacts', json: { fields: { $linkedIn: 'x'.repeat(MAX_ENTRY_CODE_POINTS + 1) } } });
    assert.deepEqual(refusal(handle), [422, 'invalid_value', 'fields.$linkedIn']);
    assert.match(handle.body.error.message, /longer than 2,048 characters/);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('refuses 40,000 relationship ids as a malformed envelope, before looking any of them up', async () => {
    assert.equal(MAX_RELATIONSHIP_IDS, 100);
    const counts = await storeCounts(t);
    const ids = Array.from({ length: 40_000 }, (_, i) => `con_${i}`);
    const created = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Crowd' }, relationships: { $contact: ids } } });
    assert.deepEqual(refusal(created), [400, 'invalid_type', 'relationships.$contact']);
    assert.match(created.body.error.message, /at most 100 ids/);
    for (const op of ['add', 'remove', 'replace']) {
      const updated = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { $contact: { [op]: ids } } } });
      assert.deepEqual(refusal(updated), [400, 'invalid_type', `relationships.$contact.${op}`], op);
    }
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('still answers a request just past the 25-id limit as the spec says', async () => {
    const res = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { $contact: { remove: Array.from({ length: MAX_RELATIONSHIP_IDS }, (_, i) => `con_${i}`) } } } });
    assert.deepEqual(refusal(res), [422, 'relationship_write_limit_exceeded', 'relationships.$contact']);
  });

  it('bounds the members a list is created with or given in one update', async () => {
    const list = await t.request({ path: '/v1/lists', json: { fields: { $name: 'Targets', $objectType: '$account' } } });
    assert.equal(list.status, 200, list.text);
    const counts = await storeCounts(t);
    const created = await t.request({ path: '/v1/lists', json: { fields: { $name: 'Huge', $objectType: '$account' }, relationships: { $accounts: accountIds(40_000) } } });
    assert.deepEqual(refusal(created), [400, 'invalid_type', 'relationships.$accounts']);
    const added = await t.request({ path: `/v1/lists/${list.body.id}`, json: { relationships: { $accounts: { add: accountIds(40_000) } } } });
    assert.deepEqual(refusal(added), [400, 'invalid_type', 'relationships.$accounts.add']);
    assert.deepEqual(await storeCounts(t), counts);
  });
});
