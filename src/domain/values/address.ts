import { badValue } from './faults.js';
import { textFilterTerm } from './index-terms.js';
import { allNull, checkObjectShape, fillMembers, type MemberKind, type ObjectValue } from './object-shape.js';
import type { StoredValue, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

const MEMBERS = {
  street: 'string',
  street2: 'string',
  city: 'string',
  state: 'string',
  postalCode: 'string',
  country: 'string',
  latitude: 'number',
  longitude: 'number',
} as const satisfies Record<string, MemberKind>;

const TEXT_MEMBERS = ['street', 'street2', 'city', 'state', 'postalCode', 'country'] as const;
const COORDINATE_LIMITS = { latitude: 90, longitude: 180 } as const;
const EXPECTED = `an object with any of ${Object.keys(MEMBERS).join(', ')}`;

function asAddress(stored: StoredValue | undefined): ObjectValue | null {
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? fillMembers(stored, MEMBERS) : null;
}

export const ADDRESS: ValueType = {
  name: 'ADDRESS',
  checkShape: (raw, field) => checkObjectShape(raw, field, MEMBERS, EXPECTED),
  normalize(raw, field) {
    const address = fillMembers(raw as object, MEMBERS);
    // Walk the body's keys, not ours, so the first fault reported is the first one written.
    for (const key of Object.keys(raw as object)) {
      const value = address[key];
      if (key === 'country' && typeof value === 'string') {
        if (!/^[a-z]{2}$/i.test(value)) return badValue(field, 'expects an ISO 3166 two-letter country code', key);
        address.country = value.toUpperCase();
      }
      if ((key === 'latitude' || key === 'longitude') && typeof value === 'number') {
        const limit = COORDINATE_LIMITS[key];
        if (Math.abs(value) > limit) return badValue(field, `expects a ${key} between -${limit} and ${limit}`, key);
      }
    }
    return allNull(address) ? null : address;
  },
  render: asAddress,
  // Filters compare against the joined text, as the terms hold it.
  filterTerm: textFilterTerm,
  indexTerms(stored) {
    const address = asAddress(stored);
    if (!address) return [];
    // The joined text filters compare against: "1 Main St, Springfield, IL, 62701, US".
    const text = TEXT_MEMBERS.map((key) => address[key])
      .filter((part) => part !== null)
      .join(', ');
    return text === '' ? [] : [text.toLowerCase()];
  },
  operators: ['equal', 'startsWith'],
  capabilities: capabilities({ sortable: true }),
};
