import { createHash } from 'node:crypto';

/**
 * Index rows stay small on every engine: PostgreSQL's B-tree refuses a row over 2,704 bytes, and a
 * TEXT value may hold 10,000 characters (40,000 bytes of UTF-8). So the term index holds a term by
 * its first TERM_KEY_LENGTH code points (`record_terms.term_key`, written beside each term; what
 * both engines' `substr(term_text, 1, 200)` gives, as migration 0017 computed it for the terms
 * stored before), and uniqueness holds on a bounded `value_key`.
 * 200 code points are at most 800 bytes, leaving ample room for the ids beside them.
 *
 * Changing either length needs a migration that recomputes the stored keys.
 */
export const TERM_KEY_LENGTH = 200;
export const UNIQUE_KEY_LENGTH = 200;

/** Counts code points: an emoji (a surrogate pair) is one, as both engines' substr and length count. */
export function codePointCount(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

/** Whether `text` has at most `max` code points; a string of at most `max` UTF-16 units needs no counting. */
export function fitsCodePoints(text: string, max: number): boolean {
  return text.length <= max || codePointCount(text) <= max;
}

function firstCodePoints(text: string, n: number): string {
  let units = 0;
  for (let points = 0; points < n && units < text.length; points++) {
    const unit = text.charCodeAt(units);
    const next = text.charCodeAt(units + 1);
    units += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(0, units);
}

/**
 * The key the index holds for a term: its first TERM_KEY_LENGTH code points. The key preserves
 * order (a < b implies key(a) <= key(b)), and a term shorter than TERM_KEY_LENGTH is its own key,
 * so for such a value a condition on the key alone is exact.
 */
export function termKey(text: string): string {
  return text.length <= TERM_KEY_LENGTH ? text : firstCodePoints(text, TERM_KEY_LENGTH);
}

/** Whether a condition on the key alone decides a comparison with `value` exactly (see termKey). */
export function decidedByKey(value: string): boolean {
  return fitsCodePoints(value, TERM_KEY_LENGTH - 1);
}

/**
 * What a unique field's value is claimed by: the value itself up to UNIQUE_KEY_LENGTH code points;
 * a longer one by its first UNIQUE_KEY_LENGTH code points and its SHA-256, 64 hex digits. The two
 * never meet (a long value's key is longer than any short value), and two long values share a key
 * only if they share a SHA-256.
 */
export function uniqueValueKey(value: string): string {
  if (fitsCodePoints(value, UNIQUE_KEY_LENGTH)) return value;
  return firstCodePoints(value, UNIQUE_KEY_LENGTH) + createHash('sha256').update(value, 'utf8').digest('hex');
}
