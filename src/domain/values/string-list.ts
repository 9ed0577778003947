import type { DomainError } from '../errors.js';
import { wrongKind, type Step } from './faults.js';
import { checkEntryLength, checkListLength } from './value-limits.js';
import type { FieldContext, StoredValue } from './value-type.js';

/**
 * EMAIL, TELEPHONE, URL and MULTI_SELECT take one string or an array of strings. A list field
 * stores an array; any other stores one string, and an array of one stands for its element.
 * `multiple` defaults to the field's `multipleValues`; MULTI_SELECT is always a list.
 */
export function checkStringList(
  raw: unknown,
  field: FieldContext,
  what: string,
  multiple = field.config.multipleValues === true,
): DomainError | undefined {
  if (typeof raw === 'string') return undefined;
  if (!Array.isArray(raw)) return wrongKind(field, multiple ? `${what} or an array of them` : what, raw);
  if (!multiple && raw.length > 1) return wrongKind(field, `${what} (it holds one value)`, raw);
  const tooMany = checkListLength(raw, field);
  if (tooMany) return tooMany;
  const index = raw.findIndex((item) => typeof item !== 'string');
  return index === -1 ? undefined : wrongKind(field, what, raw[index], index);
}

/** Turns one trimmed, non-empty entry into its stored form, or refuses it at `steps`. */
export type EntryNormalizer = (text: string, field: FieldContext, ...steps: Step[]) => string | DomainError;

export interface ListOptions {
  multiple?: boolean;
  /** Entries with equal keys are one entry; the first written is kept. */
  sameKey?: (stored: string) => string;
}

/**
 * Trims each entry, skips empty ones (an empty entry adds nothing, as an empty value clears),
 * normalizes the rest and drops later duplicates, keeping the order written. An over-long entry is
 * refused before it is parsed.
 */
export function normalizeStringList(
  raw: unknown,
  field: FieldContext,
  normalizeEntry: EntryNormalizer,
  { multiple = field.config.multipleValues === true, sameKey = (stored) => stored }: ListOptions = {},
): StoredValue | DomainError {
  const entries: Array<[string, Step[]]> = Array.isArray(raw)
    ? raw.map((item, index) => [String(item), [index]])
    : [[String(raw), []]];
  const stored: string[] = [];
  const seen = new Set<string>();
  for (const [entry, steps] of entries) {
    const text = entry.trim();
    if (text === '') continue;
    const tooLong = checkEntryLength(text, field, ...steps);
    if (tooLong) return tooLong;
    const normalized = normalizeEntry(text, field, ...steps);
    if (typeof normalized !== 'string') return normalized;
    const key = sameKey(normalized);
    if (seen.has(key)) continue;
    seen.add(key);
    stored.push(normalized);
  }
  if (stored.length === 0) return null;
  return multiple ? stored : (stored[0] ?? null);
}

/**
 * The read form follows the field's current `multipleValues`, so a value stored before the
 * setting changed still reads in the shape the definition promises.
 */
export function renderStringList(
  stored: StoredValue | undefined,
  field: FieldContext,
  multiple = field.config.multipleValues === true,
): string | string[] | null {
  const list = typeof stored === 'string' ? [stored] : Array.isArray(stored) ? stored : [];
  if (list.length === 0) return null;
  return multiple ? list : (list[0] ?? null);
}
