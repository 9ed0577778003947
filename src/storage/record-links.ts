import { sql } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import type { DB } from './database.js';
import type { RecordLinkRow } from './schema.js';

// One statement for both ends: the key prefix finds the links it starts, record_links_target the ones it ends.
function linksAtEitherEnd(db: DB, ids: readonly string[]) {
  return db
    .selectFrom('record_links')
    .selectAll()
    .select(sql<number>`0`.as('end'))
    .where('source_id', 'in', ids)
    .unionAll(db.selectFrom('record_links').selectAll().select(sql<number>`1`.as('end')).where('target_id', 'in', ids));
}

const linksOfOne = compiledOnce((db, id: string) => linksAtEitherEnd(db, [id]));

/** Every link touching any of `ids`, from either end, oldest first. */
export async function selectLinksOf(db: DB, ids: readonly string[]): Promise<RecordLinkRow[]> {
  if (ids.length === 0) return [];
  // A retrieve reads the links of one record: that shape is compiled once.
  const both = ids.length === 1 ? await linksOfOne(db, ids[0]!) : await linksAtEitherEnd(db, ids).execute();
  const links = ({ end: _, ...link }: (typeof both)[number]): RecordLinkRow => link;
  const from = both.filter((l) => Number(l.end) === 0).map(links);
  const to = both.filter((l) => Number(l.end) === 1).map(links);
  // A link from a record to itself is in both halves; it is one link.
  const selfLinks = new Set(from.filter((l) => l.source_id === l.target_id).map((l) => `${l.link_type}\u0000${l.source_id}`));
  const fromTarget = to.filter((l) => l.source_id !== l.target_id || !selfLinks.has(`${l.link_type}\u0000${l.source_id}`));
  return [...from, ...fromTarget].sort(compareLinks);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order links read back in: oldest first, ties (links made by one write) by their key. */
export function compareLinks(a: RecordLinkRow, b: RecordLinkRow): number {
  return compareText(a.created_at, b.created_at) || compareText(a.link_type, b.link_type) || compareText(a.source_id, b.source_id) || compareText(a.target_id, b.target_id);
}

export async function insertLinks(db: DB, rows: readonly RecordLinkRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('record_links').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

export async function deleteLink(db: DB, linkType: string, sourceId: string, targetId: string): Promise<void> {
  await db
    .deleteFrom('record_links')
    .where('source_id', '=', sourceId)
    .where('link_type', '=', linkType)
    .where('target_id', '=', targetId)
    .execute();
}

/** Source ids linked to `targetId` by `linkType`: e.g. the opportunities of an account. */
export async function selectSources(db: DB, linkType: string, targetId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('record_links')
    .select('source_id')
    .where('target_id', '=', targetId)
    .where('link_type', '=', linkType)
    .execute();
  return rows.map((r) => r.source_id);
}

/**
 * The distinct terms of one field over the sources linked to `targetId`: e.g. the stages of an
 * account's opportunities, read from the indexes without loading a single opportunity.
 */
export async function linkedSourceTerms(db: DB, linkType: string, targetId: string, fieldKey: string): Promise<string[]> {
  const rows = await db
    .selectFrom('record_links')
    .innerJoin('record_terms', 'record_terms.record_id', 'record_links.source_id')
    .select('record_terms.term_text')
    .distinct()
    .where('record_links.link_type', '=', linkType)
    .where('record_links.target_id', '=', targetId)
    .where('record_terms.field_key', '=', fieldKey)
    .execute();
  return rows.flatMap((r) => (r.term_text === null ? [] : [r.term_text]));
}

/**
 * The latest `createdAt` among the sources linked to `targetId` by `linkType`, counting only those
 * with `term` when given (e.g. the completed tasks of an opportunity); null when there is none.
 */
export async function latestLinkedSourceCreatedAt(
  db: DB,
  linkType: string,
  targetId: string,
  /** Only sources holding this term; without `text`, any value of the field. */
  term?: { fieldKey: string; text?: string },
): Promise<string | null> {
  let query = db
    .selectFrom('record_links')
    .innerJoin('records', 'records.id', 'record_links.source_id')
    .select((eb) => eb.fn.max('records.created_at').as('at'))
    .where('record_links.link_type', '=', linkType)
    .where('record_links.target_id', '=', targetId);
  if (term) {
    query = query.innerJoin('record_terms', (join) =>
      term.text === undefined
        ? join.onRef('record_terms.record_id', '=', 'records.id').on('record_terms.field_key', '=', term.fieldKey)
        : join.onRef('record_terms.record_id', '=', 'records.id').on('record_terms.field_key', '=', term.fieldKey).on('record_terms.term_text', '=', term.text),
    );
  }
  const row = await query.executeTakeFirst();
  return typeof row?.at === 'string' ? row.at : null;
}

/** The latest value of a date field (`$sentAt`) among the sources linked to `targetId` by `linkType`. */
export async function latestLinkedSourceTime(db: DB, linkType: string, targetId: string, fieldKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('record_links')
    .innerJoin('record_terms', (join) => join.onRef('record_terms.record_id', '=', 'record_links.source_id').on('record_terms.field_key', '=', fieldKey))
    .select((eb) => eb.fn.max('record_terms.term_text').as('at'))
    .where('record_links.link_type', '=', linkType)
    .where('record_links.target_id', '=', targetId)
    .executeTakeFirst();
  return typeof row?.at === 'string' ? row.at : null;
}

/** Target ids linked from `sourceId` by `linkType`. */
export async function selectTargets(db: DB, linkType: string, sourceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('record_links')
    .select('target_id')
    .where('source_id', '=', sourceId)
    .where('link_type', '=', linkType)
    .execute();
  return rows.map((r) => r.target_id);
}

export async function deleteLinks(db: DB, rows: readonly RecordLinkRow[]): Promise<void> {
  for (const link of rows) await deleteLink(db, link.link_type, link.source_id, link.target_id);
}
