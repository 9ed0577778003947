import type { DB } from '../../storage/database.js';
import { selectRelationshipDefinitions } from '../../storage/definitions.js';
import { selectSources, selectTargets } from '../../storage/record-links.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { RelationshipDefinition } from '../definitions/types.js';
import { DomainError } from '../errors.js';

/** The stored row for "`recordId`.`def.key` holds `otherId`", whichever end the definition is. */
export function linkRow(organizationId: string, def: RelationshipDefinition, recordId: string, otherId: string, at: string): RecordLinkRow {
  const [source_id, target_id] = def.side === 'source' ? [recordId, otherId] : [otherId, recordId];
  return { organization_id: organizationId, link_type: def.linkType, source_id, target_id, created_at: at };
}

/**
 * A link added from the HAS_MANY side of a custom relationship must not give the other
 * record a second value on its HAS_ONE side. System relationships never need this: their
 * inverses are read-only or HAS_MANY on both ends.
 */
export async function assertInverseHasOne(trx: DB, organizationId: string, def: RelationshipDefinition, added: readonly RecordLinkRow[]): Promise<void> {
  if (def.system || added.length === 0) return;
  const inverse = (await selectRelationshipDefinitions(trx, organizationId, def.targetType)).find(
    (r) => r.link_type === def.linkType && r.side !== def.side,
  );
  if (inverse?.cardinality !== 'HAS_ONE') return;
  for (const link of added) {
    const [otherId, recordId] = def.side === 'source' ? [link.target_id, link.source_id] : [link.source_id, link.target_id];
    const holders = def.side === 'source' ? await selectSources(trx, def.linkType, otherId) : await selectTargets(trx, def.linkType, otherId);
    const holder = holders.find((id) => id !== recordId);
    if (holder !== undefined) {
      throw new DomainError(
        'invalid_type',
        `${otherId} already has '${inverse.key}' set to ${holder}, and holds only one; change it there first.`,
        `relationships.${def.key}`,
      );
    }
  }
}
