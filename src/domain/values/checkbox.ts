import { wrongKind } from './faults.js';
import type { ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

export const CHECKBOX: ValueType = {
  name: 'CHECKBOX',
  checkShape: (raw, field) => (typeof raw === 'boolean' ? undefined : wrongKind(field, 'true or false', raw)),
  normalize: (raw) => raw as boolean,
  render: (stored) => (typeof stored === 'boolean' ? stored : null),
  // Storage keeps booleans as integers, so the index term is the same.
  indexTerms: (stored) => (typeof stored === 'boolean' ? [stored ? 1 : 0] : []),
  termColumn: 'number',
  filterTerm: (raw) => ({ true: 1, false: 0 })[raw.trim().toLowerCase()],
  operators: ['equal'],
  capabilities: capabilities(),
};
