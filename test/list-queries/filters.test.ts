import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FilterOperator } from '../../src/domain/values/value-type.js';
import { addEveryTypeField, EVERY_TYPE_FIELDS } from '../helpers/every-type-fields.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const FIELDS = EVERY_TYPE_FIELDS;

const A = {
  'f-text': 'Alpha Corp', 'f-number': 10, 'f-currency': 100, 'f-datetime': '2026-01-01', 'f-checkbox': true, 'f-email': 'a@alpha.com',
  'f-phone': '+1 650 253 0000', 'f-url': 'alpha.com', 'f-social': 'alpha', 'f-address': { city: 'Springfield', country: 'us' },
  'f-name': { firstName: 'Ada', lastName: 'Lovelace' }, 'f-select': 'Alpha', 'f-multi': ['Red'], 'f-markdown': 'alpha notes',
};
const B = {
  'f-text': 'Beta Inc', 'f-number': 20, 'f-currency': 200, 'f-datetime': '2026-06-01T12:00:00Z', 'f-checkbox': false, 'f-email': ['b@beta.io'],
  'f-phone': '+44 20 7183 8750', 'f-url': 'https://beta.io/x', 'f-social': 'beta', 'f-address': { city: 'Shelbyville', country: 'US' },
  'f-name': { firstName: 'Grace', lastName: 'Hopper' }, 'f-select': 'Beta', 'f-multi': ['Green'], 'f-markdown': 'beta notes',
};

type Who = 'A' | 'B' | 'C';
/** Every allowed operator of every type, with the records it must match (C has no custom values). */
const ALLOWED: Record<string, Partial<Record<FilterOperator, Array<[string, Who[]]>>>> = {
  'f-text': { equal: [['alpha corp', ['A']]], startsWith: [['BE', ['B']], ['', ['A', 'B']]] },
  'f-number': {
    equal: [['10', ['A']]], greaterThan: [['10', ['B']]], greaterThanOrEqual: [['10', ['A', 'B']]], lessThan: [['20', ['A']]], lessThanOrEqual: [['20', ['A', 'B']]],
  },
  'f-currency': {
    equal: [['200', ['B']]], greaterThan: [['99.5', ['A', 'B']]], greaterThanOrEqual: [['200', ['B']]], lessThan: [['100', []]], lessThanOrEqual: [['100', ['A']]],
  },
  'f-datetime': {
    equal: [['2026-01-01', ['A']]], greaterThan: [['2026-03-01T00:00:00Z', ['B']]], greaterThanOrEqual: [['2026-06-01T14:00:00+02:00', ['B']]],
    lessThan: [['2026-03-01', ['A']]], lessThanOrEqual: [['2026-06-01T12:00:00Z', ['A', 'B']]],
  },
  'f-checkbox': { equal: [['true', ['A']], ['false', ['B']]] },
  'f-email': { contains: [['ALPHA', ['A']], ['.io', ['B']]] },
  'f-phone': { contains: [['650', ['A']], ['+44', ['B']]] },
  'f-url': { contains: [['beta.io', ['B']]] },
  'f-social': { equal: [['https://www.linkedin.com/company/alpha', ['A']]], startsWith: [['https://www.linkedin.com/company/b', ['B']]] },
  'f-address': { equal: [['springfield, US', ['A']]], startsWith: [['shelby', ['B']]] },
  'f-name': { equal: [['ADA lovelace', ['A']]], startsWith: [['grace', ['B']]] },
  'f-select': { equal: [['alpha', ['A']], [' Beta ', ['B']]] },
  'f-multi': {},
  'f-markdown': {},
};
const OPERATORS: FilterOperator[] = ['equal', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'startsWith', 'contains'];

