import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOf } from '../engine.js';

/** The type of a text column that sorts and compares by bytes on every engine (see 0006). */
export function textColumn(db: Kysely<any>): 'text' | RawBuilder<unknown> {
  return engineOf(db) === 'postgres' ? sql`text collate "C"` : 'text';
}
