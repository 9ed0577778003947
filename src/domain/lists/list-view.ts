import type { RecordRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo } from '../objects.js';
import type { RecordSettings } from '../records/context.js';
import { httpLink, renderRecord, type RecordView } from '../records/render-record.js';

/** A list as the API reads it: no `updatedAt`, no relationships (its members are paged on their own). */
export type ListView = Pick<RecordView, 'id' | 'createdAt' | 'httpLink' | 'fields'>;

export interface ListPage {
  object: 'list';
  data: ListView[];
  totalCount: number;
}

export function renderList(type: ObjectTypeInfo, defs: ObjectDefinitions, row: RecordRow, settings: RecordSettings): ListView {
  const { fields } = renderRecord(type, { ...defs, relationships: [] }, row, [], settings);
  return { id: row.id, createdAt: row.created_at, httpLink: httpLink(settings, type.path, row.id), fields };
}

/** A list's record envelope as the list API reads it (a delete answers it so). */
export function listEnvelope(view: RecordView): ListView {
  return { id: view.id, createdAt: view.createdAt, httpLink: view.httpLink, fields: view.fields };
}
