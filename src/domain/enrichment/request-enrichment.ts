import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { Enrichment, ObjectTypeInfo } from '../object-types/object-type.js';
import { isPlainObject } from '../plain-object.js';
import type { RecordContext } from '../records/context.js';
import { notFound } from '../records/read-records.js';
import { parseStoredFields } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { emptyTargets, enrichmentSource } from './enrichment-plan.js';
import { queueEnrichmentRun } from './queue-run.js';
import { renderEnrichmentRun, type EnrichmentRunView } from './run-view.js';

export interface EnrichAnswer {
  status: 'started' | 'already_running' | 'skipped';
  reason: 'no_targets' | 'no_operations' | null;
  enrichmentRun: EnrichmentRunView | null;
}

const skipped = (reason: 'no_targets' | 'no_operations'): EnrichAnswer => ({ status: 'skipped', reason, enrichmentRun: null });

/** The keys `fields` names, checked against what a run of this type can fill; undefined when none are named. */
function namedTargets(body: unknown, spec: Enrichment, defs: ObjectDefinitions, collection: string): string[] | undefined {
  if (body === undefined || body === null) return undefined;
  if (!isPlainObject(body)) throw new DomainError('invalid_type', 'The request body must be a JSON object.', 'body');
  for (const key of Object.keys(body)) if (key !== 'fields') throw new DomainError('unknown_field', `Unrecognized key '${key}'; an enrichment request takes 'fields'.`, key);
  const { fields } = body;
  if (fields === undefined || fields === null) return undefined;
  if (!Array.isArray(fields)) throw new DomainError('invalid_type', `'fields' must be an array of field keys; got ${JSON.stringify(fields)}.`, 'fields');
  const keys: string[] = [];
  fields.forEach((key: unknown, i) => {
    const param = `fields.${i}`;
    if (typeof key !== 'string') throw new DomainError('invalid_type', `'fields' holds field keys; got ${JSON.stringify(key)}.`, param);
    const known = defs.fields.some((d) => d.key === key) || defs.relationships.some((d) => d.key === key);
    if (!known) throw new DomainError('unknown_field', `Unrecognized field '${key}' for '${collection}'.`, param);
    if (!spec.targets.includes(key)) throw new DomainError('invalid_value', `'${key}' is not filled by enrichment; it fills ${spec.targets.join(', ')}.`, param);
    if (!keys.includes(key)) keys.push(key);
  });
  return keys.length > 0 ? keys : undefined;
}

/**
 * `POST /v1/enrichmentRun/{contacts|accounts}/{id}`: queues a run that refreshes the named fields,
 * or fills the empty ones; answers the run already waiting or running for the record instead.
 */
export async function requestEnrichment(ctx: RecordContext, type: ObjectTypeInfo, entityId: string, body: unknown): Promise<EnrichAnswer> {
  const spec = type.enrichment;
  if (!spec) throw notFound(type.collection);
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const named = namedTargets(body, spec, defs, type.collection);
  return writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, type.objectType, entityId);
    if (!row) throw notFound(type.collection);
    if (!ctx.settings.jobs.enrichment) return skipped('no_operations');
    const fields = parseStoredFields(row);
    if (!enrichmentSource(spec, fields)) return skipped('no_operations');
    const targets = named ?? emptyTargets(spec, defs, entityId, fields, await selectLinksOf(trx, [entityId]));
    if (targets.length === 0) return skipped('no_targets');
    const { row: run, queued } = await queueEnrichmentRun(trx, writeEnv(ctx), { spec, recordId: entityId, targets, named: named !== undefined, trigger: 'manual' });
    return { status: queued ? 'started' : 'already_running', reason: null, enrichmentRun: renderEnrichmentRun(run) };
  });
}
