import { DomainError } from '../domain/errors.js';
import type { Page } from '../storage/records.js';

export const MAX_PAGE_SIZE = 25;

function integerParam(query: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new DomainError('invalid_type', `'${name}' must be ${range}.`, name);
  }
  return value;
}

/**
 * `limit` and `offset` of a list request. Any other parameter is a filter or a sort: a list
 * that has none refuses them rather than silently ignoring them.
 */
export function parsePage(query: unknown, options: { filters: boolean } = { filters: false }): Page {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (key !== 'limit' && key !== 'offset' && !options.filters) {
      throw new DomainError('invalid_filter', `This list takes no filter or sort; got '${key}'.`, key);
    }
  }
  return {
    limit: integerParam(params, 'limit', MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    offset: integerParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

/**
 * `limit` and `after` of a cursor-paged read (field history). The cursor, opaque to clients, is
 * the last entry's id and what it pages (`scope`: a record's field): a cursor of another read is refused.
 */
export function parseCursorPage(query: unknown, options: { defaultLimit: number; maxLimit: number; scope: string }): { limit: number; after: string | undefined } {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (key !== 'limit' && key !== 'after') throw new DomainError('invalid_filter', `This read takes only 'limit' and 'after'; got '${key}'.`, key);
  }
  const limit = integerParam(params, 'limit', options.defaultLimit, 1, options.maxLimit);
  const raw = params.after;
  if (raw === undefined) return { limit, after: undefined };
  const after = typeof raw === 'string' ? decodeCursor(raw, options.scope) : undefined;
  if (after === undefined) throw new DomainError('invalid_type', "'after' must be the nextCursor of an earlier page.", 'after');
  return { limit, after };
}

export function encodeCursor(scope: string, id: string): string {
  return Buffer.from(JSON.stringify(['c1', scope, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, scope: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== 'c1' || parts[1] !== scope || typeof parts[2] !== 'string' || parts[2] === '') return undefined;
    return parts[2];
  } catch {
    return undefined;
  }
}
