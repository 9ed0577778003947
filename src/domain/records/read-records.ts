import { selectLinksOf } from '../../storage/record-links.js';
import { queryRecords, recordMeets } from '../../storage/record-query.js';
import { findRecord, type Page } from '../../storage/records.js';
import { membershipOf, type FilterNode } from '../list-queries/filter-nodes.js';
import { parseListQuery } from '../list-queries/parse-list-query.js';
import { loadDefinitions } from '../definitions/load.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../objects.js';
import type { RecordContext } from './context.js';
import { presentRecords } from './present.js';
import { renderRecord, type RecordView } from './render-record.js';

/** The public API's 404 for an id that is not in this organization's collection. */
export function notFound(collection: string): DomainError {
  return new DomainError('not_found', `No resource found in '${collection}' with the given ID.`);
}

/** What a read needs; `memberId` is the reader, for types whose records read differently to each (meetings). */
export type ReadContext = Omit<RecordContext, 'memberId' | 'now'> & { memberId?: string };

/** The filters that keep what this reader may not see out of a type's reads; none for admins and system reads. */
export async function visibilityFilters(ctx: ReadContext, type: ObjectTypeInfo): Promise<readonly FilterNode[]> {
  if (!type.visibility || ctx.memberId === undefined || ctx.admin) return [];
  return type.visibility(ctx.memberId, (objectType) => loadDefinitions(ctx.db, ctx.organizationId, objectType));
}

export async function retrieveRecord(ctx: ReadContext, type: ObjectTypeInfo, id: string): Promise<RecordView> {
  return readRecord(ctx, type, await loadDefinitions(ctx.db, ctx.organizationId, type.objectType), id);
}

/** A record read with definitions the caller already holds (a write just loaded them). */
export async function readRecord(ctx: ReadContext, type: ObjectTypeInfo, defs: ObjectDefinitions, id: string): Promise<RecordView> {
  const [row, links] = await Promise.all([findRecord(ctx.db, ctx.organizationId, type.objectType, id), selectLinksOf(ctx.db, [id])]);
  if (!row) throw notFound(type.collection);
  const hidden = await visibilityFilters(ctx, type);
  if (hidden.length > 0 && !(await recordMeets(ctx.db, { organizationId: ctx.organizationId, objectType: type.objectType }, hidden, id))) throw notFound(type.collection);
  const views = [renderRecord(type, defs, row, links, ctx.settings)];
  return (await presentRecords(type, { db: ctx.db, organizationId: ctx.organizationId, defs, views, links, readerId: ctx.memberId }))[0]!;
}

export interface RecordList {
  object: 'list';
  data: RecordView[];
  totalCount: number;
}

/**
 * A page of records matching the query's filters, in its sort order; `totalCount` counts every
 * match. `within` draws them from a list's members instead, newest membership first by default.
 */
export async function listRecordPage(
  ctx: ReadContext,
  type: ObjectTypeInfo,
  page: Page,
  query: Record<string, unknown> = {},
  within?: { listId: string },
): Promise<RecordList> {
  const defs = await loadDefinitions(ctx.db, ctx.organizationId, type.objectType);
  const membership = within && membershipOf(within.listId);
  const parsed = parseListQuery(query, defs, ctx.settings.defaultRegion, membership?.sort);
  const filters = [...parsed.filters, ...(membership ? [membership.filter] : []), ...(await visibilityFilters(ctx, type))];
  const { rows, total: totalCount } = await queryRecords(ctx.db, { organizationId: ctx.organizationId, objectType: type.objectType, filters, sort: parsed.sort, page });
  const links = await selectLinksOf(ctx.db, rows.map((r) => r.id));
  const views = rows.map((row) => renderRecord(type, defs, row, links, ctx.settings));
  const data = await presentRecords(type, { db: ctx.db, organizationId: ctx.organizationId, defs, views, links, readerId: ctx.memberId });
  return { object: 'list', data, totalCount };
}
