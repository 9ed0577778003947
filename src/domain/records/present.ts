import type { RecordLinkRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordView } from './render-record.js';

/**
 * How a type's records read to one caller: the plain envelope with what the type adds or hides
 * for that caller. `links` are every stored link of the records, hidden ones included; `readerId`
 * is the member the key acts as, undefined when no member reads (a system read).
 */
export type PresentRecords = (defs: ObjectDefinitions, views: readonly RecordView[], links: readonly RecordLinkRow[], readerId: string | undefined) => RecordView[];

/** The records as `readerId` may see them, by their type's rule; most types show them as they are. */
export function presentRecords(
  type: ObjectTypeInfo,
  defs: ObjectDefinitions,
  views: RecordView[],
  links: readonly RecordLinkRow[],
  readerId: string | undefined,
): RecordView[] {
  return type.present ? type.present(defs, views, links, readerId) : views;
}
