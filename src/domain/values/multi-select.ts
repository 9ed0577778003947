import { filterOptionId, resolveOption, storedIds } from './select-options.js';
import { checkStringList, normalizeStringList, renderStringList } from './string-list.js';
import type { ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

/** A lone string is taken as one option, so `"Red"` and `["Red"]` mean the same. */
export const MULTI_SELECT: ValueType = {
  name: 'MULTI_SELECT',
  checkShape: (raw, field) => checkStringList(raw, field, 'an option id or label string', true),
  normalize: (raw, field) => normalizeStringList(raw, field, resolveOption, { multiple: true }),
  render: (stored, field) => renderStringList(stored, field, true),
  indexTerms: storedIds,
  filterTerm: filterOptionId,
  // Not filterable (api-conventions.md); the ids are still indexed for storage's own use.
  operators: [],
  capabilities: capabilities({ indexed: false, options: true }),
};
