import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, storeCounts, type Seeded } from './helpers.js';

describe('definitions an admin writes', () => {
  let t: TestServer;
  let s: Seeded;
  before(async () => {
    t = await startTestServer();
    s = await seedBasics(t);
  });
  after(() => t.stop());

  it('needs the admin scope', async () => {
    const { key } = await t.createKey(['accounts:create', 'accounts:read']);
    const res = await t.request({ path: '/v1/accounts/definitions/fields', key, json: { key: 'x', label: 'X', valueType: 'TEXT' } });
    assert.deepEqual([res.status, res.body.error.message], [403, "Token does not have the 'admin' scope."]);
  });

  it('adds a relationship and its inverse; both sides read the same links; a HAS_ONE inverse is enforced', async () => {
    const rel = await t.request({
      path: '/v1/contacts/definitions/relationships',
      json: { key: 'mentor', label: 'Mentor', cardinality: 'HAS_ONE', objectType: 'contact', inverseKey: 'mentees', inverseLabel: 'Mentees', inverseCardinality: 'HAS_MANY' },
    });
    assert.equal(rel.status, 200, rel.text);
    const defs = await t.request({ path: '/v1/contacts/definitions' });
    assert.deepEqual(defs.body.relationshipDefinitions.mentor.cardinality, 'HAS_ONE');
    assert.deepEqual(defs.body.relationshipDefinitions.mentees.objectType, 'contact');

    const set = await t.request({ path: `/v1/contacts/${s.contactId}`, json: { relationships: { mentor: { replace: s.secondContactId } } } });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body.relationships.mentor, { cardinality: 'has_one', objectType: 'contact', values: [s.secondContactId] });
    const mentor = await t.request({ path: `/v1/contacts/${s.secondContactId}` });
    assert.deepEqual(mentor.body.relationships.mentees.values, [s.contactId]);

    // contact → mentees (HAS_MANY) may not give a contact a second mentor (HAS_ONE).
    const third = await t.request({ path: '/v1/contacts', json: { fields: { $title: 'third' } } });
    const before = await storeCounts(t);
    const steal = await t.request({ path: `/v1/contacts/${third.body.id}`, json: { relationships: { mentees: { add: s.contactId } } } });
    assert.deepEqual([steal.status, steal.body.error.code, steal.body.error.param], [400, 'invalid_type', 'relationships.mentees']);
    assert.deepEqual(await storeCounts(t), before);

    const dup = await t.request({
      path: '/v1/accounts/definitions/relationships',
      json: { key: 'partner', label: 'P', cardinality: 'HAS_ONE', objectType: 'contact', inverseKey: 'mentor', inverseLabel: 'M', inverseCardinality: 'HAS_MANY' },
    });
    assert.deepEqual([dup.status, dup.body.error.type], [409, 'conflict']);
    const after = await t.request({ path: '/v1/accounts/definitions' });
    assert.equal(after.body.relationshipDefinitions.partner, undefined, 'a refused pair leaves neither side');
  });

  it('renames, adds and archives select options; archived ones still read but refuse writes', async () => {
    await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'tier', label: 'Tier', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['Gold', 'Silver'] } } });
    const defs = await t.request({ path: '/v1/accounts/definitions' });
    const [gold, silver] = defs.body.fieldDefinitions.tier.typeConfiguration.options;
    await t.request({ path: `/v1/accounts/${s.accountId}`, json: { fields: { tier: 'Silver' } } });

    const changed = await t.request({
      path: '/v1/accounts/definitions/fields/tier',
      json: { label: 'Customer tier', typeConfiguration: { options: [{ id: gold.id, label: 'Platinum' }, 'Bronze'] } },
    });
    assert.equal(changed.status, 200, changed.text);
    const after = await t.request({ path: '/v1/accounts/definitions' });
    assert.equal(after.body.fieldDefinitions.tier.label, 'Customer tier');
    assert.deepEqual(after.body.fieldDefinitions.tier.typeConfiguration.options.map((o: { label: string }) => o.label), ['Platinum', 'Bronze']);
    assert.equal(after.body.fieldDefinitions.tier.typeConfiguration.options[0].id, gold.id, 'a rename keeps the id');

    const account = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.equal(account.body.fields.tier.value, silver.id, 'an archived option still reads');
    const refused = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { fields: { tier: silver.id } } });
    assert.deepEqual([refused.status, refused.body.error.code], [422, 'invalid_option']);
    const platinum = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { fields: { tier: 'platinum' } } });
    assert.equal(platinum.body.fields.tier.value, gold.id);
  });

  it('sets the status of a new stage option, which drives $opportunityStatus', async () => {
    const defs = await t.request({ path: '/v1/opportunities/definitions' });
    const stages = defs.body.fieldDefinitions.$stage.typeConfiguration.options.map((o: { id: string; label: string }) => ({ id: o.id, label: o.label }));
    const res = await t.request({
      path: '/v1/opportunities/definitions/fields/$stage',
      json: { typeConfiguration: { options: [...stages, { label: 'Signed', status: 'WON' }] } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.typeConfiguration.options.find((o: { label: string }) => o.label === 'Signed').status, 'WON');
    const opp = await t.request({ path: `/v1/opportunities/${s.opportunityId}`, json: { fields: { $stage: 'Signed' } } });
    const won = defs.body.fieldDefinitions.$opportunityStatus.typeConfiguration.options.find((o: { label: string }) => o.label === 'Won').id;
    assert.equal(opp.body.fields.$opportunityStatus.value, won);

    // Negotiation now counts as won: opportunities already in it, and their account, follow at once.
    const negotiating = await t.request({ path: `/v1/opportunities/${s.opportunityId}`, json: { fields: { $stage: 'Negotiation' } } });
    const open = defs.body.fieldDefinitions.$opportunityStatus.typeConfiguration.options.find((o: { label: string }) => o.label === 'Open').id;
    assert.equal(negotiating.body.fields.$opportunityStatus.value, open);
    const withNew = (await t.request({ path: '/v1/opportunities/definitions' })).body.fieldDefinitions.$stage.typeConfiguration.options;
    const restatus = await t.request({
      path: '/v1/opportunities/definitions/fields/$stage',
      json: { typeConfiguration: { options: withNew.map((o: { id: string; label: string }) => (o.label === 'Negotiation' ? { id: o.id, label: o.label, status: 'WON' } : { id: o.id, label: o.label })) } },
    });
    assert.equal(restatus.status, 200, restatus.text);
    const after = await t.request({ path: `/v1/opportunities/${s.opportunityId}` });
    assert.equal(after.body.fields.$opportunityStatus.value, won);
    assert.equal(after.body.updatedAt, negotiating.body.updatedAt, 'derived: not the user\'s update');
    const accountDefs = await t.request({ path: '/v1/accounts/definitions' });
    const customer = accountDefs.body.fieldDefinitions.$accountStatus.typeConfiguration.options.find((o: { label: string }) => o.label === 'Customer').id;
    assert.equal((await t.request({ path: `/v1/accounts/${s.accountId}` })).body.fields.$accountStatus.value, customer);

    const bad = await t.request({ path: '/v1/accounts/definitions/fields/$headcount', json: { typeConfiguration: { options: [{ label: 'Huge', status: 'WON' }] } } });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'invalid_configuration']);
  });

  it('bounds the options of a select field: 500 in one write, labels of 255 characters', async () => {
    const labels = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
    const flood = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'flood', label: 'Flood', valueType: 'SINGLE_SELECT', typeConfiguration: { options: labels(40_000, 'o') } } });
    assert.deepEqual([flood.status, flood.body.error.code, flood.body.error.param], [400, 'invalid_configuration', 'typeConfiguration.options']);
    assert.equal((await t.request({ path: '/v1/accounts/definitions' })).body.fieldDefinitions.flood, undefined, 'nothing was defined');

    const made = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'region', label: 'Region', valueType: 'MULTI_SELECT', typeConfiguration: { options: labels(500, 'r') } } });
    assert.equal(made.status, 200, made.text.slice(0, 300));
    const more = await t.request({ path: '/v1/accounts/definitions/fields/region', json: { typeConfiguration: { options: labels(501, 's') } } });
    assert.deepEqual([more.status, more.body.error.code, more.body.error.param], [400, 'invalid_configuration', 'typeConfiguration.options']);
    const long = await t.request({ path: '/v1/accounts/definitions/fields/region', json: { typeConfiguration: { options: ['ok', 'x'.repeat(256)] } } });
    assert.deepEqual([long.status, long.body.error.code, long.body.error.param], [400, 'invalid_configuration', 'typeConfiguration.options[1]']);
    const options = (await t.request({ path: '/v1/accounts/definitions' })).body.fieldDefinitions.region.typeConfiguration.options;
    assert.equal(options.length, 500, 'the refused updates changed nothing');

    // Archived options are kept, so replacing them over and over is bounded too.
    for (const round of [1, 2, 3]) {
      const res = await t.request({ path: '/v1/accounts/definitions/fields/region', json: { typeConfiguration: { options: labels(500, `round ${round}`) } } });
      assert.equal(res.status, 200, res.text.slice(0, 300));
    }
    const past = await t.request({ path: '/v1/accounts/definitions/fields/region', json: { typeConfiguration: { options: labels(1, 'one more') } } });
    assert.deepEqual([past.status, past.body.error.code, past.body.error.param], [400, 'invalid_configuration', 'typeConfiguration.options']);
  });
});
