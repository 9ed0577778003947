import { DomainError } from '../domain/errors.js';
import type { Page } from '../storage/records.js';

export const MAX_PAGE_SIZE = 25;

function integerParam(query: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new DomainError('invalid_type', `'${name}' must be ${range}.`, name);
  }
  return value;
}

/**
 * `limit` and `offset` of a list request. Any other parameter is a filter, and until a list
 * supports filters every one is refused rather than silently ignored.
 */
export function parsePage(query: unknown, allowed: readonly string[] = []): Page {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (key !== 'limit' && key !== 'offset' && !allowed.includes(key)) {
      throw new DomainError('invalid_filter', `Unknown filter '${key}'.`, key);
    }
  }
  return {
    limit: integerParam(params, 'limit', MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    offset: integerParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
}
