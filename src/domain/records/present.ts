import type { DB } from '../../storage/database.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordView } from './render-record.js';

/**
 * What a type's rule of reading is given: the records rendered plainly, every stored link of
 * theirs (hidden ones included), and `readerId`, the member the key acts as, undefined when no
 * member reads (a system read). `db` answers what else the rule depends on (whose mail is shared).
 */
export interface PresentInput {
  db: DB;
  organizationId: string;
  defs: ObjectDefinitions;
  views: readonly RecordView[];
  links: readonly RecordLinkRow[];
  readerId: string | undefined;
}

/** How a type's records read to one caller: the plain envelope with what the type adds or hides for that caller. */
export type PresentRecords = (input: PresentInput) => Promise<RecordView[]>;

/** The records as the reader may see them, by their type's rule; most types show them as they are. */
export async function presentRecords(type: ObjectTypeInfo, input: PresentInput): Promise<RecordView[]> {
  return type.present ? type.present(input) : [...input.views];
}
