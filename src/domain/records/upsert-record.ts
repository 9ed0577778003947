import type { DB } from '../../storage/database.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findByExternalId, findRecord } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo, StoredFields } from '../object-types/object-type.js';
import { isPlainObject } from '../plain-object.js';
import type { RecordContext } from './context.js';
import { insertCreated } from './create-record.js';
import type { WriteEnv } from './effects/effect.js';
import { holds, type LinkEnd } from './links.js';
import { readRecord } from './read-records.js';
import { parseStoredFields, type RecordView } from './render-record.js';
import { applyUpdate } from './update-record.js';
import { validateWrite } from './validate-write.js';
import { writeEnv } from './write-env.js';
import { withValues } from './write-path.js';

/** As long as a provider's id may be; Slack's are far shorter. */
const MAX_EXTERNAL_ID = 255;

/** The links a type keeps on its records itself (a message's channel, whom it reached), as they should be after a write. */
export interface KeptLinks {
  ends: readonly LinkEnd[];
  wanted(trx: DB, env: WriteEnv, recordId: string, fields: StoredFields): Promise<RecordLinkRow[]>;
  /** Refuses to write over a record the externalId names, from its links (a message of another channel). */
  assertMayRewrite?(recordId: string, links: readonly RecordLinkRow[]): void;
}

export interface UpsertOptions {
  kept?: KeptLinks;
  /** Values a create takes where the body gives none; a rewrite keeps what the record holds. */
  createDefaults?: Record<string, unknown>;
}

/** `externalId` taken off an intake body, checked; the rest is a create body. */
function splitExternalId(body: unknown): { externalId: string | undefined; rest: unknown } {
  if (!isPlainObject(body)) return { externalId: undefined, rest: body };
  const { externalId, ...rest } = body;
  if (externalId === undefined || externalId === null) return { externalId: undefined, rest };
  if (typeof externalId !== 'string') throw new DomainError('invalid_type', `'externalId' must be a string; got ${JSON.stringify(externalId)}.`, 'externalId');
  if (externalId.trim() === '' || externalId.length > MAX_EXTERNAL_ID) {
    throw new DomainError('invalid_value', `'externalId' must be 1 to ${MAX_EXTERNAL_ID} characters, not blank.`, 'externalId');
  }
  return { externalId, rest };
}

function diffKept(kept: KeptLinks, recordId: string, current: readonly RecordLinkRow[], wanted: readonly RecordLinkRow[]) {
  const key = (l: RecordLinkRow) => `${l.link_type}\u0000${l.source_id}\u0000${l.target_id}`;
  const held = current.filter((link) => kept.ends.some((end) => holds(end, recordId, link)));
  const heldKeys = new Set(held.map(key));
  const wantedKeys = new Set(wanted.map(key));
  return { added: wanted.filter((l) => !heldKeys.has(key(l))), removed: held.filter((l) => !wantedKeys.has(key(l))) };
}

/** The record an intake wrote, and whether the write made it (201) or wrote over one it made before (200). */
export interface Upserted {
  view: RecordView;
  created: boolean;
}

/**
 * An intake write (channels, messages): a create body plus an optional `externalId`, the record's
 * id at its provider. The first write under an external id creates the record; a later one writes
 * the same body over it, so an import run twice finds what the first made. Looked up inside the
 * write transaction, which writes in turn with the organization's others: two imports never both create.
 */
export async function upsertRecord(ctx: RecordContext, type: ObjectTypeInfo, body: unknown, options: UpsertOptions = {}): Promise<Upserted> {
  const { kept, createDefaults } = options;
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const recovered = ctx.idempotency?.recovered;
  if (recovered && (await findRecord(db, organizationId, type.objectType, recovered))) {
    ctx.idempotency?.answeredWithRecovered();
    return { view: await readRecord(ctx, type, defs, recovered), created: true };
  }
  const { externalId, rest } = splitExternalId(body);
  const validate = (body: unknown) =>
    validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  const write = await validate(rest);
  const withDefaults = createDefaults && isPlainObject(rest) ? { ...rest, fields: { ...createDefaults, ...(isPlainObject(rest.fields) ? rest.fields : {}) } } : undefined;
  const createWrite = withDefaults ? await validate(withDefaults) : write;

  return writeTransaction(db, organizationId, async (trx) => {
    const env = writeEnv(ctx);
    const existing = externalId === undefined ? undefined : await findByExternalId(trx, organizationId, type.objectType, externalId);
    let id: string;
    if (existing) {
      id = existing.id;
      const links = await selectLinksOf(trx, [id]);
      kept?.assertMayRewrite?.(id, links);
      const fields = withValues(parseStoredFields(existing), write.fields.map(({ def, value }) => [def.key, value] as const));
      const more = kept ? diffKept(kept, id, links, await kept.wanted(trx, env, id, fields)) : undefined;
      await applyUpdate(trx, ctx, type, defs, existing, write, more);
    } else {
      id = newId(type.idPrefix, ctx.now.getTime());
      const fields = withValues({}, createWrite.fields.map(({ def, value }) => [def.key, value] as const));
      await insertCreated(trx, ctx, type, defs, createWrite, id, { externalId, links: kept ? await kept.wanted(trx, env, id, fields) : [] });
    }
    await ctx.idempotency?.record(trx, id);
    // Read as the system: the writer gave every word of it, whatever a reader of its channel may see.
    return { view: await readRecord({ ...ctx, db: trx, memberId: undefined }, type, defs, id), created: existing === undefined };
  });
}
