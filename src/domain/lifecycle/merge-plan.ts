import { isDeepStrictEqual } from 'node:util';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { StoredFields } from '../object-types/object-type.js';
import type { StoredValue } from '../values/value-type.js';
import type { MergeRequest } from './merge-body.js';
import { linkKey } from '../records/links.js';

/** Values of both, the primary's first, each once. */
function union(a: readonly unknown[], b: readonly unknown[]): StoredValue {
  const out: unknown[] = [...a];
  for (const value of b) if (!out.some((kept) => isDeepStrictEqual(kept, value))) out.push(value);
  return out as StoredValue;
}

/**
 * The merged record's stored fields: a resolution where one is given; else the primary's value,
 * the duplicate's where the primary has none, and with `multiSelectUnion` both values of a
 * multi-valued field. Fields the server keeps (read-only) stay the primary's: they derive again.
 * Each value of the duplicate that no resolution chose to drop, and that the merge did not take,
 * is a warning.
 */
export function mergedFields(defs: ObjectDefinitions, primary: StoredFields, duplicate: StoredFields, request: MergeRequest): { fields: StoredFields; warnings: string[] } {
  const warnings: string[] = [];
  const merged: StoredFields = { ...primary };
  const set = (key: string, value: StoredValue | undefined) => {
    if (value === undefined || value === null) delete merged[key];
    else merged[key] = value;
  };
  for (const def of defs.fields) {
    if (def.access === 'read-only') continue;
    const resolution = request.resolutions.get(def.key);
    const mine = primary[def.key];
    const theirs = duplicate[def.key];
    if (resolution?.from === 'primary') continue;
    if (resolution?.from === 'duplicate') set(def.key, theirs);
    else if (resolution?.from === 'value') set(def.key, resolution.value);
    else if (request.multiSelectUnion && Array.isArray(mine) && Array.isArray(theirs)) set(def.key, union(mine, theirs));
    else if (mine === undefined) set(def.key, theirs);
    else if (theirs !== undefined && !isDeepStrictEqual(mine, theirs)) {
      warnings.push(`'${def.key}': the primary's value was kept and the duplicate's was not taken (choose it with fieldResolutions).`);
    }
  }
  return { fields: merged, warnings };
}

export interface Repointing {
  /** The duplicate's links as the primary's, new to it. */
  added: RecordLinkRow[];
  /** The duplicate's links that now belong to the primary, as they were. */
  moved: RecordLinkRow[];
  /** Of `moved`, those the primary did not hold already: what the duplicate gave up to it. */
  taken: RecordLinkRow[];
  /** How many of the duplicate's links the primary now holds: the new ones and those it held already. */
  repointed: number;
  warnings: string[];
}

/**
 * The duplicate's links, moved to the primary: to-many relationships gain them, a to-one keeps
 * the primary's value unless it has none, and a link between the two (which would link the
 * primary to itself) is dropped. Every drop is a warning.
 */
export function repointLinks(defs: ObjectDefinitions, primaryId: string, duplicateId: string, primaryLinks: readonly RecordLinkRow[], duplicateLinks: readonly RecordLinkRow[]): Repointing {
  const held = new Set(primaryLinks.map(linkKey));
  const added: RecordLinkRow[] = [];
  const moved: RecordLinkRow[] = [];
  const taken: RecordLinkRow[] = [];
  const warnings: string[] = [];
  let repointed = 0;
  const holdsOne = (linkType: string, side: 'source' | 'target') =>
    [...primaryLinks, ...added].some((l) => l.link_type === linkType && (side === 'source' ? l.source_id : l.target_id) === primaryId);
  for (const link of duplicateLinks) {
    const other = link.source_id === duplicateId ? link.target_id : link.source_id;
    if (other === primaryId) {
      warnings.push(`A '${link.link_type}' link between the two records was dropped: the merged record cannot link to itself.`);
      continue;
    }
    const next: RecordLinkRow = {
      ...link,
      source_id: link.source_id === duplicateId ? primaryId : link.source_id,
      target_id: link.target_id === duplicateId ? primaryId : link.target_id,
    };
    if (held.has(linkKey(next))) {
      moved.push(link);
      repointed++;
      continue;
    }
    const side = link.source_id === duplicateId ? 'source' : 'target';
    const def = defs.relationships.find((r) => r.linkType === link.link_type && r.side === side);
    if (def?.cardinality === 'HAS_ONE' && holdsOne(link.link_type, side)) {
      // Who made the primary stays who made it; a value a person chose being dropped is worth saying.
      if (def.access === 'writable') warnings.push(`'${def.key}' holds one record: the primary's was kept, the duplicate's (${other}) was dropped.`);
      continue;
    }
    added.push(next);
    moved.push(link);
    taken.push(link);
    held.add(linkKey(next));
    repointed++;
  }
  return { added, moved, taken, repointed, warnings };
}
