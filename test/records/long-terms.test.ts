import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { parseListQuery } from '../../src/domain/list-queries/parse-list-query.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { choosePagePlan, countQuery, queryRecords, type RecordQuery } from '../../src/storage/record-query.js';
import { queryPlan } from '../helpers/seeded-opportunities.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TEST_ENGINE } from '../helpers/test-database.js';

// A TEXT value may hold 10,000 characters, up to 40,000 bytes of UTF-8: far more than a B-tree row
// holds on PostgreSQL (2,704 bytes). The term index and unique claims hold bounded keys of such
// values (the first 200 code points); filters, sorts and claims must stay exact past the key.
describe('long text values: filters, sorts and uniqueness past the index key', () => {
  let t: TestServer;
  // A fixed pseudo-random sequence (mulberry32), so a failure repeats.
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  /** `n` code points: CJK ideographs (3 bytes of UTF-8 each), or emoji (4 bytes, two UTF-16 units) when `emoji`. */
  const chars = (n: number, emoji = false): string =>
    Array.from({ length: n }, () => String.fromCodePoint(emoji ? 0x1f300 + Math.floor(random() * 0x300) : 0x4e00 + Math.floor(random() * 0x5200))).join('');
  const mixed = (n: number): string => Array.from({ length: n }, () => chars(1, random() < 0.5)).join('');

  const shared300 = chars(300);
  const key200 = chars(200);
  const emojiKey = mixed(250);
  // Created in the reverse of their order by name where they share a key: were the key and the
  // record id the whole sort, these would come out in the wrong order.
  const NAMES: Record<string, string> = {
    cjk900: chars(900),
    mixed10k: mixed(10_000),
    emoji10k: chars(10_000, true),
    sharedB: `${shared300}b${chars(50)}`,
    sharedA: `${shared300}a${chars(50)}`,
    sharedShort: shared300,
    // One longer than the key, and exactly as long: equal to the second is not equal to the first.
    key201: `${key200}z`,
    key200,
    // The key's last code points are surrogate pairs in UTF-16.
    emojiKeyLonger: `${emojiKey}${chars(5, true)}`,
    emojiKey,
    short: 'short',
  };
  const ids = new Map<string, string>();
  const nameOf = new Map<string, string>();

  const list = async (query: string): Promise<string[]> => {
    const res = await t.request({ path: `/v1/accounts?${query}&limit=25` });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.equal(res.body.totalCount, res.body.data.length);
    return res.body.data.map((r: { id: string }) => nameOf.get(r.id)!);
  };
  const names = Object.keys(NAMES);
  const matching = (test: (name: string) => boolean): string[] => names.filter((n) => test(NAMES[n]!)).sort();
  const q = (text: string) => encodeURIComponent(text);

  before(async () => {
    t = await startTestServer();
    for (const [label, name] of Object.entries(NAMES)) {
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: name } } });
      assert.equal(res.status, 200, `${label}: ${res.text.slice(0, 500)}`);
      assert.ok(res.body.fields.$name?.value === name, `${label}: written as given`);
      ids.set(label, res.body.id);
      nameOf.set(res.body.id, label);
    }
  });
  after(() => t.stop());

  it('reads every long name back whole', async () => {
    for (const [label, name] of Object.entries(NAMES)) {
      const res = await t.request({ path: `/v1/accounts/${ids.get(label)}` });
      assert.equal(res.status, 200, res.text.slice(0, 500));
      assert.ok(res.body.fields.$name?.value === name, `${label}: read back whole`);
    }
  });

  it('equal finds exactly the record with the whole name', async () => {
    for (const label of ['cjk900', 'sharedA', 'sharedB', 'sharedShort', 'key200', 'key201', 'emojiKey', 'emojiKeyLonger', 'short']) {
      assert.deepEqual((await list(`%24name=${q(NAMES[label]!)}`)).sort(), [label], label);
    }
    // The key of a long name, or a long name cut short, is no name.
    assert.deepEqual(await list(`%24name=${q(Array.from(NAMES.cjk900!).slice(0, 200).join(''))}`), []);
    assert.deepEqual(await list(`%24name=${q(`${shared300}a`)}`), []);
    assert.deepEqual(await list(`%24name=${q(`${shared300}c${chars(50)}`)}`), []);
  });

  it('startsWith a short prefix or one longer than the key finds exactly the names that start with it', async () => {
    const prefixes = [
      Array.from(NAMES.cjk900!).slice(0, 3).join(''),
      Array.from(NAMES.cjk900!).slice(0, 600).join(''),
      Array.from(NAMES.mixed10k!).slice(0, 400).join(''),
      Array.from(NAMES.emoji10k!).slice(0, 250).join(''),
      shared300.slice(0, 10),
      shared300,
      `${shared300}a`,
      `${shared300}b${Array.from(NAMES.sharedB!).slice(301, 320).join('')}`,
      `${shared300}c`,
      key200,
      `${key200}z`,
      `${key200}y`,
      Array.from(emojiKey).slice(0, 199).join(''),
      emojiKey,
      `${emojiKey}${Array.from(NAMES.emojiKeyLonger!).at(-5)}`,
    ];
    for (const prefix of prefixes) {
      const expected = matching((name) => name.startsWith(prefix));
      assert.ok(expected.length > 0 || prefix.endsWith('c') || prefix.endsWith('y'));
      assert.deepEqual((await list(`%24name%5BstartsWith%5D=${q(prefix)}`)).sort(), expected, `prefix of ${Array.from(prefix).length} code points`);
      const negated = await list(`%24name%5B-startsWith%5D=${q(prefix)}`);
      assert.deepEqual(negated.sort(), matching((name) => !name.startsWith(prefix)));
    }
  });

  it('sorts by the whole name, both ways, also among names sharing the key', async () => {
    // Terms and their order compare by code point (UTF-8 bytes), not by UTF-16 units.
    const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(NAMES[a]!, 'utf8'), Buffer.from(NAMES[b]!, 'utf8'));
    const ascending = [...names].sort(byCodePoint);
    assert.deepEqual(await list('sort=%24name'), ascending);
    assert.deepEqual(await list('sort=-%24name'), [...ascending].reverse());
    // Paged: the order holds across page boundaries.
    const paged: string[] = [];
    for (let offset = 0; offset < names.length; offset += 2) {
      const res = await t.request({ path: `/v1/accounts?sort=%24name&limit=2&offset=${offset}` });
      assert.equal(res.status, 200, res.text.slice(0, 500));
      paged.push(...res.body.data.map((r: { id: string }) => nameOf.get(r.id)!));
    }
    assert.deepEqual(paged, ascending);
    // Filtered and sorted at once: names sharing 300 characters, in order.
    assert.deepEqual(await list(`%24name%5BstartsWith%5D=${q(shared300)}&sort=%24name`), ['sharedShort', 'sharedA', 'sharedB']);
    assert.deepEqual(await list(`%24name%5BstartsWith%5D=${q(shared300)}&sort=-%24name`), ['sharedB', 'sharedA', 'sharedShort']);
  });

  it('an update to a long name moves its terms', async () => {
    const renamed = `${shared300}0${chars(20)}`;
    const res = await t.request({ path: `/v1/accounts/${ids.get('short')}`, json: { fields: { $name: renamed } } });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.deepEqual(await list(`%24name=${q(renamed)}`), ['short']);
    assert.deepEqual(await list('%24name=short'), []);
    assert.deepEqual(await list(`%24name%5BstartsWith%5D=${q(shared300)}&sort=%24name`), ['sharedShort', 'short', 'sharedA', 'sharedB']);
    const back = await t.request({ path: `/v1/accounts/${ids.get('short')}`, json: { fields: { $name: 'short' } } });
    assert.equal(back.status, 200, back.text.slice(0, 500));
  });

  it('a unique TEXT field claims long values exactly: the same value conflicts, one differing past the key does not', async () => {
    const made = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'code', label: 'Code', valueType: 'TEXT', typeConfiguration: { unique: true } } });
    assert.equal(made.status, 200, made.text);
    const long = chars(10_000, true);
    const sibling = `${Array.from(long).slice(0, 9_999).join('')}${String.fromCodePoint(0x1f600)}`;
    const keyLong = `${key200}${chars(1)}`;
    const create = (code: string) => t.request({ path: '/v1/accounts', json: { fields: { $name: 'coded', code } } });

    const first = await create(long);
    assert.equal(first.status, 200, first.text.slice(0, 500));
    const again = await create(long);
    assert.deepEqual([again.status, again.body.error?.code, again.body.error?.param], [409, 'unique_violation', 'fields.code'], again.text.slice(0, 500));
    // Differing only in the last code point, or only past the key: each its own value.
    for (const code of [sibling, key200, keyLong, `${key200}${chars(2)}`, Array.from(long).slice(0, 200).join('')]) {
      const res = await create(code);
      assert.equal(res.status, 200, res.text.slice(0, 500));
      const dup = await create(code);
      assert.deepEqual([dup.status, dup.body.error?.code], [409, 'unique_violation'], dup.text.slice(0, 500));
    }
    // Updating a record to another's long value conflicts; releasing it (a new value) frees it.
    const other = await create('plain');
    assert.equal(other.status, 200, other.text);
    const steal = await t.request({ path: `/v1/accounts/${other.body.id}`, json: { fields: { code: long } } });
    assert.deepEqual([steal.status, steal.body.error?.code], [409, 'unique_violation'], steal.text.slice(0, 500));
    const release = await t.request({ path: `/v1/accounts/${first.body.id}`, json: { fields: { code: 'released' } } });
    assert.equal(release.status, 200, release.text.slice(0, 500));
    const take = await t.request({ path: `/v1/accounts/${other.body.id}`, json: { fields: { code: long } } });
    assert.equal(take.status, 200, take.text.slice(0, 500));
    // The record may write its own value again.
    const same = await t.request({ path: `/v1/accounts/${other.body.id}`, json: { fields: { code: long, $name: 'coded again' } } });
    assert.equal(same.status, 200, same.text.slice(0, 500));
  });
});

