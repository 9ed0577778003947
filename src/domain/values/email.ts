import type { DomainError } from '../errors.js';
import { codePointLength } from './code-points.js';
import { badValue, quote, type Step } from './faults.js';
import { lowerCasedTerms, trimmedTextFilterTerm } from './index-terms.js';
import { checkStringList, normalizeStringList, renderStringList } from './string-list.js';
import type { FieldContext, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

// The dot-atom of RFC 5322 (no quoted local parts, no comments, no IP literals: nobody's CRM
// contact has one) widened to non-ASCII letters, which internationalized addresses use.
const ATOM = String.raw`[\p{L}\p{N}\p{M}!#$%&'*+/=?^_\x60{|}~-]+`;
const LABEL = String.raw`[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?`;
const TOP_LABEL = String.raw`(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)`;
const ADDRESS = new RegExp(String.raw`^(${ATOM}(?:\.${ATOM})*)@((?:${LABEL}\.)+${TOP_LABEL})$`, 'iu');

/** Whether `text` is a bare address (no display name) fieldhouse stores and sends to. */
export function isEmailAddress(text: string): boolean {
  const match = ADDRESS.exec(text);
  const [, local = ''] = match ?? [];
  // RFC 5321's limits (labels are held to 63 by LABEL), counted in code points like every length here.
  return match !== null && codePointLength(local) <= 64 && codePointLength(text) <= 254;
}

function normalizeAddress(text: string, field: FieldContext, ...steps: Step[]): string | DomainError {
  if (!isEmailAddress(text)) return badValue(field, `got ${quote(text)}, which is not an email address`, ...steps);
  // Kept as written: the local part may be case-sensitive, and people like their capitals.
  return text;
}

export const EMAIL: ValueType = {
  name: 'EMAIL',
  checkShape: (raw, field) => checkStringList(raw, field, 'an email address string'),
  // Two spellings differing in case reach the same mailbox in practice, so they are one entry.
  normalize: (raw, field) => normalizeStringList(raw, field, normalizeAddress, { sameKey: (stored) => stored.toLowerCase() }),
  render: renderStringList,
  indexTerms: lowerCasedTerms,
  filterTerm: trimmedTextFilterTerm,
  operators: ['contains'],
  capabilities: capabilities({ configuration: ['multipleValues', 'unique'] }),
};
