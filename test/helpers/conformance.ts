import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks response bodies against the official OpenAPI description in ../shared. A user's clone
 * has no ../shared: then every check is skipped, and the suite says so once. CI always has it, so
 * there its absence fails the run rather than passing it unchecked.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_PATH = path.resolve(repoRoot, '../shared/lightfield/openapi.json');

interface Operation {
  method: string;
  pattern: RegExp;
  operationId: string;
  /** JSON pointer of the operation inside the document. */
  pointer: string;
  parameters: number;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Spec {
  ajv: Ajv2020;
  operations: Operation[];
  validators: Map<string, ValidateFunction>;
}

function load(): Spec | undefined {
  if (!fs.existsSync(OPENAPI_PATH)) {
    if (process.env.CI) throw new Error(`CI must check responses against ${OPENAPI_PATH}, which is missing.`);
    process.stdout.write(`# conformance: ${OPENAPI_PATH} not found; response-schema checks are skipped\n`);
    return undefined;
  }
  const doc = JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Record<string, any>>(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries<any>(item)) {
      if (op && typeof op === 'object' && typeof op.operationId === 'string') {
        const pointer = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
        const parameters = (template.match(/\{/g) ?? []).length;
        operations.push({ method: method.toUpperCase(), pattern, operationId: op.operationId, pointer, parameters, responses: op.responses ?? {} });
      }
    }
  }
  // Literal segments beat parameters: `/v1/accounts/definitions` is not `account.retrieve`.
  operations.sort((a, b) => a.parameters - b.parameters);
  return { ajv, operations, validators: new Map() };
}

const spec = load();
export const conformanceAvailable = spec !== undefined;

function validator(s: Spec, pointer: string): ValidateFunction {
  let v = s.validators.get(pointer);
  if (!v) {
    v = s.ajv.compile({ $ref: `openapi.json${pointer}` });
    s.validators.set(pointer, v);
  }
  return v;
}

const SINGULAR: Record<string, string> = {
  accounts: 'account',
  contacts: 'contact',
  opportunities: 'opportunity',
  tasks: 'task',
  notes: 'note',
  meetings: 'meeting',
  lists: 'list',
};
const DELETABLE = '(accounts|contacts|opportunities|tasks|notes|meetings|lists)';
const MERGEABLE = '(accounts|contacts|opportunities)';

/** The shapes newer-api.md gives the lifecycle answers (fieldhouse's reading of the Go SDK's types). */
/** A channel or message: the record envelope with its `objectType` (newer-api.md, "Channels and messages"). */
function chatEnvelope(objectType: 'channel' | 'message'): object {
  const message = objectType === 'message';
  return {
    type: 'object',
    required: ['id', 'createdAt', 'updatedAt', 'httpLink', 'fields', 'relationships', 'objectType', ...(message ? ['accessLevel'] : [])],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: message ? '^msg_' : '^chn_' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: ['string', 'null'] },
      httpLink: { type: ['string', 'null'] },
      externalId: { type: ['string', 'null'] },
      objectType: { const: objectType },
      ...(message ? { accessLevel: { enum: ['FULL', 'METADATA'] } } : {}),
      fields: {
        type: 'object',
        additionalProperties: { type: 'object', required: ['value', 'valueType'], additionalProperties: false, properties: { value: {}, valueType: { type: 'string' } } },
      },
      relationships: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['cardinality', 'objectType', 'values'],
          additionalProperties: false,
          properties: { cardinality: { enum: ['has_one', 'has_many'] }, objectType: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  };
}

const chatList = (objectType: 'channel' | 'message') => ({
  type: 'object',
  required: ['object', 'data', 'totalCount'],
  additionalProperties: false,
  properties: { object: { const: 'list' }, data: { type: 'array', items: chatEnvelope(objectType) }, totalCount: { type: 'integer', minimum: 0 } },
});

const enrichmentRun = {
  type: 'object',
  required: ['id', 'entityId', 'entityType', 'status', 'targetFields', 'trigger', 'createdAt', 'updatedAt', 'startedAt', 'completedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^enr_' },
    entityId: { type: 'string' },
    entityType: { enum: ['contact', 'account'] },
    status: { enum: ['queued', 'running', 'completed', 'failed', 'timed_out'] },
    targetFields: { type: 'array', items: { type: 'string' } },
    trigger: { enum: ['creation', 'manual'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    completedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const NEWER_SCHEMAS: Record<string, object> = {
  channel: chatEnvelope('channel'),
  message: chatEnvelope('message'),
  channelList: chatList('channel'),
  messageList: chatList('message'),
  enrichmentRun,
  enrich: {
    type: 'object',
    required: ['status', 'reason', 'enrichmentRun'],
    additionalProperties: false,
    properties: {
      status: { enum: ['started', 'already_running', 'skipped'] },
      reason: { enum: ['no_targets', 'no_operations', null] },
      enrichmentRun: { oneOf: [enrichmentRun, { type: 'null' }] },
    },
  },
  fieldHistory: {
    type: 'object',
    required: ['data', 'hasMore', 'nextCursor'],
    additionalProperties: false,
    properties: {
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value', 'valueType', 'displayValue', 'recordedAt', 'isCreate'],
          additionalProperties: false,
          properties: { value: {}, valueType: { type: 'string' }, displayValue: { type: ['string', 'null'] }, recordedAt: { type: 'string', format: 'date-time' }, isCreate: { type: 'boolean' } },
        },
      },
      hasMore: { type: 'boolean' },
      nextCursor: { type: ['string', 'null'] },
    },
  },
  merge: {
    type: 'object',
    required: ['merge', 'primary', 'summary'],
    additionalProperties: false,
    properties: {
      merge: { type: 'object', required: ['id', 'status'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^mrg_' }, status: { type: 'string' } } },
      primary: { type: 'object' },
      summary: {
        type: 'object',
        required: ['fieldWriteCount', 'syncRepointedCount', 'warnings'],
        additionalProperties: false,
        properties: { fieldWriteCount: { type: 'integer', minimum: 0 }, syncRepointedCount: { type: 'integer', minimum: 0 }, warnings: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  getMerge: {
    type: 'object',
    required: ['id', 'createdAt', 'updatedAt', 'primaryId', 'duplicateId', 'entityType', 'status'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: '^mrg_' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      primaryId: { type: 'string' },
      duplicateId: { type: 'string' },
      entityType: { type: 'string' },
      status: { enum: ['cleanup_pending', 'done', 'failed', 'undone'] },
    },
  },
  undoMerge: {
    type: 'object',
    required: ['merge', 'primary', 'duplicate'],
    additionalProperties: false,
    properties: { merge: { type: 'object', required: ['id', 'status'] }, primary: { type: 'object' }, duplicate: { type: 'object' } },
  },
};

/**
 * Operations the public API added after the OpenAPI file (spec/newer-api.md): those whose answers
 * have the shape of a documented one are held to that one's schema (`sameShapeAs`), the others to
 * NEWER_SCHEMAS, with the record they carry (`record`) held to the retrieve schema of its type.
 */
const NEWER_OPERATIONS: ReadonlyArray<{ method: string; pattern: RegExp; sameShapeAs?: (m: RegExpExecArray) => string; schema?: string; records?: string[] }> = [
  { method: 'GET', pattern: /^\/v1\/(meetings|notes)\/definitions$/, sameShapeAs: () => 'task.definitions' },
  { method: 'DELETE', pattern: new RegExp(`^/v1/${DELETABLE}/[^/]+$`), sameShapeAs: (m) => `${SINGULAR[m[1]!]}.retrieve` },
  { method: 'POST', pattern: new RegExp(`^/v1/${DELETABLE}/[^/]+/restore$`), sameShapeAs: (m) => `${SINGULAR[m[1]!]}.retrieve` },
  { method: 'DELETE', pattern: /^\/v1\/objects\/[^/]+\/values\/[^/]+$/, sameShapeAs: () => 'object.retrieve' },
  { method: 'POST', pattern: /^\/v1\/objects\/[^/]+\/values\/[^/]+\/restore$/, sameShapeAs: () => 'object.retrieve' },
  { method: 'GET', pattern: new RegExp(`^/v1/${MERGEABLE}/[^/]+/fields/[^/]+/history$`), schema: 'fieldHistory' },
  { method: 'GET', pattern: /^\/v1\/objects\/[^/]+\/values\/[^/]+\/fields\/[^/]+\/history$/, schema: 'fieldHistory' },
  { method: 'POST', pattern: new RegExp(`^/v1/${MERGEABLE}/merge$`), schema: 'merge', records: ['primary'] },
  { method: 'POST', pattern: /^\/v1\/objects\/[^/]+\/merge$/, schema: 'merge', records: ['primary'] },
  { method: 'GET', pattern: /^\/v1\/merges\/[^/]+$/, schema: 'getMerge' },
  { method: 'GET', pattern: /^\/v1\/channels$/, schema: 'channelList' },
  { method: 'GET', pattern: /^\/v1\/channels\/[^/]+$/, schema: 'channel' },
  { method: 'POST', pattern: /^\/v1\/channels$/, schema: 'channel' },
  { method: 'POST', pattern: /^\/v1\/channels\/[^/]+\/messages$/, schema: 'message' },
  { method: 'GET', pattern: /^\/v1\/messages$/, schema: 'messageList' },
  { method: 'GET', pattern: /^\/v1\/messages\/[^/]+$/, schema: 'message' },
  { method: 'POST', pattern: /^\/v1\/enrichmentRun\/(?:contacts|accounts)\/[^/]+$/, schema: 'enrich' },
  { method: 'GET', pattern: /^\/v1\/enrichmentRun\/[^/]+$/, schema: 'enrichmentRun' },
  { method: 'POST', pattern: /^\/v1\/merges\/[^/]+\/undo$/, schema: 'undoMerge', records: ['primary', 'duplicate'] },
];

/** `newer:<schema>[:<retrieve operation of its records>]` for an operation NEWER_SCHEMAS describes. */
const NEWER_PREFIX = 'newer:';

export function findOperation(method: string, urlPath: string): string | undefined {
  const pathOnly = urlPath.split('?')[0] ?? urlPath;
  for (const op of NEWER_OPERATIONS) {
    const match = op.method === method.toUpperCase() ? op.pattern.exec(pathOnly) : null;
    if (!match) continue;
    if (!spec) return undefined;
    if (op.sameShapeAs) return op.sameShapeAs(match);
    const singular = SINGULAR[match[1] ?? ''] ?? (pathOnly.startsWith('/v1/objects/') ? 'object' : '');
    return `${NEWER_PREFIX}${op.schema}:${singular}:${(op.records ?? []).join(',')}`;
  }
  return spec?.operations.find((op) => op.method === method.toUpperCase() && op.pattern.test(pathOnly))?.operationId;
}

function checkNewer(s: Spec, key: string, status: number, body: unknown): void {
  const [schema, singular, records] = key.slice(NEWER_PREFIX.length).split(':');
  if (status >= 400) return check(s, '#/components/schemas/Error', (body as { error: unknown }).error, `error of status ${status}`);
  let v = s.validators.get(key);
  if (!v) s.validators.set(key, (v = s.ajv.compile(NEWER_SCHEMAS[schema!]!)));
  assert.ok(v(body), `${schema} ${status} does not match newer-api.md: ${s.ajv.errorsText(v.errors)}\n${JSON.stringify(body)}`);
  // A merge of custom objects, or an undo, names its type only in its records: held to a retrieve schema when the path says which.
  for (const field of (records ?? '').split(',').filter(Boolean)) {
    if (singular) assertConforms(`${singular}.retrieve`, 200, (body as Record<string, unknown>)[field]);
  }
}

function check(s: Spec, pointer: string, value: unknown, what: string): void {
  const v = validator(s, pointer);
  assert.ok(v(value), `${what} does not match ${pointer}: ${s.ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
}

/**
 * Asserts a response against the operation's declared response for its status. Error bodies
 * must be exactly `{error}` with `error` matching the status's error schema; a response of a
 * route the public API does not have is held to the generic error schema when it is an error.
 */
export function assertConforms(operationId: string | undefined, status: number, body: unknown): void {
  if (!spec) return;
  if (status >= 400) {
    assert.ok(body && typeof body === 'object' && !Array.isArray(body), `error body must be an object, got ${JSON.stringify(body)}`);
    assert.deepEqual(Object.keys(body), ['error'], `error body must hold only 'error': ${JSON.stringify(body)}`);
  }
  if (operationId?.startsWith(NEWER_PREFIX)) return checkNewer(spec, operationId, status, body);
  const inner = status >= 400 ? (body as { error: unknown }).error : body;
  if (operationId === undefined) {
    if (status >= 400) check(spec, '#/components/schemas/Error', inner, `error of status ${status}`);
    return;
  }
  const op = spec.operations.find((o) => o.operationId === operationId);
  assert.ok(op, `unknown operation ${operationId}`);
  assert.ok(op.responses[String(status)], `${operationId} does not declare status ${status}`);
  check(spec, `${op.pointer}/responses/${status}/content/application~1json/schema`, inner, `${operationId} ${status}`);
}
