import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type ErrorCode } from '../../src/domain/errors.js';
import { VALUE_TYPES, valueType } from '../../src/domain/values/registry.js';
import {
  VALUE_TYPE_NAMES,
  type FilterOperator,
  type StoredValue,
  type ValueTypeName,
} from '../../src/domain/values/value-type.js';
import { HTTP_ERRORS } from '../../src/http/errors.js';
import { fieldOf, STAGE_OPTIONS, TAG_OPTIONS, type FieldOverrides } from './fields.js';

interface Accept {
  input: unknown;
  stored: StoredValue;
  /** The read `value` when it differs from `stored`. */
  read?: unknown;
  field?: FieldOverrides;
}

interface Reject {
  input: unknown;
  status: 400 | 422;
  code: ErrorCode;
  param: string;
  field?: FieldOverrides;
  message?: RegExp;
}

interface Cases {
  /** The field every case of the type writes to, unless a case overrides part of it. */
  field: FieldOverrides;
  accepts: Accept[];
  rejects: Reject[];
}

const MULTI = { config: { multipleValues: true } };
const EMPTY_ADDRESS = {
  street: null,
  street2: null,
  city: null,
  state: null,
  postalCode: null,
  country: null,
  latitude: null,
  longitude: null,
};
const withField = (field?: FieldOverrides) => (field ? { field } : {});
const bad = (input: unknown, param: string, field?: FieldOverrides): Reject =>
  ({ input, status: 422, code: 'invalid_value', param, ...withField(field) });
const wrong = (input: unknown, param: string, field?: FieldOverrides): Reject =>
  ({ input, status: 400, code: 'invalid_type', param, ...withField(field) });
const option = (input: unknown, param: string, message?: RegExp): Reject =>
  ({ input, status: 422, code: 'invalid_option', param, ...(message ? { message } : {}) });

