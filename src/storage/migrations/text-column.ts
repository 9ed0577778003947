import type { Kysely, RawBuilder } from 'kysely';
import { capabilitiesOf } from '../engine.js';

/** The type of a text column that sorts and compares by bytes on every engine (see 0006). */
export function textColumn(db: Kysely<any>): 'text' | RawBuilder<unknown> {
  return capabilitiesOf(db).byteOrderText;
}
