import type { DefinitionsResponse, Entity } from '../../packages/sdk/src/index.js';

// What a tool answers about a record: small enough for a model's context. Unset fields and empty
// links are left out, option ids read as their labels, and in a list long texts and long link
// lists are cut (get_* answers them whole).

const LIST_TEXT_CHARS = 200;
const LIST_LINKS = 10;

export interface CompactRecord {
  id: string;
  httpLink?: string;
  createdAt: string;
  fields: Record<string, unknown>;
  relationships?: Record<string, string[] | string>;
}

function optionLabel(definitions: DefinitionsResponse, key: string): (id: unknown) => unknown {
  const options = definitions.fieldDefinitions[key]?.typeConfiguration.options;
  if (!options) return (id) => id;
  const byId = new Map(options.map((o) => [o.id, o.label]));
  return (id) => (typeof id === 'string' ? (byId.get(id) ?? id) : id);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

function cut(value: unknown): unknown {
  if (typeof value !== 'string' || [...value].length <= LIST_TEXT_CHARS) return value;
  return `${[...value].slice(0, LIST_TEXT_CHARS).join('')}… (cut; get the record for all of it)`;
}

export function compactRecord(record: Entity, definitions: DefinitionsResponse, inList: boolean): CompactRecord {
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record.fields ?? {})) {
    let value = (field as { value: unknown }).value;
    if (isEmpty(value)) continue;
    const label = optionLabel(definitions, key);
    value = Array.isArray(value) ? value.map(label) : label(value);
    fields[key] = inList ? cut(value) : value;
  }
  const relationships: Record<string, string[] | string> = {};
  for (const [key, link] of Object.entries(record.relationships ?? {})) {
    const ids = (link as { values?: string[] }).values ?? [];
    if (ids.length === 0) continue;
    relationships[key] = inList && ids.length > LIST_LINKS ? [...ids.slice(0, LIST_LINKS), `… and ${ids.length - LIST_LINKS} more`] : ids;
  }
  return {
    id: record.id,
    ...(record.httpLink && { httpLink: record.httpLink }),
    createdAt: record.createdAt,
    fields,
    ...(Object.keys(relationships).length > 0 && { relationships }),
  };
}