// A database the previous version made: its terms and unique values get their keys when 0017 runs.
// (PostgreSQL's previous version could hold only values of up to about 2,700 bytes; SQLite any.)
describe('migration 0017 on a database made before it', () => {
  let t: TestServer;
  const long = (n: number, from: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(from + ((i * 7919) % 5000))).join('');
  const size = TEST_ENGINE === 'sqlite' ? 1_200 : 600;
  const shared = 'x'.repeat(250);
  const names = { a: `${shared}b`, b: `${shared}a`, c: long(size, 0x4e00), d: 'plain' };
  const code = long(size, 0x5e00);
  const ids = new Map<string, string>();

  before(async () => {
    t = await startTestServer();
    const made = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'code', label: 'Code', valueType: 'TEXT', typeConfiguration: { unique: true } } });
    assert.equal(made.status, 200, made.text);
    const migrator = new Migrator({ db: t.server.storage.db, provider: { getMigrations: async () => migrations } });
    assert.equal((await migrator.migrateTo('0016_channels_enrichment')).error, undefined);
    // Written as the previous version wrote them: terms without keys, unique values by the whole value.
    for (const [label, name] of Object.entries(names)) {
      const id = `acc_${label.padStart(26, '0')}`;
      ids.set(id, label);
      const db = t.server.storage.db as any;
      await db.insertInto('records').values({ id, organization_id: t.organizationId, object_type: 'account', fields: JSON.stringify({ $name: name, ...(label === 'c' ? { code } : {}) }), external_id: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
      await db.insertInto('record_terms').values({ organization_id: t.organizationId, object_type: 'account', field_key: '$name', record_id: id, term_text: name, term_number: null }).execute();
      if (label === 'c') {
        await db.insertInto('record_terms').values({ organization_id: t.organizationId, object_type: 'account', field_key: 'code', record_id: id, term_text: code, term_number: null }).execute();
        await db.insertInto('unique_values').values({ organization_id: t.organizationId, object_type: 'account', field_key: 'code', value: code, record_id: id }).execute();
      }
    }
    const names17 = Object.keys(migrations);
    assert.deepEqual(await migrateToLatest(t.server.storage.db), names17.slice(names17.indexOf('0017_bounded_index_keys')));
  });
  after(() => t.stop());

  const list = async (query: string): Promise<string[]> => {
    const res = await t.request({ path: `/v1/accounts?${query}&limit=25` });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    return res.body.data.map((r: { id: string }) => ids.get(r.id)).filter(Boolean);
  };

  it('finds, sorts and claims what was there before', async () => {
    assert.deepEqual(await list(`%24name=${encodeURIComponent(names.c)}`), ['c']);
    assert.deepEqual(await list(`%24name=${encodeURIComponent(names.a)}`), ['a']);
    assert.deepEqual((await list(`%24name%5BstartsWith%5D=${encodeURIComponent(shared)}`)).sort(), ['a', 'b']);
    assert.deepEqual(await list(`%24name%5BstartsWith%5D=${encodeURIComponent(`${shared}a`)}`), ['b']);
    assert.deepEqual(await list('sort=%24name'), ['d', 'b', 'a', 'c']);
    assert.deepEqual(await list('sort=-%24name'), ['c', 'a', 'b', 'd']);
    const taken = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'again', code } } });
    assert.deepEqual([taken.status, taken.body.error?.code, taken.body.error?.param], [409, 'unique_violation', 'fields.code'], taken.text.slice(0, 500));
    const other = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'other', code: `${code}!` } } });
    assert.equal(other.status, 200, other.text.slice(0, 500));
  });
});

