import type { DB } from '../../storage/database.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { StoredValue } from '../values/value-type.js';
import { validateWrite } from '../records/validate-write.js';
import { isPlainObject } from '../plain-object.js';

/** Which record's value a field of the merged record takes, or a value written for it. */
export type FieldResolution = { from: 'primary' } | { from: 'duplicate' } | { from: 'value'; value: StoredValue };

export interface MergeRequest {
  primaryId: string;
  duplicateId: string;
  resolutions: ReadonlyMap<string, FieldResolution>;
  multiSelectUnion: boolean;
  dryRun: boolean;
}

const BODY_KEYS = ['primaryId', 'duplicateId', 'fieldResolutions', 'options', 'dryRun'];


function requiredId(body: Record<string, unknown>, key: 'primaryId' | 'duplicateId'): string {
  const value = body[key];
  if (value === undefined || value === null) throw new DomainError('parameter_missing', `'${key}' is required.`, key);
  if (typeof value !== 'string' || value === '') throw new DomainError('invalid_type', `'${key}' must be a record id.`, key);
  return value;
}

function optionalBoolean(value: unknown, param: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new DomainError('invalid_type', `'${param}' must be true or false.`, param);
  return value;
}

/** Moves a write error about `fields.KEY` to where the merge body wrote the value. */
function resolutionParam(error: unknown, key: string): unknown {
  if (!(error instanceof DomainError)) return error;
  const param = error.param?.startsWith(`fields.${key}`) ? `fieldResolutions.${key}.value${error.param.slice(`fields.${key}`.length)}` : `fieldResolutions.${key}`;
  return new DomainError(error.code, error.message, param);
}

/** A merge body, checked against the type's definitions; every value is validated as a write of it. */
export async function parseMergeBody(
  ctx: { db: DB; organizationId: string; defaultRegion: string; collection: string },
  defs: ObjectDefinitions,
  body: unknown,
): Promise<MergeRequest> {
  if (!isPlainObject(body)) throw new DomainError('invalid_type', 'The request body must be a JSON object.', 'body');
  const unknown = Object.keys(body).find((key) => !BODY_KEYS.includes(key));
  if (unknown !== undefined) throw new DomainError('unknown_field', `'${unknown}' is not a merge parameter.`, unknown);
  const primaryId = requiredId(body, 'primaryId');
  const duplicateId = requiredId(body, 'duplicateId');
  if (primaryId === duplicateId) throw new DomainError('invalid_type', 'A record cannot be merged into itself: primaryId and duplicateId are the same.', 'duplicateId');

  const options = body.options ?? {};
  if (!isPlainObject(options)) throw new DomainError('invalid_type', "'options' must be an object.", 'options');
  const unknownOption = Object.keys(options).find((key) => key !== 'multiSelectUnion');
  if (unknownOption !== undefined) throw new DomainError('unknown_field', `'${unknownOption}' is not a merge option.`, `options.${unknownOption}`);

  const resolutions = new Map<string, FieldResolution>();
  const given = body.fieldResolutions ?? {};
  if (!isPlainObject(given)) throw new DomainError('invalid_type', "'fieldResolutions' must map field keys to \"primary\", \"duplicate\" or {\"value\": …}.", 'fieldResolutions');
  for (const [key, raw] of Object.entries(given)) {
    const param = `fieldResolutions.${key}`;
    const def = defs.fields.find((f) => f.key === key);
    if (!def) throw new DomainError('unknown_field', `'${key}' is not a field of ${ctx.collection}.`, param);
    if (def.access === 'read-only') throw new DomainError('read_only', `'${key}' is kept by the server and cannot be resolved.`, param);
    if (raw === 'primary' || raw === 'duplicate') {
      resolutions.set(key, { from: raw });
      continue;
    }
    if (!isPlainObject(raw) || !('value' in raw) || Object.keys(raw).length !== 1) {
      throw new DomainError('invalid_type', `'${param}' must be "primary", "duplicate" or {"value": …}.`, param);
    }
    try {
      const write = await validateWrite({ ...ctx, defs, mode: 'update', body: { fields: { [key]: raw.value } } });
      resolutions.set(key, { from: 'value', value: write.fields[0]?.value ?? null });
    } catch (error) {
      throw resolutionParam(error, key);
    }
  }
  return {
    primaryId,
    duplicateId,
    resolutions,
    multiSelectUnion: optionalBoolean(options.multiSelectUnion, 'options.multiSelectUnion'),
    dryRun: optionalBoolean(body.dryRun, 'dryRun'),
  };
}
