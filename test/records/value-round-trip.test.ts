import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import type { FieldDefinition } from '../../src/domain/definitions/types.js';
import { DomainError } from '../../src/domain/errors.js';
import { fieldContext } from '../../src/domain/definitions/field-context.js';
import { valueType } from '../../src/domain/values/registry.js';
import { HTTP_ERRORS } from '../../src/http/errors.js';
import { addEveryTypeField, EVERY_TYPE_FIELDS } from '../helpers/every-type-fields.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { storeCounts } from './helpers.js';

const CUSTOM_FIELDS = EVERY_TYPE_FIELDS;

/**
 * Plausible and implausible values of every kind: the domain's own normalize is the oracle.
 * Keys that could poison a prototype are refused by the JSON parser before any field is read
 * (400 on `body`), so they are no case for the value types.
 */
const poisonous = (value: unknown): boolean => /"(__proto__|constructor|prototype)"\s*:/.test(JSON.stringify(value) ?? '');
const candidate = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
  // JSON has no NaN or Infinity: what cannot be sent is not a case.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom('2026-03-16', '2026-03-16T12:00:00+02:00', '2026-02-30', '2026-03-16T12:00', 'ada@example.com', 'Ada@Example.com ', 'nope@', '+1 650 253 0000 ext 12'),
  fc.constantFrom('(650) 253-0000', '12', 'acme.com', 'https://Acme.com:443/', 'ftp://acme.com', 'https://www.linkedin.com/company/acme/', '@acme', 'alpha', ' Beta ', 'Gamma'),
  fc.constantFrom(['Red', 'green', 'red'], ['Purple'], [], '', { firstName: 'Ada', lastName: null }, { first: 'x' }, { street: '1 Main St', country: 'us' }, { country: 'USA' }, { latitude: 91 }),
  fc.array(fc.constantFrom('a@b.co', 'A@B.co', 'c@d.io', 5, 'bad'), { maxLength: 4 }),
).filter((value) => !poisonous(value));

describe('values over HTTP', () => {
  let t: TestServer;
  let accountId: string;
  let defs: FieldDefinition[];
  before(async () => {
    t = await startTestServer();
    await addEveryTypeField(t);
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Values Inc' } } });
    accountId = account.body.id;
    const all = await loadDefinitions(t.server.storage.db, t.organizationId, 'account');
    defs = all.fields.filter((f) => f.key.startsWith('f-'));
  });
  after(() => t.stop());

  it('reads back every accepted value in its normalized form, and refuses the rest as the value type says, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: CUSTOM_FIELDS.length - 1 }), candidate, async (index, raw) => {
        const def = defs[index]!;
        const ctx = fieldContext(def, 'US');
        const type = valueType(def.valueType);
        const expected = raw === null ? null : (type.checkShape(raw, ctx) ?? type.normalize(raw, ctx));
        const before = await t.request({ path: `/v1/accounts/${accountId}` });
        const counts = await storeCounts(t);
        const res = await t.request({ path: `/v1/accounts/${accountId}`, json: { fields: { [def.key]: raw } } });
        assert.ok(res.status < 500, res.text);
        if (expected instanceof DomainError) {
          assert.equal(res.status, HTTP_ERRORS[expected.code].status, `${def.key} ${JSON.stringify(raw)}: ${res.text}`);
          assert.deepEqual([res.body.error.code, res.body.error.param], [expected.code, expected.param]);
          assert.deepEqual(await storeCounts(t), counts);
          const after = await t.request({ path: `/v1/accounts/${accountId}` });
          assert.deepEqual(after.body, before.body);
        } else {
          assert.equal(res.status, 200, `${def.key} ${JSON.stringify(raw)}: ${res.text}`);
          assert.deepEqual(res.body.fields[def.key], { valueType: def.valueType, value: type.render(expected, ctx) });
          const again = await t.request({ path: `/v1/accounts/${accountId}` });
          assert.deepEqual(again.body.fields[def.key], res.body.fields[def.key], 'a retrieve reads what the write returned');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never answers a random body with a 5xx, and a refused one writes nothing', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ fields: fc.dictionary(fc.constantFrom('$name', '$website', 'f-number', 'f-select', 'f-address', 'bogus', '$accountStatus'), fc.jsonValue({ maxDepth: 2 })) }),
      fc.record({ fields: fc.constant({ $name: 'ok' }), relationships: fc.dictionary(fc.constantFrom('$contact', '$owner', '$opportunity', 'nope'), fc.jsonValue({ maxDepth: 2 })) }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (json, create) => {
        const counts = await storeCounts(t);
        const res = await t.request({ path: create ? '/v1/accounts' : `/v1/accounts/${accountId}`, json });
        assert.ok(res.status < 500, `${JSON.stringify(json)} → ${res.status} ${res.text}`);
        if (res.status >= 400) assert.deepEqual(await storeCounts(t), counts, `${JSON.stringify(json)} was refused but wrote`);
      }),
      { numRuns: 300 },
    );
  });
});
