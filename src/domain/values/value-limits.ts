import { DomainError } from '../errors.js';
import { exceedsCodePoints } from './code-points.js';
import { badValue, paramOf, type Step } from './faults.js';
import type { FieldContext } from './value-type.js';

/**
 * The most values one list field (EMAIL, TELEPHONE, URL with `multipleValues`, MULTI_SELECT) takes
 * in one write. Each value is parsed, indexed and perhaps claimed unique on one event loop shared by
 * every organization, so an unbounded list (40,000 URLs took 3 s) stalls them all; no CRM record
 * needs more. Checked before any value is looked at.
 */
export const MAX_LIST_VALUES = 100;

/**
 * The most code points one entry of such a field (or a social handle) may have: the practical
 * ceiling on URLs (sitemaps, search engines), far above any address or number (RFC 5321 holds
 * addresses to 254; libphonenumber reads 250). It also keeps an index row of the entry under
 * PostgreSQL's B-tree limit for ASCII text.
 */
export const MAX_ENTRY_CODE_POINTS = 2_048;

/** 400 `invalid_type` for an array past MAX_LIST_VALUES: the shape is wrong, whatever it holds. */
export function checkListLength(raw: readonly unknown[], field: FieldContext): DomainError | undefined {
  if (raw.length <= MAX_LIST_VALUES) return undefined;
  const got = raw.length.toLocaleString('en-US');
  return new DomainError('invalid_type', `Field '${field.key}' takes at most ${MAX_LIST_VALUES} values in one write; got ${got}.`, paramOf(field));
}

/** 422 `invalid_value` for an entry past MAX_ENTRY_CODE_POINTS, as an over-long TEXT is; asked before the entry is parsed. */
export function checkEntryLength(text: string, field: FieldContext, ...steps: Step[]): DomainError | undefined {
  if (!exceedsCodePoints(text, MAX_ENTRY_CODE_POINTS)) return undefined;
  return badValue(field, `is longer than ${MAX_ENTRY_CODE_POINTS.toLocaleString('en-US')} characters`, ...steps);
}
