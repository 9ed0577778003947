import { DomainError } from '../errors.js';
import { paramOf, wrongKind } from './faults.js';
import type { FieldContext } from './value-type.js';

export type MemberKind = 'string' | 'number';
export type ObjectValue = Record<string, string | number | null>;

/**
 * ADDRESS and FULL_NAME: a JSON object whose keys are all known and each of its kind or null.
 * Keys are checked in the order the body wrote them, so the first fault reported is the first
 * a reader of the body meets.
 */
export function checkObjectShape(
  raw: unknown,
  field: FieldContext,
  members: Readonly<Record<string, MemberKind>>,
  expected: string,
): DomainError | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return wrongKind(field, expected, raw);
  for (const [key, value] of Object.entries(raw)) {
    const kind = Object.hasOwn(members, key) ? members[key] : undefined;
    if (kind === undefined) {
      const known = Object.keys(members).join(', ');
      return new DomainError('invalid_type', `Field '${field.key}' has no key '${key}'; it takes ${known}.`, paramOf(field, key));
    }
    const ok = value === null || (kind === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === kind);
    if (!ok) return wrongKind(field, `a ${kind} or null`, value, key);
  }
  return undefined;
}

/** Every member present, in the declared order; a missing member or an empty string is null. */
export function fillMembers(raw: object, members: Readonly<Record<string, MemberKind>>): ObjectValue {
  const source = raw as ObjectValue;
  const filled: ObjectValue = {};
  for (const key of Object.keys(members)) {
    const value = Object.hasOwn(source, key) ? source[key] : null;
    // −0 would survive in memory though JSON writes it as 0; store what a reader gets back.
    filled[key] = value === '' || value === undefined ? null : value === 0 ? 0 : value;
  }
  return filled;
}

export function allNull(value: ObjectValue): boolean {
  return Object.values(value).every((member) => member === null);
}
