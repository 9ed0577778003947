import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import { fieldContext } from '../definitions/field-context.js';
import { valueType } from '../values/registry.js';
import type { FilterOperator } from '../values/value-type.js';
import { DEFAULT_SORT, type CompareOp, type FilterNode, type SortNode, type TermCondition } from './filter-nodes.js';

const OPERATORS: readonly FilterOperator[] = ['equal', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'startsWith', 'contains'];
const RELATIONSHIP_OPERATORS: readonly FilterOperator[] = ['equal', 'contains'];
const COMPARE: Partial<Record<FilterOperator, CompareOp>> = {
  equal: '=',
  greaterThan: '>',
  greaterThanOrEqual: '>=',
  lessThan: '<',
  lessThanOrEqual: '<=',
};
const PAGING = new Set(['limit', 'offset', 'sort']);

/**
 * The most filters one list request may carry. Each becomes a set operation or a probe of one
 * statement, and SQLite refuses a compound SELECT past 500 terms (a 500 before this bound); no
 * list a person builds needs more than a few.
 */
export const MAX_FILTERS = 50;
const FILTER_KEY = /^(.+?)(?:\[(-?)([A-Za-z]+)\])?$/;

export interface ListQuery {
  filters: FilterNode[];
  sort: SortNode;
}

function refuse(param: string, message: string): DomainError {
  return new DomainError('invalid_filter', message, param);
}

/** Without `[OP]`: `equal` where the type allows it, else `contains`. */
function defaultOperator(allowed: readonly FilterOperator[]): FilterOperator | undefined {
  return allowed.includes('equal') ? 'equal' : allowed.includes('contains') ? 'contains' : undefined;
}

function parseFilter(param: string, raw: string, defs: ObjectDefinitions, defaultRegion: string): FilterNode {
  const [, key = param, minus, op] = FILTER_KEY.exec(param) ?? [];
  const negate = minus === '-';
  const field = defs.fields.find((f) => f.key === key);
  const relationship = defs.relationships.find((r) => r.key === key);
  if (!field && !relationship) throw refuse(param, `Unknown filter key '${key}'.`);
  if (op !== undefined && !OPERATORS.includes(op as FilterOperator)) throw refuse(param, `Unknown operator '${op}'.`);

  if (relationship) {
    const operator = (op ?? 'equal') as FilterOperator;
    if (!RELATIONSHIP_OPERATORS.includes(operator)) throw refuse(param, `Relationship '${key}' can be filtered with equal or contains, not ${operator}.`);
    if (raw.trim() === '') throw refuse(param, `Filter '${param}' needs an id.`);
    return { kind: 'link', linkType: relationship.linkType, side: relationship.side, otherId: raw.trim(), negate };
  }
  const def = field!;
  const type = valueType(def.valueType);
  const operator = (op ?? defaultOperator(type.operators)) as FilterOperator | undefined;
  if (!operator || !type.operators.includes(operator)) {
    const allowed = type.operators.length ? `allows ${type.operators.join(', ')}` : 'cannot be filtered';
    throw refuse(param, `Field '${key}' (${def.valueType}) ${allowed}${operator ? `, not ${operator}` : ''}.`);
  }
  if (operator === 'startsWith' && raw === '') return { kind: 'term', fieldKey: key, condition: { kind: 'startsWith', prefix: '' }, negate };
  const term = type.filterTerm(raw, fieldContext(def, defaultRegion));
  if (term === undefined || term === '') throw refuse(param, `'${raw}' is not a ${def.valueType} value to filter '${key}' by.`);
  const column: 'text' | 'number' = type.termColumn ?? 'text';
  const condition: TermCondition =
    operator === 'startsWith'
      ? { kind: 'startsWith' as const, prefix: String(term) }
      : operator === 'contains'
        ? { kind: 'contains' as const, fragment: String(term) }
        : { kind: 'compare' as const, column, op: COMPARE[operator]!, value: term };
  return type.capabilities.pairsWithNumbers ? { kind: 'term', fieldKey: key, condition, negate, pairsWithNumbers: true } : { kind: 'term', fieldKey: key, condition, negate };
}

function parseSort(raw: unknown, defs: ObjectDefinitions, fallback: SortNode): SortNode {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || raw === '' || raw === '-') throw refuse('sort', "'sort' takes one key, e.g. sort=-createdAt.");
  const direction = raw.startsWith('-') ? 'desc' : 'asc';
  const key = raw.replace(/^-/, '');
  if (key === 'createdAt' || key === 'updatedAt') return { kind: 'record', column: key === 'createdAt' ? 'created_at' : 'updated_at', direction };
  const field = defs.fields.find((f) => f.key === key);
  const type = field && valueType(field.valueType);
  if (!field || !type?.capabilities.sortable) {
    throw refuse('sort', `Cannot sort by '${key}': sort by createdAt, updatedAt, or a field of a number, date or text type.`);
  }
  return { kind: 'term', fieldKey: key, column: type.termColumn ?? 'text', direction };
}

/** Refuses a query past MAX_FILTERS, naming the first filter past it, before any filter is parsed. */
function assertFilterCount(params: ReadonlyArray<[string, readonly unknown[]]>): void {
  let count = 0;
  for (const [param, values] of params) {
    count += values.length;
    if (count > MAX_FILTERS) {
      const total = params.reduce((sum, [, v]) => sum + v.length, 0);
      throw refuse(param, `A list takes at most ${MAX_FILTERS} filters; this query has ${total.toLocaleString('en-US')}.`);
    }
  }
}

/**
 * Every query parameter besides `limit` and `offset`: `KEY[OP]=VALUE` filters (ANDed, a
 * repeated key too) and `sort`, else `defaultSort`. Anything malformed is 400 `invalid_filter`
 * naming the parameter, and so are more than MAX_FILTERS filters.
 */
export function parseListQuery(query: Record<string, unknown>, defs: ObjectDefinitions, defaultRegion: string, defaultSort: SortNode = DEFAULT_SORT): ListQuery {
  const params = Object.entries(query)
    .filter(([param]) => !PAGING.has(param))
    .map(([param, value]): [string, unknown[]] => [param, Array.isArray(value) ? value : [value]]);
  assertFilterCount(params);
  const filters: FilterNode[] = [];
  for (const [param, values] of params) {
    for (const raw of values) {
      if (typeof raw !== 'string') throw refuse(param, `Filter '${param}' takes one value.`);
      filters.push(parseFilter(param, raw, defs, defaultRegion));
    }
  }
  return { filters, sort: parseSort(query.sort, defs, defaultSort) };
}
