import type { DefinitionsResponse, Entity, QueryParams } from '../../packages/sdk/src/index.js';
import { compactRecord } from './compact-record.js';
import {
  fieldValueSchema,
  filterOperators,
  relationshipCreateSchema,
  relationshipUpdateSchema,
  sortable,
  writable,
  type JsonSchema,
} from './field-schemas.js';
import type { RecordType, RecordTypeRef } from './record-types.js';
import { DESTRUCTIVE, objectSchema, READ, ToolArgumentError, toolName, WRITE, type ToolDefinition } from './tool.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 25;
/** Relationship filters take an id: `equal` (the one linked) or `contains` (one of those linked). */
const RELATIONSHIP_OPERATORS = ['equal', 'contains'];

/** Creates a note, a task or a meeting read better as what a person does. */
const CREATE_VERBS: Record<string, string> = { note: 'add_note', task: 'add_task', meeting: 'log_meeting' };

const ID = { type: 'string', description: 'the record id' };

/** The tool names of a type; they depend on its name only, so a call finds its type without reading every definition. */
export function toolNames(type: Pick<RecordTypeRef, 'name' | 'plural' | 'custom'>) {
  if (type.custom) {
    const slug = type.name;
    return { search: toolName('search', slug), get: toolName('get', slug), create: toolName('create', slug), update: toolName('update', slug), delete: toolName('delete', slug), merge: toolName('merge', slug) };
  }
  return {
    search: toolName('search', type.plural),
    get: toolName('get', type.name),
    create: CREATE_VERBS[type.name] ?? toolName('create', type.name),
    update: toolName('update', type.name),
    delete: toolName('delete', type.name),
    merge: toolName('merge', type.plural),
  };
}

function writableFields(definitions: DefinitionsResponse, nullable: boolean): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, def] of Object.entries(definitions.fieldDefinitions)) {
    if (!writable(def) || def.valueType === 'HTML') continue;
    const schema = fieldValueSchema(def);
    properties[key] = nullable ? { anyOf: [schema, { type: 'null' }], description: `${schema.description as string}; null clears it` } : schema;
  }
  return properties;
}

function writableRelationships(definitions: DefinitionsResponse, form: 'create' | 'update'): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, def] of Object.entries(definitions.relationshipDefinitions)) {
    if (!writable(def)) continue;
    properties[key] = form === 'create' ? relationshipCreateSchema(def) : relationshipUpdateSchema(def);
  }
  return properties;
}

function filterableKeys(definitions: DefinitionsResponse): Map<string, readonly string[]> {
  const keys = new Map<string, readonly string[]>();
  for (const [key, def] of Object.entries(definitions.fieldDefinitions)) {
    const operators = filterOperators(def.valueType);
    if (operators.length > 0) keys.set(key, operators);
  }
  for (const key of Object.keys(definitions.relationshipDefinitions)) keys.set(key, RELATIONSHIP_OPERATORS);
  return keys;
}

function sortKeys(definitions: DefinitionsResponse): string[] {
  const keys = ['createdAt', 'updatedAt', ...Object.entries(definitions.fieldDefinitions).filter(([, def]) => sortable(def.valueType)).map(([key]) => key)];
  return keys.flatMap((key) => [key, `-${key}`]);
}

interface Filter {
  key: string;
  operator?: string;
  value: string | number | boolean;
  negate?: boolean;
}

/** Filters as the API's query parameters `KEY[OP]=VALUE`, `KEY[-OP]` negated. */
function filterQuery(filters: Filter[], keys: Map<string, readonly string[]>): QueryParams {
  const query: QueryParams = {};
  for (const filter of filters) {
    const operators = keys.get(filter.key)!;
    const operator = filter.operator ?? (operators.includes('equal') ? 'equal' : operators[0]!);
    if (!operators.includes(operator)) throw new ToolArgumentError(`${filter.key} takes ${operators.join(', ')}, not ${operator}.`);
    const param = `${filter.key}[${filter.negate ? '-' : ''}${operator}]`;
    if (param in query) throw new ToolArgumentError(`Two filters are ${param}: give each key and operator once.`);
    query[param] = String(filter.value);
  }
  return query;
}

