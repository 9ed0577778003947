import { wrongKind } from './faults.js';
import { filterOptionId, resolveOption, storedIds } from './select-options.js';
import type { ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

export const SINGLE_SELECT: ValueType = {
  name: 'SINGLE_SELECT',
  checkShape: (raw, field) => (typeof raw === 'string' ? undefined : wrongKind(field, 'an option id or label string', raw)),
  normalize(raw, field) {
    const text = (raw as string).trim();
    return text === '' ? null : resolveOption(text, field);
  },
  render: (stored) => storedIds(stored)[0] ?? null,
  indexTerms: storedIds,
  filterTerm: filterOptionId,
  operators: ['equal'],
  capabilities: capabilities({ options: true, pairsWithNumbers: true }),
};
