import { queryRecords } from '../../storage/record-query.js';
import { findRecord, type Page } from '../../storage/records.js';
import { loadDefinitions } from '../definitions/load.js';
import { DEFAULT_SORT } from '../list-queries/filter-nodes.js';
import { parseListQuery } from '../list-queries/parse-list-query.js';
import { builtinType, type ObjectType, type ObjectTypeInfo } from '../objects.js';
import type { RecordContext } from '../records/context.js';
import { listRecordPage, notFound, type RecordList } from '../records/read-records.js';
import { parseStoredFields } from '../records/render-record.js';
import { parseObjectTypeValue } from './list-member-types.js';
import { renderList, type ListPage, type ListView } from './list-view.js';

type ReadContext = Omit<RecordContext, 'memberId' | 'now'>;

/** The list type of this process's registry. */
export function listType(ctx: Pick<RecordContext, 'objectTypes'>): ObjectTypeInfo {
  return builtinType('list', ctx.objectTypes);
}

/** `GET /v1/lists/{id}`. */
export async function readList(ctx: ReadContext, id: string): Promise<ListView> {
  const type = listType(ctx);
  const [row, defs] = await Promise.all([findRecord(ctx.db, ctx.organizationId, type.objectType, id), loadDefinitions(ctx.db, ctx.organizationId, type.objectType)]);
  if (!row) throw notFound(type.collection);
  return renderList(type, defs, row, ctx.settings);
}

/** `GET /v1/lists`: newest first. */
export async function listListPage(ctx: ReadContext, page: Page): Promise<ListPage> {
  const type = listType(ctx);
  const defs = await loadDefinitions(ctx.db, ctx.organizationId, type.objectType);
  const { rows, total } = await queryRecords(ctx.db, { organizationId: ctx.organizationId, objectType: type.objectType, filters: [], sort: DEFAULT_SORT, page });
  return { object: 'list', data: rows.map((row) => renderList(type, defs, row, ctx.settings)), totalCount: total };
}

/** The type of records a stored list holds. */
export async function memberTypeOfList(ctx: ReadContext, listId: string): Promise<ObjectType> {
  const type = listType(ctx);
  const row = await findRecord(ctx.db, ctx.organizationId, type.objectType, listId);
  if (!row) throw notFound(type.collection);
  return parseObjectTypeValue(String(parseStoredFields(row).$objectType))!;
}

/**
 * `GET /v1/lists/{listId}/{plural}`: the list's members as records, newest membership first
 * unless `sort` says otherwise, with the type's own filters. A list of another type answers an
 * empty page (its query still has to be a valid one for `memberType`).
 */
export async function listMemberPage(ctx: ReadContext, listId: string, memberType: ObjectType, page: Page, query: Record<string, unknown>): Promise<RecordList> {
  const type = builtinType(memberType, ctx.objectTypes);
  if ((await memberTypeOfList(ctx, listId)) !== memberType) {
    parseListQuery(query, await loadDefinitions(ctx.db, ctx.organizationId, type.objectType), ctx.settings.defaultRegion);
    return { object: 'list', data: [], totalCount: 0 };
  }
  return listRecordPage(ctx, type, page, query, { listId });
}
