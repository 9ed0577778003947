import { DomainError } from '../errors.js';
import { isPlainObject } from '../plain-object.js';

/** A relationship write, normalized: create sets (`replace`), update may also add and remove. */
export interface RelationshipOps {
  /** undefined: leave as is; null: clear. */
  replace: string[] | null | undefined;
  remove: string[];
  add: string[];
}

const UPDATE_OPS = new Set(['add', 'remove', 'replace']);

/**
 * The most ids one array of a relationship write may hold. Four times the per-request limit
 * (RELATIONSHIP_WRITE_LIMIT), so a request just past that limit is still told so, after its ids are
 * looked up as the spec orders; but 40,000 ids are refused as a malformed envelope before a single
 * one is looked up, which would hold the database for every organization.
 */
export const MAX_RELATIONSHIP_IDS = 100;

/** An id or an array of ids, de-duplicated in order; anything else is undefined. Too many ids is a DomainError at `param`. */
function idList(value: unknown, key: string, param: string): string[] | undefined {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return undefined;
  if (value.length > MAX_RELATIONSHIP_IDS) {
    const got = value.length.toLocaleString('en-US');
    throw new DomainError('invalid_type', `Relationship '${key}' takes at most ${MAX_RELATIONSHIP_IDS} ids in one array; got ${got}.`, param);
  }
  if (value.every((v): v is string => typeof v === 'string')) return [...new Set(value.filter((v) => v !== ''))];
  return undefined;
}

export function parseCreateRelationship(key: string, value: unknown): RelationshipOps {
  const param = `relationships.${key}`;
  const ids = idList(value, key, param);
  if (!ids) throw new DomainError('invalid_type', `Relationship '${key}' takes an id or an array of ids.`, param);
  return { replace: ids, remove: [], add: [] };
}

export function parseUpdateRelationship(key: string, value: unknown): RelationshipOps {
  const param = `relationships.${key}`;
  if (!isPlainObject(value)) {
    throw new DomainError('invalid_type', `Relationship '${key}' takes an object with 'add', 'remove' or 'replace'.`, param);
  }
  const ops: RelationshipOps = { replace: undefined, remove: [], add: [] };
  for (const [op, raw] of Object.entries(value)) {
    if (!UPDATE_OPS.has(op)) throw new DomainError('invalid_type', `Unknown operation '${op}' for relationship '${key}'; use 'add', 'remove' or 'replace'.`, `${param}.${op}`);
    if (op === 'replace' && raw === null) {
      ops.replace = null;
      continue;
    }
    const ids = idList(raw, key, `${param}.${op}`);
    if (!ids) throw new DomainError('invalid_type', `'${op}' of relationship '${key}' takes an id or an array of ids.`, `${param}.${op}`);
    if (op === 'replace') ops.replace = ids;
    else ops[op as 'add' | 'remove'] = ids;
  }
  return ops;
}

export function idsWritten(ops: RelationshipOps): string[] {
  return [...new Set([...(ops.replace ?? []), ...ops.remove, ...ops.add])];
}
