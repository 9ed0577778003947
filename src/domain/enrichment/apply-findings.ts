import type { DB } from '../../storage/database.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { EnrichmentRunRow, RecordLinkRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { fieldContext } from '../definitions/field-context.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { linkedIds, linkRow } from '../records/links.js';
import { parseStoredFields } from '../records/render-record.js';
import { applyWrite, withValues } from '../records/write-path.js';
import { valueType } from '../values/registry.js';
import type { StoredValue } from '../values/value-type.js';
import { isFilled } from './enrichment-plan.js';
import type { Findings } from './findings.js';

/** A found value as the field stores it; undefined when it is not a value of the field (a provider's guess is dropped, not an error). */
function storedValue(raw: unknown, def: Parameters<typeof fieldContext>[0], defaultRegion: string): StoredValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  const type = valueType(def.valueType);
  const field = fieldContext(def, defaultRegion);
  if (type.checkShape(raw, field)) return undefined;
  const value = type.normalize(raw, field);
  return value instanceof DomainError || value === null ? undefined : value;
}

/**
 * Writes what a run found into its targets, through the write path (history, effects). A target
 * the request did not name is written only while it is still empty: whatever a person wrote
 * meanwhile stays. Returns the keys written.
 */
export async function applyFindings(db: DB, env: WriteEnv, type: ObjectTypeInfo, run: EnrichmentRunRow, findings: Findings, defaultRegion: string): Promise<string[]> {
  return writeTransaction(db, env.organizationId, async (trx) => {
    const row = await findRecord(trx, env.organizationId, type.objectType, run.entity_id);
    if (!row) return [];
    const defs = await env.definitionsOf(trx, type.objectType);
    const stored = parseStoredFields(row);
    const links = await selectLinksOf(trx, [row.id]);
    const named = run.named === 1;
    const at = env.now.toISOString();
    const values: Array<[string, StoredValue]> = [];
    const added: RecordLinkRow[] = [];
    const written: string[] = [];
    for (const key of JSON.parse(run.target_fields) as string[]) {
      if (!named && isFilled(defs, key, row.id, stored, links)) continue;
      const field = defs.fields.find((d) => d.key === key);
      if (field) {
        const value = storedValue(findings.values[key], field, defaultRegion);
        if (value !== undefined) {
          values.push([key, value]);
          written.push(key);
        }
        continue;
      }
      const relationship = defs.relationships.find((d) => d.key === key);
      if (!relationship) continue;
      const held = linkedIds(relationship, row.id, links);
      const found = findings.links[key] ?? [];
      // One record: the oldest account at a contact's domain, not every account that shares it,
      // and none when the record already holds one of them (a refresh finds it still right).
      if (found.some((id) => held.includes(id)) || (relationship.cardinality === 'HAS_ONE' && held.length > 0)) continue;
      const wanted = found.slice(0, 1);
      if (wanted.length > 0) written.push(key);
      added.push(...wanted.map((id) => linkRow(env.organizationId, relationship, row.id, id, at)));
    }
    if (values.length === 0 && added.length === 0) return [];
    await applyWrite(trx, env, { type, defs, origin: 'update', recordId: row.id, row, fields: withValues(stored, values), links, added, countsAsUpdate: true });
    return written;
  });
}
