import type { DB } from '../../storage/database.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { findTrashedByIds } from '../../storage/trash.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import { otherId } from '../records/links.js';

/**
 * A write checks that the records it links exist before it takes the write lock; a delete that
 * commits in between would leave a link to a record in the trash. Checked again here, under the
 * lock, against the trash only: it is the one way a record that existed stops existing.
 */
export async function assertNotLinkingTrashed(trx: DB, organizationId: string, defs: ObjectDefinitions, recordId: string, added: readonly RecordLinkRow[]): Promise<void> {
  if (added.length === 0) return;
  const [trashed] = await findTrashedByIds(trx, organizationId, added.map((l) => otherId(recordId, l)));
  if (!trashed) return;
  const link = added.find((l) => otherId(recordId, l) === trashed.id)!;
  const side = link.source_id === recordId ? 'source' : 'target';
  const def = defs.relationships.find((r) => r.linkType === link.link_type && r.side === side);
  throw new DomainError('relationship_entity_missing', `No ${trashed.object_type} with id '${trashed.id}': it was deleted.`, def ? `relationships.${def.key}` : undefined);
}
