import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { DomainError } from '../../src/domain/errors.js';
import { VALUE_TYPES } from '../../src/domain/values/registry.js';
import {
  VALUE_TYPE_NAMES,
  type FieldContext,
  type HandleService,
  type SelectOption,
  type StoredValue,
  type ValueTypeName,
} from '../../src/domain/values/value-type.js';
import { fieldOf, STAGE_OPTIONS, TAG_OPTIONS } from './fields.js';

/** A valid write, and what it must store when the generator can say so independently. */
interface Valid {
  field: FieldContext;
  input: unknown;
  expected?: StoredValue;
}

const RUNS = { numRuns: 200 };
const MAX = Number.MAX_SAFE_INTEGER;
const single = fieldOf({ key: 'k' });
const multiple = fieldOf({ key: 'k', config: { multipleValues: true } });
const valid =
  (field: FieldContext) =>
  (input: unknown, expected?: StoredValue): Valid =>
    expected === undefined ? { field, input } : { field, input, expected };

const space = fc.constantFrom('', ' ', '  ', '\t', '\n ');
const padded = (text: fc.Arbitrary<string>) => fc.tuple(space, text, space).map(([before, t, after]) => before + t + after);
const randomCase = (text: string) =>
  fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) =>
    Array.from(text, (ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
  );
/** Drops later duplicates by `key`; null when nothing is left, as an empty write clears. */
const dedupe = (items: string[], key: (item: string) => string = (item) => item): string[] | null => {
  const kept = items.filter((item, i) => items.findIndex((other) => key(other) === key(item)) === i);
  return kept.length === 0 ? null : kept;
};

// NUMBER and CURRENCY: thousandths have an exact shortest decimal form, so half-even rounding to
// hundredths can be worked out on integers.
const thousandths = fc.integer({ min: -1e12, max: 1e12 });
function hundredthsHalfEven(n: number): number {
  const truncated = Math.trunc(n / 10);
  const rest = Math.abs(n - truncated * 10);
  const rounded = rest > 5 || (rest === 5 && Math.abs(truncated) % 2 === 1) ? truncated + Math.sign(n) : truncated;
  return rounded === 0 ? 0 : rounded / 100;
}
const numeric = fc.oneof(
  thousandths.map((n) => valid(single)(n / 1000, hundredthsHalfEven(n))),
  fc.double({ min: -MAX, max: MAX, noNaN: true }).map((x) => valid(single)(x)),
);

const p2 = (n: number): string => String(n).padStart(2, '0');
const datetime = fc
  .record({
    time: fc.integer({ min: Date.parse('0002-01-01T00:00:00.000Z'), max: Date.parse('9998-12-31T23:59:59.999Z') }),
    offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    form: fc.constantFrom('date', 'minutes', 'seconds', 'fraction'),
    zulu: fc.boolean(),
    colon: fc.boolean(),
    extraDigits: fc.stringMatching(/^\d{0,6}$/),
    separator: fc.constantFrom('T', 't'),
  })
  .map(({ time, offset, form, zulu, colon, extraDigits, separator }) => {
    const local = new Date(time + offset * 60_000);
    const date = `${String(local.getUTCFullYear()).padStart(4, '0')}-${p2(local.getUTCMonth() + 1)}-${p2(local.getUTCDate())}`;
    if (form === 'date') return valid(single)(date, `${date}T00:00:00.000Z`);
    const [seconds, ms] = [local.getUTCSeconds(), local.getUTCMilliseconds()];
    const clock = `${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}`;
    const fraction = `.${String(ms).padStart(3, '0')}${extraDigits}`;
    const rest = form === 'minutes' ? '' : form === 'seconds' ? `:${p2(seconds)}` : `:${p2(seconds)}${fraction}`;
    const [hours, minutes] = [Math.trunc(Math.abs(offset) / 60), Math.abs(offset) % 60];
    const zone = zulu && offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${p2(hours)}${colon ? ':' : ''}${p2(minutes)}`;
    const dropped = form === 'minutes' ? seconds * 1000 + ms : form === 'seconds' ? ms : 0;
    return valid(single)(`${date}${separator}${clock}${rest}${zone}`, new Date(time - dropped).toISOString());
  });

const atom = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}$/);
const hostLabel = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,8}[A-Za-z0-9])?$/);
const topLabel = fc.stringMatching(/^[A-Za-z]{2,6}$/);
const domain = fc.tuple(fc.array(hostLabel, { minLength: 1, maxLength: 3 }), topLabel).map(([labels, top]) => [...labels, top].join('.'));
const emailAddress = fc
  .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), domain)
  .map(([atoms, host]) => `${atoms.join('.')}@${host}`);
const email = fc.oneof(
  padded(emailAddress).map((text) => valid(single)(text, text.trim())),
  // Case variants of the same addresses, so de-duplication has work to do.
  fc
    .array(emailAddress, { maxLength: 3 })
    .chain((list) => fc.shuffledSubarray(list.flatMap((a) => [a, a.toUpperCase(), ` ${a} `])))
    .map((list) => valid(multiple)(list, dedupe(list.map((a) => a.trim()).filter(Boolean), (a) => a.toLowerCase()))),
);

const countries = getCountries();
const phoneNumber = fc
  .record({
    country: fc.constantFrom(...countries),
    style: fc.constantFrom('e164', 'international', 'national'),
    ext: fc.option(fc.stringMatching(/^[1-9]\d{0,4}$/), { nil: undefined }),
    extStyle: fc.constantFrom(' x', ' ext ', ' ext:', ' #', ' ext. ', ';ext='),
  })
  .map(({ country, style, ext, extStyle }) => {
    const example = getExampleNumber(country, examples);
    assert.ok(example, `an example number for ${country}`);
    const text = style === 'e164' ? example.number : style === 'international' ? example.formatInternational() : example.formatNational();
    return { country, text: ext ? `${text}${extStyle}${ext}` : text, stored: ext ? `${example.number};ext=${ext}` : example.number };
  });
const telephone = fc.oneof(
  phoneNumber.map((p) => valid(fieldOf({ key: 'k', defaultRegion: p.country }))(p.text, p.stored)),
  fc.array(phoneNumber.filter((p) => !p.text.startsWith('0') && p.text.startsWith('+')), { maxLength: 4 }).map((list) =>
    valid(multiple)(list.map((p) => p.text), dedupe(list.map((p) => p.stored))),
  ),
);

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
const url = fc
  .record({
    scheme: fc.constantFrom('', 'http://', 'https://', 'HTTP://', 'hTTps://'),
    host: domain,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    segments: fc.array(fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,8}$/), { maxLength: 3 }),
    trailingSlash: fc.boolean(),
    query: fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,12}$/), { nil: undefined }),
  })
  .map(({ scheme, host, port, segments, trailingSlash, query }) => {
    const path = (segments.length > 0 ? `/${segments.join('/')}` : '') + (trailingSlash ? '/' : '');
    const rest = path + (query === undefined ? '' : `?${query}`);
    const schemeName = scheme === '' ? 'https' : scheme.slice(0, -3).toLowerCase();
    const keptPort = port === undefined || port === DEFAULT_PORT[schemeName] ? '' : `:${port}`;
    const text = `${scheme}${host}${port === undefined ? '' : `:${port}`}${rest}`;
    return { text, stored: `${schemeName}://${host.toLowerCase()}${keptPort}${rest === '/' ? '' : rest}` };
  });
const urls = fc.oneof(
  url.map((u) => valid(single)(u.text, u.stored)),
  fc.array(url, { maxLength: 4 }).map((list) => valid(multiple)(list.map((u) => u.text), dedupe(list.map((u) => u.stored)))),
);

const HANDLES: Record<HandleService, { handle: RegExp; domains: string[]; base: string }> = {
  LINKEDIN: { handle: /^[A-Za-z0-9_-]{1,20}$/, domains: ['linkedin.com'], base: 'https://www.linkedin.com/' },
  TWITTER: { handle: /^\w{1,15}$/, domains: ['x.com', 'twitter.com'], base: 'https://x.com/' },
  FACEBOOK: { handle: /^[A-Za-z0-9.]{1,20}$/, domains: ['facebook.com'], base: 'https://www.facebook.com/' },
  INSTAGRAM: { handle: /^[A-Za-z0-9._]{1,20}$/, domains: ['instagram.com'], base: 'https://www.instagram.com/' },
};
const socialHandle = fc
  .constantFrom(...(Object.keys(HANDLES) as HandleService[]))
  .chain((service) =>
    fc.record({
      service: fc.constant(service),
      handle: fc.stringMatching(HANDLES[service].handle),
      objectType: fc.constantFrom('account', 'contact', 'opportunity'),
      form: fc.constantFrom('bare', 'at', 'url'),
      scheme: fc.constantFrom('', 'http://', 'https://'),
      subdomain: fc.constantFrom('', 'www.', 'm.'),
      domain: fc.constantFrom(...HANDLES[service].domains),
      kind: fc.constantFrom('in', 'company', 'IN'),
      tail: fc.constantFrom('', '/', '?trk=abc', '/?utm_source=x#top'),
    }),
  )
  .map(({ service, handle, objectType, form, scheme, subdomain, domain: host, kind, tail }) => {
    const field = fieldOf({ key: 'k', objectType, config: { handleService: service } });
    const { base } = HANDLES[service];
    if (form !== 'url') {
      const profile = service === 'LINKEDIN' ? `${objectType === 'account' ? 'company' : 'in'}/${handle}` : handle;
      return valid(field)(`${form === 'at' ? '@' : ''}${handle}`, base + profile);
    }
    const path = service === 'LINKEDIN' ? `${kind}/${handle}` : handle;
    return valid(field)(`${scheme}${subdomain}${host}/${path}${tail}`, base + path.replace(/^IN\//, 'in/'));
  });

const text = (maxLength: number) => fc.option(fc.string({ unit: 'binary', maxLength }), { nil: null });
const coordinate = (limit: number) => fc.option(fc.double({ min: -limit, max: limit, noNaN: true }), { nil: null });
const ADDRESS_KEYS = ['street', 'street2', 'city', 'state', 'postalCode', 'country', 'latitude', 'longitude'] as const;
const address = fc
  .record(
    {
      street: text(20),
      street2: text(20),
      city: text(20),
      state: text(20),
      postalCode: text(10),
      country: fc.option(fc.stringMatching(/^[A-Za-z]{2}$/), { nil: null }),
      latitude: coordinate(90),
      longitude: coordinate(180),
    },
    { requiredKeys: [] },
  )
  .map((input) => {
    const stored = Object.fromEntries(
      ADDRESS_KEYS.map((key) => {
        const value: string | number | null = input[key] ?? null;
        const cleared = value === '' ? null : value === 0 ? 0 : value;
        return [key, key === 'country' && typeof cleared === 'string' ? cleared.toUpperCase() : cleared];
      }),
    );
    return valid(single)(input, Object.values(stored).every((v) => v === null) ? null : stored);
  });
const fullName = fc.record({ firstName: text(20), lastName: text(20) }, { requiredKeys: [] }).map((input) => {
  const stored = { firstName: input.firstName || null, lastName: input.lastName || null };
  return valid(single)(input, stored.firstName === null && stored.lastName === null ? null : stored);
});

/** A field's options (the first always open) and a way to name one open option in a write. */
const selectField = fc
  .uniqueArray(fc.record({ label: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,10}$/), archived: fc.boolean() }), {
    minLength: 1,
    maxLength: 6,
    selector: (option) => option.label.trim().toLowerCase(),
  })
  .map((list): SelectOption[] => list.map((option, i) => ({ id: `opt_${i}`, label: option.label, archived: i > 0 && option.archived })));
const naming = (options: SelectOption[]) =>
  fc
    .constantFrom(...options.filter((option) => !option.archived))
    .chain((option) =>
      fc.tuple(fc.constant(option.id), fc.oneof(fc.constant(option.id), padded(randomCase(option.label.trim())))),
    );
const singleSelect = selectField.chain((options) =>
  naming(options).map(([id, written]) => valid(fieldOf({ key: 'k', config: { options } }))(written, id)),
);
const multiSelect = selectField.chain((options) =>
  fc.array(naming(options), { maxLength: 5 }).map((picks) =>
    valid(fieldOf({ key: 'k', config: { options } }))(picks.map(([, written]) => written), dedupe(picks.map(([id]) => id))),
  ),
);

const longText = fc.string({ unit: 'binary', maxLength: 500 }).map((t) => valid(single)(t, t === '' ? null : t));

const VALID = {
  TEXT: longText,
  NUMBER: numeric,
  CURRENCY: numeric,
  DATETIME: datetime,
  CHECKBOX: fc.boolean().map((b) => valid(single)(b, b)),
  EMAIL: email,
  TELEPHONE: telephone,
  URL: urls,
  SOCIAL_HANDLE: socialHandle,
  ADDRESS: address,
  FULL_NAME: fullName,
  SINGLE_SELECT: singleSelect,
  MULTI_SELECT: multiSelect,
  MARKDOWN: longText,
} satisfies Record<Exclude<ValueTypeName, 'HTML'>, fc.Arbitrary<Valid>>;

describe('random valid writes', () => {
  for (const [name, arbitrary] of Object.entries(VALID) as Array<[keyof typeof VALID, fc.Arbitrary<Valid>]>) {
    it(`${name}: store the expected form, and the read form writes back to the same stored value`, () => {
      const type = VALUE_TYPES[name];
      fc.assert(
        fc.property(arbitrary, ({ field, input, expected }) => {
          assert.equal(type.checkShape(input, field), undefined);
          const stored = type.normalize(input, field);
          assert.ok(!(stored instanceof DomainError), `refused: ${stored instanceof DomainError ? stored.message : ''}`);
          if (expected !== undefined) assert.deepStrictEqual(stored, expected);
          if (stored === null) return;
          assert.deepStrictEqual(JSON.parse(JSON.stringify(stored)), stored, 'stored form is plain JSON');
          const read = type.render(stored, field);
          assert.equal(type.checkShape(read, field), undefined);
          assert.deepStrictEqual(type.normalize(read, field), stored);
        }),
        RUNS,
      );
    });
  }

  it('NUMBER: anything stored shows at most two decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -MAX, max: MAX, noNaN: true }), (x) => {
        const stored = VALUE_TYPES.NUMBER.normalize(x, single);
        assert.match(String(stored), /^-?\d+(\.\d{1,2})?$/);
        assert.ok(Math.abs((stored as number) - x) <= 0.005 + Math.abs(x) * Number.EPSILON, `${x} → ${stored}`);
      }),
      RUNS,
    );
  });

  it('HTML: every string write is refused as read only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        assert.equal(VALUE_TYPES.HTML.checkShape(input, single), undefined);
        const error = VALUE_TYPES.HTML.normalize(input, single);
        assert.ok(error instanceof DomainError && error.code === 'read_only');
      }),
      RUNS,
    );
  });
});

