import { textFilterTerm } from './index-terms.js';
import { allNull, checkObjectShape, fillMembers, type MemberKind, type ObjectValue } from './object-shape.js';
import type { StoredValue, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

const MEMBERS = { firstName: 'string', lastName: 'string' } as const satisfies Record<string, MemberKind>;

function asName(stored: StoredValue | undefined): ObjectValue | null {
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? fillMembers(stored, MEMBERS) : null;
}

export const FULL_NAME: ValueType = {
  name: 'FULL_NAME',
  checkShape: (raw, field) => checkObjectShape(raw, field, MEMBERS, 'an object with firstName and lastName'),
  normalize(raw) {
    const name = fillMembers(raw as object, MEMBERS);
    return allNull(name) ? null : name;
  },
  render: asName,
  // Filters compare against the joined text, as the terms hold it.
  filterTerm: textFilterTerm,
  indexTerms(stored) {
    const name = asName(stored);
    if (!name) return [];
    // Filters compare against the name as people say it: "Ada Lovelace".
    const text = [name.firstName, name.lastName].filter((part) => part !== null).join(' ');
    return text === '' ? [] : [text.toLowerCase()];
  },
  operators: ['equal', 'startsWith'],
  capabilities: capabilities({ sortable: true }),
};
