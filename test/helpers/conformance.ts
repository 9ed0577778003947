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

/**
 * Operations the public API added after the OpenAPI file (spec/newer-api.md) whose answers have
 * the shape of a documented one: they are held to that one's schema.
 */
const NEWER_OPERATIONS: ReadonlyArray<{ method: string; pattern: RegExp; sameShapeAs: string }> = [
  { method: 'GET', pattern: /^\/v1\/(meetings|notes)\/definitions$/, sameShapeAs: 'task.definitions' },
];

export function findOperation(method: string, urlPath: string): string | undefined {
  const pathOnly = urlPath.split('?')[0] ?? urlPath;
  const newer = NEWER_OPERATIONS.find((op) => op.method === method.toUpperCase() && op.pattern.test(pathOnly));
  if (newer) return spec ? newer.sameShapeAs : undefined;
  return spec?.operations.find((op) => op.method === method.toUpperCase() && op.pattern.test(pathOnly))?.operationId;
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
