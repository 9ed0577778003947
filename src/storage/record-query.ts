import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { FilterNode, SortNode, TermCondition } from '../domain/lists/filter-nodes.js';
import type { DB } from './database.js';
import type { Page } from './records.js';
import type { DatabaseSchema, RecordRow } from './schema.js';

export interface RecordQuery {
  organizationId: string;
  objectType: string;
  filters: readonly FilterNode[];
  sort: SortNode;
  page: Page;
}

// Above every character: `prefix + TOP` bounds a prefix range, so startsWith is an index range scan, not LIKE.
const TOP = '\u{10FFFF}';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The ids of one field's records whose term meets the condition: a covering range scan of record_terms. */
function termMatches(db: DB, q: RecordQuery, fieldKey: string, condition: TermCondition) {
  const base = db
    .selectFrom('record_terms')
    .select('record_terms.record_id')
    .where('record_terms.organization_id', '=', q.organizationId)
    .where('record_terms.object_type', '=', q.objectType)
    .where('record_terms.field_key', '=', fieldKey);
  switch (condition.kind) {
    case 'compare':
      return condition.column === 'number'
        ? base.where('record_terms.term_number', condition.op, condition.value as number)
        : base.where('record_terms.term_text', condition.op, String(condition.value));
    case 'startsWith':
      return condition.prefix === ''
        ? base
        : base.where('record_terms.term_text', '>=', condition.prefix).where('record_terms.term_text', '<', condition.prefix + TOP);
    case 'contains':
      return base.where(sql<boolean>`record_terms.term_text like ${`%${escapeLike(condition.fragment)}%`} escape '\\'`);
  }
}

/** The ids of records linked to `otherId`, read from the record's end of the link. */
function linkMatches(db: DB, node: Extract<FilterNode, { kind: 'link' }>) {
  return node.side === 'source'
    ? db.selectFrom('record_links').select('record_links.source_id as id').where('record_links.link_type', '=', node.linkType).where('record_links.target_id', '=', node.otherId)
    : db.selectFrom('record_links').select('record_links.target_id as id').where('record_links.link_type', '=', node.linkType).where('record_links.source_id', '=', node.otherId);
}

function filtered(db: DB, q: RecordQuery) {
  let query = db.selectFrom('records').where('records.organization_id', '=', q.organizationId).where('records.object_type', '=', q.objectType);
  for (const node of q.filters) {
    const ids = node.kind === 'term' ? termMatches(db, q, node.fieldKey, node.condition) : linkMatches(db, node);
    query = query.where((eb: ExpressionBuilder<DatabaseSchema, 'records'>) => eb('records.id', node.negate ? 'not in' : 'in', ids));
  }
  return query;
}

function sorted<O>(query: SelectQueryBuilder<DatabaseSchema, 'records', O>, sort: SortNode) {
  const dir = sort.direction === 'asc' ? sql`asc` : sql`desc`;
  if (sort.kind === 'record') {
    return query.orderBy(sql`records.${sql.ref(sort.column)} ${dir}`).orderBy(sql`records.id ${dir}`);
  }
  // Sortable fields hold one term a record; records without one come last in either direction.
  const column = sort.column === 'number' ? sql.ref('sort_term.term_number') : sql.ref('sort_term.term_text');
  return query
    .leftJoin('record_terms as sort_term', (join) => join.onRef('sort_term.record_id', '=', 'records.id').on('sort_term.field_key', '=', sort.fieldKey))
    .orderBy(sql`${column} ${dir} nulls last`)
    .orderBy(sql`records.id ${dir}`);
}

/** One page of a filtered, sorted list: built so every step can use an index (see README). */
export function pageQuery(db: DB, q: RecordQuery) {
  return sorted(filtered(db, q).selectAll('records'), q.sort).limit(q.page.limit).offset(q.page.offset);
}

/** How many records match, whatever the page. */
export function countQuery(db: DB, q: RecordQuery) {
  return filtered(db, q).select((eb) => eb.fn.countAll<number | string | bigint>().as('n'));
}

export async function queryRecords(db: DB, q: RecordQuery): Promise<{ rows: RecordRow[]; total: number }> {
  const [rows, count] = await Promise.all([pageQuery(db, q).execute(), countQuery(db, q).executeTakeFirstOrThrow()]);
  return { rows: rows as RecordRow[], total: Number(count.n) };
}
