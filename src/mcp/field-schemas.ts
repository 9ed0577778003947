import type { FieldDefinition, RelationshipDefinition } from '../../packages/sdk/src/index.js';
import { valueType } from '../domain/values/registry.js';
import { VALUE_TYPE_NAMES, type ValueTypeName } from '../domain/values/value-type.js';

// JSON Schemas of what a write may send, made from the organization's definitions, so a model
// sees the same fields, options and id shapes the API will check.

export type JsonSchema = { [keyword: string]: unknown };

const ADDRESS_KEYS = ['street', 'street2', 'city', 'state', 'postalCode', 'country'] as const;

function describe(def: { label: string; description: string | null }, extra?: string): string {
  return [def.label, def.description, extra].filter(Boolean).join('. ');
}

function optionLabels(def: FieldDefinition): string[] {
  return (def.typeConfiguration.options ?? []).map((o) => o.label);
}

function stringOrList(def: FieldDefinition, extra?: string): JsonSchema {
  const description = describe(def, extra);
  return def.typeConfiguration.multipleValues === true ? { type: 'array', items: { type: 'string' }, description } : { type: 'string', description };
}

const text = (extra?: string) => (def: FieldDefinition): JsonSchema => ({ type: 'string', description: describe(def, extra) });

/** Every value type's write schema; a type without one does not compile. HTML is read-only and never offered. */
const VALUE_SCHEMAS = {
  TEXT: text(),
  MARKDOWN: text('markdown'),
  HTML: text('read-only'),
  NUMBER: (def) => ({ type: 'number', description: describe(def) }),
  CURRENCY: (def) => ({ type: 'number', description: describe(def, `amount in ${def.typeConfiguration.currency ?? 'the deployment currency'}`) }),
  CHECKBOX: (def) => ({ type: 'boolean', description: describe(def) }),
  DATETIME: text('RFC 3339 date-time with offset, or a date YYYY-MM-DD'),
  EMAIL: (def) => stringOrList(def, 'email address'),
  URL: (def) => stringOrList(def, 'a URL or bare domain'),
  TELEPHONE: (def) => stringOrList(def, 'a phone number, best with +country code'),
  SOCIAL_HANDLE: (def) => ({ type: 'string', description: describe(def, `a ${def.typeConfiguration.handleService ?? 'social'} profile URL or handle`) }),
  FULL_NAME: (def) => ({
    type: 'object',
    description: describe(def),
    properties: { firstName: { type: 'string' }, lastName: { type: 'string' } },
    additionalProperties: false,
  }),
  ADDRESS: (def) => ({
    type: 'object',
    description: describe(def, 'country as a 2-letter code'),
    properties: { ...Object.fromEntries(ADDRESS_KEYS.map((k) => [k, { type: 'string' }])), latitude: { type: 'number' }, longitude: { type: 'number' } },
    additionalProperties: false,
  }),
  SINGLE_SELECT: (def) => ({ type: 'string', enum: optionLabels(def), description: describe(def) }),
  MULTI_SELECT: (def) => ({ type: 'array', items: { type: 'string', enum: optionLabels(def) }, description: describe(def) }),
} satisfies Record<ValueTypeName, (def: FieldDefinition) => JsonSchema>;

/** The schema of one value as a write sends it; select fields take their option labels. */
export function fieldValueSchema(def: FieldDefinition): JsonSchema {
  // A type newer than this server's table: the API says what it accepts.
  return isValueTypeName(def.valueType) ? VALUE_SCHEMAS[def.valueType](def) : text()(def);
}

/** Read-only definitions (derived fields, inverse links) are shown on reads but never offered for writing. */
export function writable(def: { readOnly?: boolean }): boolean {
  return def.readOnly !== true;
}

function idSchema(def: RelationshipDefinition): JsonSchema {
  return { type: 'string', description: `id of a ${def.objectType} record` };
}

/** One id, or (HAS_MANY) one or a list of them, as the API takes both. */
function idsSchema(def: RelationshipDefinition): JsonSchema {
  return def.cardinality === 'HAS_ONE' ? idSchema(def) : { anyOf: [idSchema(def), { type: 'array', items: idSchema(def) }] };
}

/** On create a link is set by id. */
export function relationshipCreateSchema(def: RelationshipDefinition): JsonSchema {
  return { ...idsSchema(def), description: describe(def, def.cardinality === 'HAS_ONE' ? `id of a ${def.objectType} record` : `ids of ${def.objectType} records`) };
}

/** On update a link is changed by operations, applied replace, then remove, then add. */
export function relationshipUpdateSchema(def: RelationshipDefinition): JsonSchema {
  const ids = idsSchema(def);
  return {
    type: 'object',
    description: describe(def, `${def.cardinality === 'HAS_ONE' ? 'one' : 'many'} ${def.objectType}; replace, then remove, then add; replace null clears`),
    properties: { add: ids, remove: ids, replace: { anyOf: [ids, { type: 'null' }] } },
    additionalProperties: false,
  };
}

/** The list filters a field's type takes, and whether lists sort by it: the server's own value-type table. */
export function filterOperators(type: string): readonly string[] {
  return isValueTypeName(type) ? valueType(type).operators : [];
}

export function sortable(type: string): boolean {
  return isValueTypeName(type) && valueType(type).capabilities.sortable;
}

function isValueTypeName(type: string): type is ValueTypeName {
  return (VALUE_TYPE_NAMES as readonly string[]).includes(type);
}