const anyField = fc.record({
  key: fc.constantFrom('k', '$email', '$primaryAddress'),
  objectType: fc.constantFrom('account', 'contact', 'email'),
  config: fc.record(
    {
      multipleValues: fc.boolean(),
      handleService: fc.constantFrom(undefined, 'LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM'),
      options: fc.constantFrom(undefined, [], STAGE_OPTIONS, TAG_OPTIONS),
      currency: fc.constant('USD'),
    },
    { requiredKeys: [] },
  ),
  defaultRegion: fc.constantFrom('US', 'GB', 'de', 'XX', ''),
});
const memberKey = fc.constantFrom('street', 'city', 'country', 'latitude', 'longitude', 'firstName', 'lastName', 'bogus', '__proto__');
const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }),
  fc.array(fc.constantFrom('opt_RED', 'Green', 'prospecting', ' ', 'a@b.co', '+16502530000', 'acme.com')),
  fc.dictionary(memberKey, fc.jsonValue({ maxDepth: 1 })),
  fc.dictionary(memberKey, fc.oneof(fc.string(), fc.double(), fc.constant(null))),
  fc.double(),
);

describe('random JSON', () => {
  for (const name of VALUE_TYPE_NAMES) {
    it(`${name}: is checked and normalized without throwing, into a stored value or a domain error`, () => {
      const type = VALUE_TYPES[name];
      fc.assert(
        fc.property(anyField, anyJson, (field, raw) => {
          const shapeError = type.checkShape(raw, field);
          if (shapeError) {
            assert.ok(shapeError instanceof DomainError && shapeError.code === 'invalid_type');
            assert.ok(shapeError.param?.startsWith(`fields.${field.key}`));
            return;
          }
          const stored = type.normalize(raw, field);
          if (stored instanceof DomainError) {
            assert.ok(['invalid_value', 'invalid_option', 'read_only'].includes(stored.code), stored.code);
            assert.ok(stored.param?.startsWith(`fields.${field.key}`));
            return;
          }
          assert.deepStrictEqual(JSON.parse(JSON.stringify(stored)), stored);
          for (const term of type.indexTerms(stored)) assert.ok(typeof term === 'string' || typeof term === 'number');
          if (stored !== null) assert.deepStrictEqual(type.normalize(type.render(stored, field), field), stored);
        }),
        { numRuns: 300 },
      );
    });
  }
});