const CASES = {
  TEXT: {
    field: { key: '$name' },
    accepts: [
      { input: 'Acme', stored: 'Acme' },
      { input: '  Acme  Corp ', stored: '  Acme  Corp ' },
      { input: '', stored: null },
      { input: 'x'.repeat(10_000), stored: 'x'.repeat(10_000) },
      // 10,000 code points are 20,000 UTF-16 units: the limit counts code points.
      { input: '😀'.repeat(10_000), stored: '😀'.repeat(10_000) },
    ],
    rejects: [
      wrong(42, 'fields.$name'),
      wrong(['Acme'], 'fields.$name'),
      wrong({ text: 'Acme' }, 'fields.$name'),
      wrong(true, 'fields.$name'),
      bad('x'.repeat(10_001), 'fields.$name'),
      bad('😀'.repeat(10_001), 'fields.$name'),
    ],
  },
  NUMBER: {
    field: { key: 'headcount' },
    accepts: [
      { input: 12000, stored: 12000 },
      { input: 2.675, stored: 2.68 },
      { input: 1.125, stored: 1.12 },
      { input: 1.135, stored: 1.14 },
      { input: -2.675, stored: -2.68 },
      { input: 0.015, stored: 0.02 },
      { input: 0.005, stored: 0 },
      { input: 123.456, stored: 123.46 },
      { input: -0, stored: 0 },
      { input: -0.001, stored: 0 },
      { input: 1e-7, stored: 0 },
      { input: 9007199254740991, stored: 9007199254740991 },
      { input: -9007199254740991, stored: -9007199254740991 },
    ],
    rejects: [
      wrong('12000', 'fields.headcount'),
      wrong('', 'fields.headcount'),
      wrong(Number.NaN, 'fields.headcount'),
      wrong(Number.POSITIVE_INFINITY, 'fields.headcount'),
      wrong(9007199254740992, 'fields.headcount'),
      wrong(-9007199254740992, 'fields.headcount'),
      wrong(true, 'fields.headcount'),
      wrong([1], 'fields.headcount'),
    ],
  },
  CURRENCY: {
    field: { key: '$amount', config: { currency: 'USD' } },
    accepts: [
      { input: 12000, stored: 12000 },
      { input: 19.999, stored: 20 },
      { input: 2.675, stored: 2.68 },
      { input: 1.125, stored: 1.12 },
      { input: -0, stored: 0 },
    ],
    rejects: [
      wrong('12000', 'fields.$amount'),
      wrong({ amount: 1, currency: 'USD' }, 'fields.$amount'),
      wrong(2 ** 53, 'fields.$amount'),
      wrong(Number.NaN, 'fields.$amount'),
    ],
  },
  DATETIME: {
    field: { key: '$closeDate' },
    accepts: [
      { input: '2026-03-16T12:00:00+02:00', stored: '2026-03-16T10:00:00.000Z' },
      { input: '2026-03-16T12:00:00Z', stored: '2026-03-16T12:00:00.000Z' },
      { input: '2026-03-16t12:00:00z', stored: '2026-03-16T12:00:00.000Z' },
      { input: '2026-03-16T12:00:00+0530', stored: '2026-03-16T06:30:00.000Z' },
      { input: '2026-03-16T12:00-05:00', stored: '2026-03-16T17:00:00.000Z' },
      { input: '2026-03-16T12:00:00.5Z', stored: '2026-03-16T12:00:00.500Z' },
      { input: '2026-03-16T12:00:00.123456789Z', stored: '2026-03-16T12:00:00.123Z' },
      { input: '2026-03-16T12:00:00.9999Z', stored: '2026-03-16T12:00:00.999Z' },
      { input: '2026-03-16T00:30:00+01:00', stored: '2026-03-15T23:30:00.000Z' },
      { input: '2026-03-16', stored: '2026-03-16T00:00:00.000Z' },
      { input: '2024-02-29', stored: '2024-02-29T00:00:00.000Z' },
      { input: '', stored: null },
    ],
    rejects: [
      bad('next tuesday', 'fields.$closeDate'),
      bad('16/03/2026', 'fields.$closeDate'),
      bad('2026-02-30', 'fields.$closeDate'),
      bad('2025-02-29T10:00:00Z', 'fields.$closeDate'),
      bad('2026-13-01', 'fields.$closeDate'),
      bad('2026-03-16T12:00:00', 'fields.$closeDate'),
      bad('2026-03-16T24:00:00Z', 'fields.$closeDate'),
      bad('2026-03-16T12:60Z', 'fields.$closeDate'),
      bad('2026-03-16T12:00:00+24:00', 'fields.$closeDate'),
      wrong(1773662400000, 'fields.$closeDate'),
      wrong({ date: '2026-03-16' }, 'fields.$closeDate'),
    ],
  },
  CHECKBOX: {
    field: { key: 'isPartner' },
    accepts: [
      { input: true, stored: true },
      { input: false, stored: false },
    ],
    rejects: [
      wrong('true', 'fields.isPartner'),
      wrong(1, 'fields.isPartner'),
      wrong(0, 'fields.isPartner'),
      wrong('', 'fields.isPartner'),
      wrong([true], 'fields.isPartner'),
    ],
  },
  EMAIL: {
    field: { key: '$email' },
    accepts: [
      { input: 'ada@example.com', stored: 'ada@example.com' },
      { input: '  Ada.Lovelace+crm@Example.co.uk \n', stored: 'Ada.Lovelace+crm@Example.co.uk' },
      { input: 'josé@exämple.com', stored: 'josé@exämple.com' },
      { input: ['ada@example.com'], stored: 'ada@example.com' },
      { input: '', stored: null },
      { input: '   ', stored: null },
      { input: [], stored: null },
      { input: ['a@x.com', 'A@X.com', ' b@y.org '], stored: ['a@x.com', 'b@y.org'], field: MULTI },
      { input: ['b@y.org', 'a@x.com'], stored: ['b@y.org', 'a@x.com'], field: MULTI },
      { input: 'a@x.com', stored: ['a@x.com'], field: MULTI },
      { input: ['', ' '], stored: null, field: MULTI },
    ],
    rejects: [
      bad('ada@', 'fields.$email'),
      bad('ada', 'fields.$email'),
      bad('ada@example', 'fields.$email'),
      bad('ada lovelace@example.com', 'fields.$email'),
      bad('ada@@example.com', 'fields.$email'),
      bad(['a@x.com', 'nope'], 'fields.$email[1]', MULTI),
      wrong(['a@x.com', 'b@x.com'], 'fields.$email'),
      wrong(['a@x.com', 3], 'fields.$email[1]', MULTI),
      wrong(42, 'fields.$email'),
      wrong({ email: 'a@x.com' }, 'fields.$email', MULTI),
    ],
  },
  TELEPHONE: {
    field: { key: '$phone' },
    accepts: [
      { input: '+16502530000', stored: '+16502530000' },
      { input: '(650) 253-0000', stored: '+16502530000' },
      { input: ' 650.253.0000 ', stored: '+16502530000' },
      { input: '+1 650 253 0000 x100', stored: '+16502530000;ext=100' },
      { input: '650-253-0000 ext 100', stored: '+16502530000;ext=100' },
      { input: '650 253 0000 ext:100', stored: '+16502530000;ext=100' },
      { input: '650 253 0000 #100', stored: '+16502530000;ext=100' },
      { input: '+44 20 7946 0958', stored: '+442079460958' },
      { input: '020 7946 0958', stored: '+442079460958', field: { defaultRegion: 'GB' } },
      { input: ['(650) 253-0000'], stored: '+16502530000' },
      { input: '', stored: null },
      {
        input: ['+16502530000', '(650) 253-0000', '+44 20 7946 0958'],
        stored: ['+16502530000', '+442079460958'],
        field: MULTI,
      },
    ],
    rejects: [
      bad('123', 'fields.$phone'),
      bad('call me', 'fields.$phone'),
      bad('020 7946 0958', 'fields.$phone'),
      bad(['+16502530000', 'abc'], 'fields.$phone[1]', MULTI),
      wrong(['+16502530000', '+442079460958'], 'fields.$phone'),
      wrong(6502530000, 'fields.$phone'),
      wrong([6502530000], 'fields.$phone[0]'),
    ],
  },
  URL: {
    field: { key: '$website' },
    accepts: [
      { input: 'acme.com', stored: 'https://acme.com' },
      { input: 'https://acme.com/', stored: 'https://acme.com' },
      { input: 'HTTPS://WWW.Acme.COM/Products?Q=Shoes', stored: 'https://www.acme.com/Products?Q=Shoes' },
      { input: 'http://acme.com:80/a', stored: 'http://acme.com/a' },
      { input: 'https://acme.com:443', stored: 'https://acme.com' },
      { input: 'http://acme.com:443/', stored: 'http://acme.com:443' },
      { input: 'https://acme.com:8443/x', stored: 'https://acme.com:8443/x' },
      { input: '  acme.com/about  ', stored: 'https://acme.com/about' },
      { input: 'https://acme.com/a%20b/', stored: 'https://acme.com/a%20b/' },
      { input: 'https://acme.com/?ref=1#top', stored: 'https://acme.com/?ref=1#top' },
      { input: '', stored: null },
      {
        input: ['acme.com', 'https://acme.com/', 'https://acme.com/Careers'],
        stored: ['https://acme.com', 'https://acme.com/Careers'],
        field: MULTI,
      },
    ],
    rejects: [
      bad('ftp://acme.com', 'fields.$website'),
      bad('mailto:ada@acme.com', 'fields.$website'),
      bad('javascript:alert(1)', 'fields.$website'),
      bad('https://acme .com', 'fields.$website'),
      bad('https://acme.com/a b', 'fields.$website'),
      bad('https://', 'fields.$website'),
      bad('http:///path', 'fields.$website'),
      bad(['acme.com', 'ftp://acme.com'], 'fields.$website[1]', MULTI),
      wrong(['acme.com', 'globex.com'], 'fields.$website'),
      wrong(42, 'fields.$website'),
    ],
  },
  SOCIAL_HANDLE: {
    field: { key: '$linkedIn', objectType: 'contact', config: { handleService: 'LINKEDIN' } },
    accepts: [
      { input: 'ada-lovelace', stored: 'https://www.linkedin.com/in/ada-lovelace' },
      { input: '  @ada ', stored: 'https://www.linkedin.com/in/ada' },
      { input: 'acme', stored: 'https://www.linkedin.com/company/acme', field: { objectType: 'account' } },
      { input: '@acme', stored: 'https://www.linkedin.com/company/acme', field: { objectType: 'account' } },
      { input: 'https://www.linkedin.com/company/acme', stored: 'https://www.linkedin.com/company/acme' },
      { input: 'http://linkedin.com/in/ada/', stored: 'https://www.linkedin.com/in/ada' },
      { input: 'https://m.linkedin.com/in/ada?trk=profile', stored: 'https://www.linkedin.com/in/ada' },
      { input: 'linkedin.com/company/acme/', stored: 'https://www.linkedin.com/company/acme' },
      { input: 'https://uk.linkedin.com/in/ada', stored: 'https://www.linkedin.com/in/ada' },
      { input: 'https://twitter.com/acme', stored: 'https://x.com/acme', field: { config: { handleService: 'TWITTER' } } },
      { input: '@acme', stored: 'https://x.com/acme', field: { config: { handleService: 'TWITTER' } } },
      { input: 'http://mobile.twitter.com/acme/?lang=en', stored: 'https://x.com/acme', field: { config: { handleService: 'TWITTER' } } },
      { input: 'https://www.x.com/acme', stored: 'https://x.com/acme', field: { config: { handleService: 'TWITTER' } } },
      { input: 'acme', stored: 'https://www.facebook.com/acme', field: { config: { handleService: 'FACEBOOK' } } },
      { input: 'https://m.facebook.com/acme/', stored: 'https://www.facebook.com/acme', field: { config: { handleService: 'FACEBOOK' } } },
      { input: '@acme.co', stored: 'https://www.instagram.com/acme.co', field: { config: { handleService: 'INSTAGRAM' } } },
      { input: 'instagram.com/acme/?hl=en', stored: 'https://www.instagram.com/acme', field: { config: { handleService: 'INSTAGRAM' } } },
      { input: '', stored: null },
    ],
    rejects: [
      bad('https://notlinkedin.com/in/ada', 'fields.$linkedIn'),
      bad('https://linkedin.com.evil.com/in/ada', 'fields.$linkedIn'),
      bad('https://x.com/ada', 'fields.$linkedIn'),
      bad('ftp://linkedin.com/in/ada', 'fields.$linkedIn'),
      bad('https://www.linkedin.com/feed/', 'fields.$linkedIn'),
      bad('ada lovelace', 'fields.$linkedIn'),
      bad('https://facebook.com/acme', 'fields.$linkedIn', { config: { handleService: 'TWITTER' } }),
      wrong(42, 'fields.$linkedIn'),
      wrong(['ada'], 'fields.$linkedIn'),
    ],
  },
  ADDRESS: {
    field: { key: '$primaryAddress' },
    accepts: [
      {
        input: { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'us' },
        stored: { ...EMPTY_ADDRESS, street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
      },
      {
        input: { city: 'Paris', country: 'FR', latitude: 48.8566, longitude: 2.3522 },
        stored: { ...EMPTY_ADDRESS, city: 'Paris', country: 'FR', latitude: 48.8566, longitude: 2.3522 },
      },
      { input: { latitude: -90, longitude: 180 }, stored: { ...EMPTY_ADDRESS, latitude: -90, longitude: 180 } },
      { input: { street: '', city: 'Oslo' }, stored: { ...EMPTY_ADDRESS, city: 'Oslo' } },
      { input: {}, stored: null },
      { input: { street: null, city: '', country: null }, stored: null },
    ],
    rejects: [
      wrong('1 Main St, Springfield', 'fields.$primaryAddress'),
      wrong([], 'fields.$primaryAddress'),
      wrong('', 'fields.$primaryAddress'),
      wrong({ zip: '62701' }, 'fields.$primaryAddress.zip'),
      wrong({ city: 12 }, 'fields.$primaryAddress.city'),
      wrong({ latitude: '48.8' }, 'fields.$primaryAddress.latitude'),
      wrong({ city: 'X', bogus: 1, street: 5 }, 'fields.$primaryAddress.bogus'),
      wrong({ street: 5, bogus: 1 }, 'fields.$primaryAddress.street'),
      bad({ country: 'USA' }, 'fields.$primaryAddress.country'),
      bad({ country: 'U1' }, 'fields.$primaryAddress.country'),
      bad({ latitude: 90.5 }, 'fields.$primaryAddress.latitude'),
      bad({ longitude: -181 }, 'fields.$primaryAddress.longitude'),
      bad({ longitude: 200, country: 'USA' }, 'fields.$primaryAddress.longitude'),
    ],
  },
  FULL_NAME: {
    field: { key: '$name', objectType: 'contact' },
    accepts: [
      { input: { firstName: 'Ada', lastName: 'Lovelace' }, stored: { firstName: 'Ada', lastName: 'Lovelace' } },
      { input: { firstName: 'Ada' }, stored: { firstName: 'Ada', lastName: null } },
      { input: { lastName: 'Lovelace', firstName: null }, stored: { firstName: null, lastName: 'Lovelace' } },
      { input: { firstName: ' Ada ' }, stored: { firstName: ' Ada ', lastName: null } },
      { input: {}, stored: null },
      { input: { firstName: '', lastName: null }, stored: null },
    ],
    rejects: [
      wrong('Ada Lovelace', 'fields.$name'),
      wrong([], 'fields.$name'),
      wrong({ first: 'Ada' }, 'fields.$name.first'),
      wrong({ firstName: 1 }, 'fields.$name.firstName'),
      wrong({ firstName: ['Ada'] }, 'fields.$name.firstName'),
    ],
  },
  SINGLE_SELECT: {
    field: { key: '$stage', objectType: 'opportunity', config: { options: STAGE_OPTIONS } },
    accepts: [
      { input: 'opt_01PROSPECTING', stored: 'opt_01PROSPECTING' },
      { input: 'prospecting', stored: 'opt_01PROSPECTING' },
      { input: '  CLOSED WON ', stored: 'opt_02CLOSEDWON' },
      { input: ' opt_02CLOSEDWON', stored: 'opt_02CLOSEDWON' },
      { input: '', stored: null },
      { input: '  ', stored: null },
    ],
    rejects: [
      option('Negotiation', 'fields.$stage', /Valid options: 'Prospecting', 'Closed Won'\.$/),
      option('Legacy', 'fields.$stage', /archived.*Valid options: 'Prospecting', 'Closed Won'\.$/),
      option('opt_03LEGACY', 'fields.$stage', /archived/),
      option('opt_99OTHERFIELD', 'fields.$stage', /'opt_99OTHERFIELD' is not an option/),
      wrong(['Prospecting'], 'fields.$stage'),
      wrong(1, 'fields.$stage'),
      wrong({ id: 'opt_01PROSPECTING' }, 'fields.$stage'),
    ],
  },
  MULTI_SELECT: {
    field: { key: 'tags', config: { options: TAG_OPTIONS } },
    accepts: [
      { input: ['opt_RED', 'Green'], stored: ['opt_RED', 'opt_GREEN'] },
      { input: 'red', stored: ['opt_RED'] },
      { input: ['Green', 'opt_RED', ' GREEN '], stored: ['opt_GREEN', 'opt_RED'] },
      { input: [' red ', ''], stored: ['opt_RED'] },
      { input: [], stored: null },
      { input: '', stored: null },
    ],
    rejects: [
      option(['red', 'Purple'], 'fields.tags[1]', /Valid options: 'Red', 'Green'\.$/),
      option(['Blue'], 'fields.tags[0]', /archived/),
      option('Purple', 'fields.tags'),
      wrong(['red', 7], 'fields.tags[1]'),
      wrong(7, 'fields.tags'),
      wrong({ red: true }, 'fields.tags'),
    ],
  },
  MARKDOWN: {
    field: { key: '$nextSteps', objectType: 'opportunity' },
    accepts: [
      { input: '# Plan\n\n- call Ada  \n', stored: '# Plan\n\n- call Ada  \n' },
      { input: '', stored: null },
      { input: '😀'.repeat(100_000), stored: '😀'.repeat(100_000) },
    ],
    rejects: [bad('x'.repeat(100_001), 'fields.$nextSteps'), wrong(1, 'fields.$nextSteps'), wrong(['x'], 'fields.$nextSteps')],
  },
  HTML: {
    field: { key: '$body', objectType: 'email' },
    // Read only: no write is ever accepted.
    accepts: [],
    rejects: [
      { input: '<p>Hi</p>', status: 422, code: 'read_only', param: 'fields.$body' },
      { input: '', status: 422, code: 'read_only', param: 'fields.$body' },
      wrong(1, 'fields.$body'),
      wrong({ html: '<p>Hi</p>' }, 'fields.$body'),
      wrong(['<p>Hi</p>'], 'fields.$body'),
    ],
  },
} satisfies Record<ValueTypeName, Cases>;

const show = (input: unknown): string => {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

for (const name of VALUE_TYPE_NAMES) {
  const type = valueType(name);
  const cases: Cases = CASES[name];
  describe(`${name}`, () => {
    for (const c of cases.accepts) {
      it(`accepts ${show(c.input)}`, () => {
        const field = fieldOf(cases.field, c.field);
        assert.equal(type.checkShape(c.input, field), undefined);
        const stored = type.normalize(c.input, field);
        assert.deepStrictEqual(stored, c.stored);
        assert.deepStrictEqual(type.render(stored as StoredValue, field), 'read' in c ? c.read : c.stored);
        if (stored !== null) {
          // The read form written back is the same stored value.
          assert.deepStrictEqual(type.normalize(type.render(stored as StoredValue, field), field), stored);
        }
      });
    }
    for (const c of cases.rejects) {
      it(`rejects ${show(c.input)} with ${c.status} ${c.code} at ${c.param}`, () => {
        const field = fieldOf(cases.field, c.field);
        const shapeError = type.checkShape(c.input, field);
        const error = shapeError ?? type.normalize(c.input, field);
        assert.ok(error instanceof DomainError, `expected an error, got ${show(error)}`);
        assert.equal(error.code, c.code);
        assert.equal(HTTP_ERRORS[error.code].status, c.status);
        assert.equal(error.param, c.param);
        // Wrong kinds are found at the shape step (5), unacceptable values at normalize (7).
        assert.equal(shapeError !== undefined, c.status === 400, 'reported at the wrong step');
        if (c.message) assert.match(error.message, c.message);
      });
    }
  });
}

const INDEX_TERMS = {
  TEXT: [{ stored: 'Acme Corp', terms: ['acme corp'] }],
  NUMBER: [{ stored: 12.5, terms: [12.5] }],
  CURRENCY: [{ stored: 12000, terms: [12000] }],
  DATETIME: [{ stored: '2026-03-16T10:00:00.000Z', terms: ['2026-03-16T10:00:00.000Z'] }],
  CHECKBOX: [
    { stored: true, terms: [1] },
    { stored: false, terms: [0] },
  ],
  EMAIL: [
    { stored: 'Ada@Example.com', terms: ['ada@example.com'] },
    { stored: ['A@x.com', 'b@Y.org'], terms: ['a@x.com', 'b@y.org'] },
  ],
  TELEPHONE: [{ stored: ['+16502530000;ext=100', '+442079460958'], terms: ['+16502530000;ext=100', '+442079460958'] }],
  URL: [{ stored: 'https://acme.com/Careers', terms: ['https://acme.com/careers'] }],
  SOCIAL_HANDLE: [{ stored: 'https://x.com/Acme', terms: ['https://x.com/acme'] }],
  ADDRESS: [
    {
      stored: { ...EMPTY_ADDRESS, street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US', latitude: 39.8 },
      terms: ['1 main st, springfield, il, 62701, us'],
    },
    { stored: { ...EMPTY_ADDRESS, latitude: 1, longitude: 2 }, terms: [] },
  ],
  FULL_NAME: [
    { stored: { firstName: 'Ada', lastName: 'Lovelace' }, terms: ['ada lovelace'] },
    { stored: { firstName: null, lastName: 'Lovelace' }, terms: ['lovelace'] },
  ],
  SINGLE_SELECT: [{ stored: 'opt_01PROSPECTING', terms: ['opt_01PROSPECTING'] }],
  MULTI_SELECT: [{ stored: ['opt_RED', 'opt_GREEN'], terms: ['opt_RED', 'opt_GREEN'] }],
  MARKDOWN: [{ stored: '# Plan', terms: ['# plan'] }],
  HTML: [{ stored: '<p>Hi</p>', terms: ['<p>hi</p>'] }],
} satisfies Record<ValueTypeName, Array<{ stored: StoredValue; terms: Array<string | number> }>>;

/** The operator matrix of api-conventions.md. */
const RANGE: FilterOperator[] = ['equal', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual'];
const OPERATORS = {
  NUMBER: RANGE,
  CURRENCY: RANGE,
  DATETIME: RANGE,
  TEXT: ['equal', 'startsWith'],
  FULL_NAME: ['equal', 'startsWith'],
  SOCIAL_HANDLE: ['equal', 'startsWith'],
  ADDRESS: ['equal', 'startsWith'],
  CHECKBOX: ['equal'],
  SINGLE_SELECT: ['equal'],
  EMAIL: ['contains'],
  TELEPHONE: ['contains'],
  URL: ['contains'],
  MULTI_SELECT: [],
  MARKDOWN: [],
  HTML: [],
} satisfies Record<ValueTypeName, FilterOperator[]>;

describe('every value type', () => {
  const field = fieldOf({ key: 'k' });

  it('is registered under its own name', () => {
    for (const name of VALUE_TYPE_NAMES) assert.equal(VALUE_TYPES[name].name, name);
  });

  it('indexes the terms storage filters and uniqueness compare', () => {
    for (const name of VALUE_TYPE_NAMES) {
      for (const { stored, terms } of INDEX_TERMS[name]) assert.deepStrictEqual(valueType(name).indexTerms(stored), terms, name);
      assert.deepStrictEqual(valueType(name).indexTerms(null), [], name);
    }
  });

  it('allows the filter operators of the matrix', () => {
    for (const name of VALUE_TYPE_NAMES) assert.deepStrictEqual([...valueType(name).operators], OPERATORS[name], name);
  });

  it('renders an unset value as null', () => {
    for (const name of VALUE_TYPE_NAMES) {
      assert.equal(valueType(name).render(null, field), null, name);
      assert.equal(valueType(name).render(undefined, field), null, name);
    }
  });
});

describe('reads', () => {
  it('keep rendering an archived option, which writes refuse', () => {
    const stage = fieldOf({ key: '$stage', config: { options: STAGE_OPTIONS } });
    assert.equal(VALUE_TYPES.SINGLE_SELECT.render('opt_03LEGACY', stage), 'opt_03LEGACY');
    const tags = fieldOf({ key: 'tags', config: { options: TAG_OPTIONS } });
    assert.deepStrictEqual(VALUE_TYPES.MULTI_SELECT.render(['opt_BLUE', 'opt_RED'], tags), ['opt_BLUE', 'opt_RED']);
  });

  it('render ADDRESS with all 8 keys and FULL_NAME with both, even from a partial stored object', () => {
    const field = fieldOf({ key: 'k' });
    assert.deepStrictEqual(VALUE_TYPES.ADDRESS.render({ city: 'Oslo' }, field), { ...EMPTY_ADDRESS, city: 'Oslo' });
    assert.deepStrictEqual(VALUE_TYPES.FULL_NAME.render({ lastName: 'Lovelace' }, field), { firstName: null, lastName: 'Lovelace' });
  });

  it('follow the field’s current multipleValues', () => {
    const single = fieldOf({ key: '$email' });
    const multiple = fieldOf({ key: '$email', config: { multipleValues: true } });
    assert.deepStrictEqual(VALUE_TYPES.EMAIL.render('a@x.com', multiple), ['a@x.com']);
    assert.equal(VALUE_TYPES.EMAIL.render(['a@x.com', 'b@x.com'], single), 'a@x.com');
  });
});