describe('list filters: the operator matrix over HTTP', () => {
  let t: TestServer;
  const ids: Record<Who, string> = { A: '', B: '', C: '' };
  const whoIs = (id: string) => (Object.keys(ids) as Who[]).find((w) => ids[w] === id);
  const list = (query: string) => t.request({ path: `/v1/accounts?${query}` });
  const matches = async (query: string): Promise<Who[]> => {
    const res = await list(query);
    assert.equal(res.status, 200, `${query}: ${res.text}`);
    assert.equal(res.body.totalCount, res.body.data.length, 'totalCount counts every match');
    return res.body.data.map((r: { id: string }) => whoIs(r.id)).filter(Boolean).sort();
  };

  before(async () => {
    t = await startTestServer();
    await addEveryTypeField(t);
    for (const [who, fields] of [['A', A], ['B', B], ['C', {}]] as const) {
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: `Account ${who}`, ...fields } } });
      assert.equal(res.status, 200, res.text);
      ids[who] = res.body.id;
    }
  });
  after(() => t.stop());

  for (const field of FIELDS) {
    for (const op of OPERATORS) {
      const cases = ALLOWED[field.key]![op];
      if (cases) {
        it(`${field.valueType} ${op}: allowed`, async () => {
          for (const [value, expected] of cases) {
            assert.deepEqual(await matches(`${field.key}[${op}]=${encodeURIComponent(value)}`), expected, `${op} ${JSON.stringify(value)}`);
          }
        });
      } else {
        it(`${field.valueType} ${op}: refused with invalid_filter`, async () => {
          const param = `${field.key}[${op}]`;
          const res = await list(`${param}=x`);
          assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_filter', param]);
        });
      }
    }
  }

  it('negates any operator with -OP, counting unset values as not equal', async () => {
    assert.deepEqual(await matches('f-number[-equal]=10'), ['B', 'C']);
    assert.deepEqual(await matches('f-text[-startsWith]='), ['C']);
    assert.deepEqual(await matches('f-email[-contains]=alpha'), ['B', 'C']);
  });

  it('uses equal without [OP] where the type allows it, else contains', async () => {
    assert.deepEqual(await matches('f-text=Alpha%20Corp'), ['A']);
    assert.deepEqual(await matches('f-email=beta'), ['B']);
    const none = await list('f-multi=Red');
    assert.deepEqual([none.status, none.body.error.code, none.body.error.param], [400, 'invalid_filter', 'f-multi']);
  });

  it('ANDs several filters, a repeated key included', async () => {
    assert.deepEqual(await matches('f-number[greaterThanOrEqual]=10&f-checkbox=true'), ['A']);
    assert.deepEqual(await matches('f-number[greaterThan]=5&f-number[lessThan]=15'), ['A']);
  });

  it('refuses unknown keys, unknown operators and values that do not parse, naming the query key', async () => {
    for (const param of ['nope', 'f-number[bigger]', 'f-number[greaterThan]', 'f-datetime[lessThan]', 'f-checkbox', 'f-select', '$owner[greaterThan]']) {
      const res = await list(`${param}=notavalue`);
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_filter', param], param);
    }
  });

  it('filters by relationship: contains and equal match records linked to the id', async () => {
    const contact = await t.request({ path: '/v1/contacts', json: { fields: { $title: 'linked' }, relationships: { $account: [ids.A, ids.C] } } });
    assert.deepEqual(await matches(`$contact[contains]=${contact.body.id}`), ['A', 'C']);
    assert.deepEqual(await matches(`$contact=${contact.body.id}`), ['A', 'C']);
    assert.deepEqual(await matches(`$contact[-contains]=${contact.body.id}`), ['B']);
    const fromContacts = await t.request({ path: `/v1/contacts?$account[contains]=${ids.C}` });
    assert.deepEqual(fromContacts.body.data.map((c: { id: string }) => c.id), [contact.body.id]);
  });

  it('sorts ascending and descending by a field, unset last, and by createdAt', async () => {
    const order = async (query: string) => (await list(query)).body.data.map((r: { id: string }) => whoIs(r.id));
    assert.deepEqual(await order('sort=f-number'), ['A', 'B', 'C']);
    assert.deepEqual(await order('sort=-f-number'), ['B', 'A', 'C']);
    assert.deepEqual(await order('sort=f-text'), ['A', 'B', 'C']);
    assert.deepEqual(await order('sort=-f-datetime'), ['B', 'A', 'C']);
    assert.deepEqual(await order('sort=createdAt'), ['A', 'B', 'C']);
    assert.deepEqual(await order(''), ['C', 'B', 'A'], 'default: newest first');
    for (const bad of ['f-multi', 'f-checkbox', 'nope', '-']) {
      const res = await list(`sort=${bad}`);
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_filter', 'sort'], bad);
    }
  });
});

describe('list pages: ties, edges and counts', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'tier', label: 'Tier', valueType: 'NUMBER' } });
    for (let i = 0; i < 30; i++) {
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: `Tied ${i}`, tier: i % 3 } } });
      assert.equal(res.status, 200);
    }
  });
  after(() => t.stop());

  it('pages through a sort with ties in a stable order: no record twice, none missing', async () => {
    for (const sort of ['tier', '-tier', 'createdAt', '-updatedAt']) {
      const seen: string[] = [];
      for (let offset = 0; offset < 30; offset += 7) {
        const page = await t.request({ path: `/v1/accounts?sort=${sort}&limit=7&offset=${offset}` });
        assert.equal(page.body.totalCount, 30);
        seen.push(...page.body.data.map((r: { id: string }) => r.id));
      }
      assert.equal(new Set(seen).size, 30, sort);
      const all = await t.request({ path: `/v1/accounts?sort=${sort}&limit=25` });
      assert.deepEqual(seen.slice(0, 25), all.body.data.map((r: { id: string }) => r.id), `${sort}: pages agree with one big page`);
    }
  });

  it('refuses limit 0 and 26, accepts 25, and answers an offset past the end with an empty page', async () => {
    for (const limit of ['0', '26']) {
      const res = await t.request({ path: `/v1/accounts?limit=${limit}` });
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'limit']);
    }
    const full = await t.request({ path: '/v1/accounts?limit=25' });
    assert.equal(full.body.data.length, 25);
    const past = await t.request({ path: '/v1/accounts?offset=30' });
    assert.deepEqual([past.body.data.length, past.body.totalCount], [0, 30]);
  });

  it('counts every match under a filter, not the page', async () => {
    const res = await t.request({ path: '/v1/accounts?tier=1&limit=2' });
    assert.deepEqual([res.body.data.length, res.body.totalCount], [2, 10]);
  });
});
