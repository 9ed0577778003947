import type { DomainError } from '../errors.js';
import { badValue, quote, type Step } from './faults.js';
import { formatHttpUrl, parseHttpUrl } from './http-url.js';
import { lowerCasedTerms, trimmedTextFilterTerm } from './index-terms.js';
import { checkStringList, normalizeStringList, renderStringList } from './string-list.js';
import type { FieldContext, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

function normalizeUrl(text: string, field: FieldContext, ...steps: Step[]): string | DomainError {
  const url = parseHttpUrl(text);
  return typeof url === 'string' ? badValue(field, `got ${quote(text)}, which ${url}`, ...steps) : formatHttpUrl(url);
}

/** Not `URL`: that name would shadow the global URL class wherever this is imported. */
export const URL_TYPE: ValueType = {
  name: 'URL',
  checkShape: (raw, field) => checkStringList(raw, field, 'a URL string'),
  normalize: (raw, field) => normalizeStringList(raw, field, normalizeUrl),
  render: renderStringList,
  indexTerms: lowerCasedTerms,
  filterTerm: trimmedTextFilterTerm,
  operators: ['contains'],
  capabilities: capabilities({ configuration: ['multipleValues', 'unique'] }),
};
