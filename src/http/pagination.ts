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
