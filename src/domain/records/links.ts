import type { DB } from '../../storage/database.js';
import { selectRelationshipDefinitions } from '../../storage/definitions.js';
import { selectSources, selectTargets } from '../../storage/record-links.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { RelationshipDefinition } from '../definitions/types.js';
import { DomainError } from '../errors.js';

/**
 * One end of a stored link (`source → target`): where a relationship of a record reads it from.
 * Every relationship definition is one; so is `{ linkType: 'opportunity.account', side: 'target' }`
 * for "the opportunities of an account". Only this module asks which end a record is.
 */
export interface LinkEnd {
  linkType: string;
  side: 'source' | 'target';
}

/** The stored row for "`recordId`, at this end, holds `otherId`". */
export function linkRow(organizationId: string, end: LinkEnd, recordId: string, otherId: string, at: string): RecordLinkRow {
  const [source_id, target_id] = end.side === 'source' ? [recordId, otherId] : [otherId, recordId];
  return { organization_id: organizationId, link_type: end.linkType, source_id, target_id, created_at: at };
}

/** The id at the other end of a link from `recordId`, whichever end that is. */
export function otherId(recordId: string, link: RecordLinkRow): string {
  return link.source_id === recordId ? link.target_id : link.source_id;
}

/** One string per link (type and both ends), to compare sets of links. */
export function linkKey(link: RecordLinkRow): string {
  return `${link.link_type}\u0000${link.source_id}\u0000${link.target_id}`;
}

/** Whether `recordId` holds `link` at this end. */
export function holds(end: LinkEnd, recordId: string, link: RecordLinkRow): boolean {
  return link.link_type === end.linkType && (end.side === 'source' ? link.source_id : link.target_id) === recordId;
}

/** The record at the other end of a link held at this end. */
export function otherEnd(end: LinkEnd, link: RecordLinkRow): string {
  return end.side === 'source' ? link.target_id : link.source_id;
}

/** The end the same links are read from by the record at the other end. */
export function oppositeEnd(end: LinkEnd): LinkEnd {
  return { linkType: end.linkType, side: end.side === 'source' ? 'target' : 'source' };
}

/** The ids a record holds at this end among `links`. A derived relationship holds none (nothing stores it). */
export function linkedIds(end: LinkEnd & { derived?: boolean }, recordId: string, links: readonly RecordLinkRow[]): string[] {
  if (end.derived) return [];
  return links.filter((link) => holds(end, recordId, link)).map((link) => otherEnd(end, link));
}

/** The ids a record holds at this end, read from storage. */
export function readLinkedIds(db: DB, end: LinkEnd, recordId: string): Promise<string[]> {
  return end.side === 'source' ? selectTargets(db, end.linkType, recordId) : selectSources(db, end.linkType, recordId);
}

/**
 * A link added from the HAS_MANY side of a custom relationship must not give the other
 * record a second value on its HAS_ONE side. System relationships never need this: their
 * inverses are read-only or HAS_MANY on both ends.
 */
export async function assertInverseHasOne(trx: DB, organizationId: string, def: RelationshipDefinition, added: readonly RecordLinkRow[]): Promise<void> {
  if (def.system || added.length === 0) return;
  const inverseEnd = oppositeEnd(def);
  const inverse = (await selectRelationshipDefinitions(trx, organizationId, def.targetType)).find(
    (r) => r.link_type === inverseEnd.linkType && r.side === inverseEnd.side,
  );
  if (inverse?.cardinality !== 'HAS_ONE') return;
  for (const link of added) {
    const otherId = otherEnd(def, link);
    const holder = (await readLinkedIds(trx, inverseEnd, otherId)).find((id) => id !== otherEnd(inverseEnd, link));
    if (holder !== undefined) {
      throw new DomainError(
        'invalid_type',
        `${otherId} already has '${inverse.key}' set to ${holder}, and holds only one; change it there first.`,
        `relationships.${def.key}`,
      );
    }
  }
}