function searchTool(type: RecordType, name: string): ToolDefinition {
  const { definitions } = type;
  const keys = filterableKeys(definitions);
  const operatorsByKey = [...keys].map(([key, ops]) => `${key} (${ops.join(', ')})`).join('; ');
  const allOperators = [...new Set([...keys.values()].flat())];
  return {
    name,
    title: `Search ${type.label} records`,
    description:
      `Find ${type.label} records: filters (ANDed) on fields and relationships, a sort, and a page of at most ${MAX_LIMIT}. ` +
      `Text compares case-insensitively; relationship filters take a record id. Filterable keys and their operators: ${operatorsByKey}. ` +
      'Answers totalCount and compact records (long texts cut; get the record for all of it).',
    inputSchema: objectSchema({
      filters: {
        type: 'array',
        maxItems: 50,
        items: objectSchema(
          {
            key: { type: 'string', enum: [...keys.keys()] },
            operator: { type: 'string', enum: allOperators, description: 'default: equal where the key takes it, else contains' },
            value: { type: ['string', 'number', 'boolean'] },
            negate: { type: 'boolean', description: 'match records the filter does not match' },
          },
          ['key', 'value'],
        ),
      },
      sort: { type: 'string', enum: sortKeys(definitions), description: 'default -createdAt (newest first); a leading - sorts descending' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      offset: { type: 'integer', minimum: 0, default: 0, description: 'records to skip, for the next page' },
    }),
    annotations: READ,
    async run(args) {
      const offset = (args.offset as number | undefined) ?? 0;
      const query: QueryParams = {
        ...filterQuery((args.filters as Filter[] | undefined) ?? [], keys),
        limit: (args.limit as number | undefined) ?? DEFAULT_LIMIT,
        offset,
        ...(args.sort !== undefined && { sort: args.sort as string }),
      };
      const page = await type.calls.list(query);
      return {
        totalCount: page.totalCount,
        offset,
        hasMore: offset + page.data.length < page.totalCount,
        records: page.data.map((record) => compactRecord(record, definitions, true)),
      };
    },
  };
}

function whole(type: RecordType) {
  return (record: Entity) => compactRecord(record, type.definitions, false);
}

function createTool(type: RecordType, name: string): ToolDefinition {
  const fields = writableFields(type.definitions, false);
  const relationships = writableRelationships(type.definitions, 'create');
  return {
    name,
    title: `Create ${type.label}`,
    description: `Create a ${type.label} record. The API answers which required field or relationship is missing. Answers the record.`,
    inputSchema: objectSchema(
      {
        fields: { ...objectSchema(fields), description: 'field values by key' },
        ...(Object.keys(relationships).length > 0 && { relationships: { ...objectSchema(relationships), description: 'linked record ids by relationship key' } }),
      },
      ['fields'],
    ),
    annotations: WRITE,
    run: async (args) => whole(type)(await type.calls.create({ fields: args.fields, ...(args.relationships !== undefined && { relationships: args.relationships }) })),
  };
}

function updateTool(type: RecordType, name: string): ToolDefinition {
  const fields = writableFields(type.definitions, true);
  const relationships = writableRelationships(type.definitions, 'update');
  return {
    name,
    title: `Update ${type.label}`,
    description: `Change a ${type.label} record: only the keys given change; null clears a field. Answers the record.`,
    inputSchema: objectSchema(
      {
        id: ID,
        fields: { ...objectSchema(fields), description: 'field values to set' },
        ...(Object.keys(relationships).length > 0 && { relationships: { ...objectSchema(relationships), description: 'link changes by relationship key' } }),
      },
      ['id'],
    ),
    annotations: { ...WRITE, idempotentHint: true },
    run: async (args) =>
      whole(type)(
        await type.calls.update(args.id as string, {
          ...(args.fields !== undefined && { fields: args.fields }),
          ...(args.relationships !== undefined && { relationships: args.relationships }),
        }),
      ),
  };
}

/** search, get, create and update for a type; delete and merge too when destructive tools are allowed. */
export function recordTools(type: RecordType, allowDestructive: boolean): ToolDefinition[] {
  const name = toolNames(type);
  const tools: ToolDefinition[] = [
    searchTool(type, name.search),
    {
      name: name.get,
      title: `Get ${type.label}`,
      description: `One ${type.label} record by id, whole: every set field and every link.`,
      inputSchema: objectSchema({ id: ID }, ['id']),
      annotations: READ,
      run: async (args) => whole(type)(await type.calls.retrieve(args.id as string)),
    },
    createTool(type, name.create),
    updateTool(type, name.update),
  ];
  if (!allowDestructive) return tools;
  tools.push({
    name: name.delete,
    title: `Delete ${type.label}`,
    description: `Move a ${type.label} record to the trash (an admin can restore it for a while). Answers the record.`,
    inputSchema: objectSchema({ id: ID }, ['id']),
    annotations: DESTRUCTIVE,
    run: async (args) => whole(type)(await type.calls.delete(args.id as string)),
  });
  const merge = type.calls.merge;
  if (merge) {
    tools.push({
      name: name.merge,
      title: `Merge ${type.label} records`,
      description:
        `Merge a duplicate ${type.label} into the primary, which keeps its id and gains the duplicate's links; the duplicate goes to the trash. ` +
        'Where both have a value the primary\'s wins unless fieldResolutions says "duplicate" for the key. dryRun answers the outcome and writes nothing.',
      inputSchema: objectSchema(
        {
          primaryId: ID,
          duplicateId: ID,
          fieldResolutions: { type: 'object', additionalProperties: { enum: ['primary', 'duplicate'] }, description: 'which record each field keeps' },
          dryRun: { type: 'boolean' },
        },
        ['primaryId', 'duplicateId'],
      ),
      annotations: { ...DESTRUCTIVE, idempotentHint: false },
      async run(args) {
        const answer = await merge({
          primaryId: args.primaryId as string,
          duplicateId: args.duplicateId as string,
          ...(args.fieldResolutions !== undefined && { fieldResolutions: args.fieldResolutions as never }),
          ...(args.dryRun === true && { dryRun: true }),
        });
        return { merge: answer.merge, primary: whole(type)(answer.primary), summary: answer.summary };
      },
    });
  }
  return tools;
}
