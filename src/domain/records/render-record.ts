import type { RecordLinkRow, RecordRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo } from '../objects.js';
import { valueType } from '../values/registry.js';
import type { StoredValue, ValueTypeName } from '../values/value-type.js';
import type { RecordSettings } from './context.js';
import { linkedIds } from './links.js';
import { fieldContext } from '../definitions/field-context.js';

/** The wire envelope every record reads back in. */
export interface RecordView {
  id: string;
  createdAt: string;
  updatedAt: string | null;
  httpLink: string | null;
  fields: Record<string, { valueType: ValueTypeName; value: unknown }>;
  relationships: Record<string, { cardinality: 'has_one' | 'has_many'; objectType: string; values: string[] }>;
  /** Added by types whose reads depend on the caller (meetings): what the record is, and how much of it this caller sees. */
  objectType?: string;
  accessLevel?: 'FULL' | 'METADATA';
  /** The record's id at the provider it came from, for records brought in from one (channels, messages). */
  externalId?: string;
}

export function httpLink(settings: RecordSettings, path: string, id: string): string {
  return `${settings.publicUrl}/crm/${path}/${id}`;
}

export function parseStoredFields(row: RecordRow): Record<string, StoredValue> {
  return JSON.parse(row.fields) as Record<string, StoredValue>;
}

export function renderRecord(type: ObjectTypeInfo, defs: ObjectDefinitions, row: RecordRow, links: readonly RecordLinkRow[], settings: RecordSettings): RecordView {
  const stored = parseStoredFields(row);
  const fields: RecordView['fields'] = {};
  for (const def of defs.fields) {
    fields[def.key] = { valueType: def.valueType, value: valueType(def.valueType).render(stored[def.key] ?? null, fieldContext(def, settings.defaultRegion)) };
  }
  const relationships: RecordView['relationships'] = {};
  for (const def of defs.relationships) {
    relationships[def.key] = {
      cardinality: def.cardinality === 'HAS_ONE' ? 'has_one' : 'has_many',
      objectType: def.targetType,
      values: linkedIds(def, row.id, links),
    };
  }
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    httpLink: httpLink(settings, type.path, row.id),
    fields,
    relationships,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
  };
}
