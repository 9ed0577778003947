import type { StoredValue } from './value-type.js';

/** Text-like values index lower-cased so filters and uniqueness compare case-insensitively. */
export function lowerCasedTerms(stored: StoredValue): string[] {
  if (typeof stored === 'string') return [stored.toLowerCase()];
  if (Array.isArray(stored)) return stored.map((item) => item.toLowerCase());
  return [];
}
