import type { StoredValue } from './value-type.js';

/** A filter on text compares case-insensitively, as the terms are stored. */
export const textFilterTerm = (raw: string): string => raw.toLowerCase();

/** The same for types whose writes are trimmed (emails, phones, URLs, handles). */
export const trimmedTextFilterTerm = (raw: string): string => raw.trim().toLowerCase();

/** Text-like values index lower-cased so filters and uniqueness compare case-insensitively. */
export function lowerCasedTerms(stored: StoredValue): string[] {
  if (typeof stored === 'string') return [stored.toLowerCase()];
  if (Array.isArray(stored)) return stored.map((item) => item.toLowerCase());
  return [];
}
