import { DomainError } from '../errors.js';
import { paramOf, wrongKind } from './faults.js';
import { lowerCasedTerms, textFilterTerm } from './index-terms.js';
import type { ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

/** Email bodies arrive from the mail sync, never from the API, so every write is refused. */
export const HTML: ValueType = {
  name: 'HTML',
  // A non-string is the wrong kind first (step 5) before it is a read-only write (step 6).
  checkShape: (raw, field) => (typeof raw === 'string' ? undefined : wrongKind(field, 'a string', raw)),
  normalize: (_raw, field) =>
    new DomainError('read_only', `Field '${field.key}' is read only: it holds an email body.`, paramOf(field)),
  render: (stored) => (typeof stored === 'string' ? stored : null),
  indexTerms: lowerCasedTerms,
  filterTerm: textFilterTerm,
  operators: [],
  capabilities: capabilities({ indexed: false, creatableByAdmins: false }),
};
