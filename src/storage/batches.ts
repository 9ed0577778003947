/**
 * Splits a long list for statements with one parameter (or row) per item: SQLite allows 32,766
 * parameters in a statement and PostgreSQL 65,535, and a request can name more ids than that.
 */
export function batches<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
