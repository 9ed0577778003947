import type { DB } from '../../storage/database.js';
import { insertHistory, selectHistory } from '../../storage/field-history.js';
import { findRecord } from '../../storage/records.js';
import { fieldContext } from '../definitions/field-context.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordSettings } from '../records/context.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { notFound } from '../records/read-records.js';
import { displayText } from '../values/display-text.js';
import { valueType } from '../values/registry.js';
import type { StoredValue, ValueTypeName } from '../values/value-type.js';

/**
 * Notes the new values of the fields a write changed, in the write's transaction. Only changed
 * fields reach here, so writing a value again adds nothing: history is collapsed as it is written.
 */
export async function recordFieldChanges(
  trx: DB,
  env: Pick<WriteEnv, 'organizationId' | 'now'>,
  recordId: string,
  changes: ReadonlyArray<readonly [string, StoredValue]>,
  options: { isCreate: boolean },
): Promise<void> {
  const at = env.now.toISOString();
  await insertHistory(
    trx,
    changes.map(([key, value]) => ({
      id: newId('fhe', env.now.getTime()),
      organization_id: env.organizationId,
      record_id: recordId,
      field_key: key,
      value: value === null ? null : JSON.stringify(value),
      is_create: options.isCreate ? 1 : 0,
      recorded_at: at,
    })),
  );
}

export interface FieldHistoryEntry {
  value: unknown;
  valueType: ValueTypeName;
  displayValue: string | null;
  recordedAt: string;
  isCreate: boolean;
}

export interface FieldHistoryPage {
  data: FieldHistoryEntry[];
  hasMore: boolean;
  /** The id of the page's last entry; the HTTP layer makes it an opaque cursor. */
  lastId: string | null;
}

export interface FieldHistoryQuery {
  limit: number;
  /** The last entry id of the previous page. */
  after: string | undefined;
}

/** One field's values over time, newest first, each rendered as reads render it now. */
export async function readFieldHistory(
  ctx: { db: DB; organizationId: string; settings: RecordSettings },
  type: ObjectTypeInfo,
  recordId: string,
  fieldKey: string,
  query: FieldHistoryQuery,
): Promise<FieldHistoryPage> {
  const defs = await loadDefinitions(ctx.db, ctx.organizationId, type.objectType);
  if (!(await findRecord(ctx.db, ctx.organizationId, type.objectType, recordId))) throw notFound(type.collection);
  const def = defs.fields.find((f) => f.key === fieldKey);
  if (!def) throw new DomainError('unknown_field', `'${fieldKey}' is not a field of ${type.collection}.`, 'fieldKey');
  const rows = await selectHistory(ctx.db, recordId, fieldKey, query.limit + 1, query.after);
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const whole = !hasMore && query.after === undefined;
  const context = fieldContext(def, ctx.settings.defaultRegion);
  const display = { config: def.config, currency: ctx.settings.currency };
  const data = page.map((row): FieldHistoryEntry => {
    const value = valueType(def.valueType).render(row.value === null ? null : (JSON.parse(row.value) as StoredValue), context);
    return { value, valueType: def.valueType, displayValue: displayText(def.valueType, value, display), recordedAt: row.recorded_at, isCreate: whole && row.is_create === 1 };
  });
  return { data, hasMore, lastId: hasMore ? (page.at(-1)?.id ?? null) : null };
}
