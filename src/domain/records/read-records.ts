import { selectLinksOf } from '../../storage/record-links.js';
import { countRecords, findRecord, listRecords, type Page } from '../../storage/records.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import { OBJECT_TYPES, type RecordObjectType } from '../objects.js';
import type { RecordContext } from './context.js';
import { renderRecord, type RecordView } from './render-record.js';

export function notFound(objectType: keyof typeof OBJECT_TYPES): DomainError {
  return new DomainError('not_found', `No resource found in '${OBJECT_TYPES[objectType].plural}' with the given ID.`);
}

export async function retrieveRecord(ctx: Omit<RecordContext, 'memberId' | 'now'>, objectType: RecordObjectType, id: string): Promise<RecordView> {
  const [defs, row, links] = await Promise.all([
    loadDefinitions(ctx.db, ctx.organizationId, objectType),
    findRecord(ctx.db, ctx.organizationId, objectType, id),
    selectLinksOf(ctx.db, [id]),
  ]);
  if (!row) throw notFound(objectType);
  return renderRecord(defs, row, links, ctx.settings);
}

export interface RecordList {
  object: 'list';
  data: RecordView[];
  totalCount: number;
}

export async function listRecordPage(ctx: Omit<RecordContext, 'memberId' | 'now'>, objectType: RecordObjectType, page: Page): Promise<RecordList> {
  const [defs, rows, totalCount] = await Promise.all([
    loadDefinitions(ctx.db, ctx.organizationId, objectType),
    listRecords(ctx.db, ctx.organizationId, objectType, page),
    countRecords(ctx.db, ctx.organizationId, objectType),
  ]);
  const links = await selectLinksOf(ctx.db, rows.map((r) => r.id));
  return { object: 'list', data: rows.map((row) => renderRecord(defs, row, links, ctx.settings)), totalCount };
}