// A list filtered on one field and sorted by a name that most records start with the same long
// template: the walk (the `ordered` plan) meets blocks of names sharing a whole key at every page,
// cut by page boundaries or held whole in one page, and must put each page in the whole names'
// order without reading a block beyond the page. `contains` reads the index's key, and the whole
// term only for a term as long as the key.
describe('the ordered plan over names sharing long prefixes, page by page, and contains past the key', () => {
  let t: TestServer;
  let seed = 0xb10c;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  // CJK ideographs, emoji (past U+FFFF) and CJK compatibility ideographs (U+F900–U+FA6D, above the
  // surrogates in UTF-16 but below every emoji by code point): none has a case to lower.
  const char = (): string => {
    const r = random();
    return String.fromCodePoint(r < 0.5 ? 0x4e00 + Math.floor(random() * 0x5200) : r < 0.75 ? 0x1f300 + Math.floor(random() * 0x300) : 0xf900 + Math.floor(random() * 0x16e));
  };
  const chars = (n: number): string => Array.from({ length: n }, char).join('');
  const templateA = chars(250);
  const templateB = chars(200);
  const templateC = chars(230);
  interface Seeded {
    name: string;
    tier: 'in' | 'out';
    site?: string;
  }
  const seeded: Seeded[] = [];
  for (let i = 0; i < 60; i++) seeded.push({ name: `${templateA}${chars(1 + (i % 3))}`, tier: i % 6 === 5 ? 'out' : 'in' });
  // The same whole name twice: ties go by id.
  seeded.push({ name: seeded[0]!.name, tier: 'in' });
  // The key itself, and names one past it.
  seeded.push({ name: templateB, tier: 'in' });
  for (let i = 0; i < 30; i++) seeded.push({ name: `${templateB}${chars(1)}`, tier: i % 5 === 4 ? 'out' : 'in' });
  // A small block: JavaScript's UTF-16 order would put U+F900 after an emoji.
  for (const tail of ['\uf900', '\u{1f600}', '\u4e00']) seeded.push({ name: `${templateC}${tail}`, tier: 'in' });
  for (let i = 0; i < 30; i++) seeded.push({ name: i % 2 ? chars(3) : `${String.fromCharCode(97 + (i % 26))}${i}`, tier: i % 7 === 6 ? 'out' : 'in' });
  // Long names each with a key of its own.
  for (let i = 0; i < 5; i++) seeded.push({ name: chars(260), tier: 'in' });
  // `needle` wholly inside the key, across its end, past it; and a URL exactly as long as the key.
  const url = (pad: number, tail: string) => `https://example.com/${'p'.repeat(pad)}${tail}`;
  const sites = [url(10, 'needle'), url(177, 'needle'), url(300, 'needle'), url(300, 'needl'), url(174, 'needle'), url(176, 'needle'), url(170, 'needl')];
  sites.forEach((site, i) => (seeded[i * 9]!.site = site));
  const ids = new Map<string, Seeded>();

  before(async () => {
    t = await startTestServer();
    for (const [key, valueType] of [['tier', 'TEXT'], ['site', 'URL']]) {
      const made = await t.request({ path: '/v1/accounts/definitions/fields', json: { key, label: key, valueType } });
      assert.equal(made.status, 200, made.text);
    }
    // Created in a shuffled order, so that id order is not name order.
    const order = seeded.map((_, i) => [random(), i] as const).sort((a, b) => a[0] - b[0]);
    for (const [, i] of order) {
      const s = seeded[i]!;
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: s.name, tier: s.tier, ...(s.site ? { site: s.site } : {}) } } });
      assert.equal(res.status, 200, res.text.slice(0, 500));
      ids.set(res.body.id, s);
    }
  });
  after(() => t.stop());

  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const expected = (desc: boolean): string[] =>
    [...ids]
      .filter(([, s]) => s.tier === 'in')
      .sort(([ia, a], [ib, b]) => (desc ? -1 : 1) * (Buffer.compare(utf8(a.name), utf8(b.name)) || (ia < ib ? -1 : 1)))
      .map(([id]) => id);

  it('every page of a filtered list sorted by the name is in the order of the whole names, on the ordered plan', async () => {
    const defs = await loadDefinitions(t.server.storage.db, t.organizationId, 'account');
    for (const desc of [false, true]) {
      const all = expected(desc);
      assert.ok(all.length >= 100, `${all.length} matches: the planner fetches fewer than 100 whole`);
      const query = { tier: 'in', sort: desc ? '-$name' : '$name' };
      const { filters, sort } = parseListQuery(query, defs, 'US');
      for (const limit of [7, 10, 25]) {
        for (let offset = 0; offset < all.length; offset += limit) {
          const q: RecordQuery = { organizationId: t.organizationId, objectType: 'account', filters, sort, page: { limit, offset } };
          assert.equal(choosePagePlan(q, all.length, ids.size), 'ordered', `offset ${offset}`);
          const what = `${desc ? 'descending' : 'ascending'}, ${limit} from ${offset}`;
          const res = await t.request({ path: `/v1/accounts?tier=in&sort=${encodeURIComponent(query.sort)}&limit=${limit}&offset=${offset}` });
          assert.equal(res.status, 200, res.text.slice(0, 500));
          assert.equal(res.body.totalCount, all.length);
          assert.deepEqual(res.body.data.map((r: { id: string }) => r.id), all.slice(offset, offset + limit), what);
          const { rows } = await queryRecords(t.server.storage.db, q, 'ordered');
          assert.deepEqual(rows.map((r) => r.id), all.slice(offset, offset + limit), `${what}, the ordered plan itself`);
        }
      }
    }
  });

  it('contains finds a fragment inside the key, across its end and past it, from the index where the key decides', async () => {
    const res = await t.request({ path: `/v1/accounts?site=needle&limit=25` });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    const found = res.body.data.map((r: { id: string }) => ids.get(r.id)!.site).sort();
    assert.deepEqual(found, sites.filter((s) => s.includes('needle')).sort());
    const negated = await t.request({ path: `/v1/accounts?site%5B-contains%5D=needle&limit=1` });
    assert.equal(negated.status, 200, negated.text.slice(0, 500));
    assert.equal(negated.body.totalCount, ids.size - found.length);
    if (TEST_ENGINE === 'sqlite') {
      const defs = await loadDefinitions(t.server.storage.db, t.organizationId, 'account');
      const { filters, sort } = parseListQuery({ site: 'needle' }, defs, 'US');
      const q: RecordQuery = { organizationId: t.organizationId, objectType: 'account', filters, sort, page: { limit: 25, offset: 0 } };
      const plan = await queryPlan(t.server.storage, countQuery(t.server.storage.db, q));
      // The text index, over the field's text terms (`term_key>?`: is not null), reading a row only for a whole key.
      assert.ok(plan.some((line) => /^SEARCH t USING INDEX record_terms_text \(organization_id=\? AND object_type=\? AND field_key=\? AND term_key>\?\)$/.test(line)), JSON.stringify(plan));
    }
  });
});
