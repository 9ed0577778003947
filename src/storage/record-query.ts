import { sql } from 'kysely';
import type { FilterNode, SortNode } from '../domain/list-queries/filter-nodes.js';
import type { DB } from './database.js';
import { decidedByKey } from './bounded-keys.js';
import { capabilitiesOf } from './engine.js';
import { matchSet, memberSet, probes, type IdSet, type MatchScope } from './record-match.js';
import type { Page } from './records.js';
import type { RecordRow } from './schema.js';

export interface RecordQuery {
  organizationId: string;
  objectType: string;
  filters: readonly FilterNode[];
  sort: SortNode;
  page: Page;
}

/**
 * How a page is read, chosen from the count (which every list computes anyway) and the number
 * of records the walk could meet:
 * - `matches`: fetch every match by id and sort them; costs what the match set holds, so it suits
 *   small sets, deep pages, and orders no index holds;
 * - `ordered`: walk the index that holds the sort order and test each record it meets with the
 *   filters, stopping once the page is full; costs what it walks past, so it suits the first pages
 *   of a match set that is not a tiny part of the records, where sorting every match is what made
 *   a list on 1M take seconds.
 */
export type PagePlan = 'matches' | 'ordered';

/**
 * The walk visits about (offset + limit) × population ÷ matches index entries, one probe per
 * filter each; fetching costs a record read and a sort per match, about ten probes' worth. The
 * walk wins while (offset + limit) × population ≤ 10 × matches².
 */
const FETCH_COST_IN_PROBES = 10;
/** Below this many matches, fetching them all costs next to nothing. */
const ALWAYS_FETCH_BELOW = 100;

export function choosePagePlan(q: RecordQuery, total: number, population: number): PagePlan {
  // No index holds records by update time.
  if (q.sort.kind === 'record' && q.sort.column === 'updated_at') return 'matches';
  // Without filters to test every record the walk meets is on the page.
  if (walkTests(q).length === 0) return 'ordered';
  if (total < ALWAYS_FETCH_BELOW) return 'matches';
  return (q.page.offset + q.page.limit) * population <= FETCH_COST_IN_PROBES * total * total ? 'ordered' : 'matches';
}

type Sort<K extends SortNode['kind']> = Extract<SortNode, { kind: K }>;

/** The filters a walk in sort order must test: a walk of a list's members needs no test of membership. */
function walkTests(q: RecordQuery): readonly FilterNode[] {
  const sort = q.sort;
  return sort.kind === 'membership' ? q.filters.filter((f) => !(f.kind === 'member' && f.listId === sort.listId)) : q.filters;
}

/** The ids the walk for this sort visits: those with the sort value, a list's members, or every record of the type. */
function walkedSet(db: DB, q: RecordQuery): IdSet {
  const sort = q.sort;
  if (sort.kind === 'term') return withSortTerm(db, q, sort);
  if (sort.kind === 'membership') return memberSet(db, { kind: 'member', listId: sort.listId, negate: false });
  return matchSet(db, q, []);
}

/**
 * How many records the walk for this sort can meet: those with the sort value, a list's members,
 * or every record of the type. It only steers the plan, so it is counted at most once a minute per organization,
 * type and sort field, and kept in memory.
 */
const populations = new Map<string, { at: number; n: number }>();
const POPULATION_TTL_MS = 60_000;
const POPULATIONS_KEPT = 1_000;

async function populationOf(db: DB, q: RecordQuery): Promise<number> {
  const sort = q.sort;
  const walk = sort.kind === 'term' ? sort.fieldKey : sort.kind === 'membership' ? `list ${sort.listId}` : '';
  const key = `${q.organizationId}\u0000${q.objectType}\u0000${walk}`;
  const known = populations.get(key);
  if (known && Date.now() - known.at < POPULATION_TTL_MS) return known.n;
  const n = Number((await db.selectFrom(walkedSet(db, q).as('w')).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow()).n);
  populations.delete(key);
  if (populations.size >= POPULATIONS_KEPT) populations.delete(populations.keys().next().value!);
  populations.set(key, { at: Date.now(), n });
  return n;
}

/** How many records match, whatever the page: the filters' index scans intersected, never a walk of the records. */
export function countQuery(db: DB, q: RecordQuery) {
  return db.selectFrom(matchSet(db, q, q.filters).as('m')).select((eb) => eb.fn.countAll<number | string | bigint>().as('n'));
}

function direction(sort: SortNode) {
  return sort.direction === 'asc' ? sql`asc` : sql`desc`;
}

function sortColumn(alias: string, sort: Sort<'term'>) {
  return sql.ref(`${alias}.${sort.column === 'number' ? 'term_number' : 'term_text'}`);
}

/**
 * The column a walk in the term index's order sorts by, before the record id: the number, or the
 * text's bounded key (bounded-keys.ts). The key preserves order, and a text shorter than the key is
 * its key, so this is the text's order but among texts sharing a whole key: those are put in order
 * after the walk (orderLongKeyBlocks).
 */
function walkColumn(alias: string, sort: Sort<'term'>) {
  return sql.ref(`${alias}.${sort.column === 'number' ? 'term_number' : 'term_key'}`);
}

/** The records of a set of ids, the set driving, joined the way the engine plans well (engine.ts). */
function recordsIn(db: DB, set: IdSet) {
  if (capabilitiesOf(db).idSetJoin === 'in-list') return db.selectFrom('records').where('records.id', 'in', set).selectAll('records');
  return db.selectFrom(set.as('m')).crossJoin('records').whereRef('records.id', '=', 'm.id').selectAll('records');
}

/** The `matches` plan: every match fetched by id and sorted. */
export function matchesPageQuery(db: DB, q: RecordQuery) {
  const dir = direction(q.sort);
  const joined = recordsIn(db, matchSet(db, q, q.filters));
  const sort = q.sort;
  const ordered =
    sort.kind === 'record'
      ? joined.orderBy(sql`records.${sql.ref(sort.column)} ${dir}`)
      : sort.kind === 'membership'
        ? joined
            .innerJoin('list_members as sort_member', (join) => join.onRef('sort_member.record_id', '=', 'records.id').on('sort_member.list_id', '=', sort.listId))
            .orderBy(sql`sort_member.added_at ${dir}`)
        : joined
            // Sortable fields hold one term a record; records without one come last in either direction.
            .leftJoin('record_terms as sort_term', (join) => join.onRef('sort_term.record_id', '=', 'records.id').on('sort_term.field_key', '=', sort.fieldKey))
            .orderBy(sql`${sortColumn('sort_term', sort)} ${dir} nulls last`);
  return ordered.orderBy(sql`records.id ${dir}`).limit(q.page.limit).offset(q.page.offset);
}

/** The `ordered` plan for a record column: records_list in order, each record probed. */
function orderedByRecordQuery(db: DB, q: RecordQuery, sort: Sort<'record'>, page: Page) {
  const dir = direction(sort);
  return db
    .selectFrom('records')
    .selectAll('records')
    .where('records.organization_id', '=', q.organizationId)
    .where('records.object_type', '=', q.objectType)
    .where(probes(db, q, q.filters, sql.ref('records.id')))
    .orderBy(sql`records.${sql.ref(sort.column)} ${dir}`)
    .orderBy(sql`records.id ${dir}`)
    .limit(page.limit)
    .offset(page.offset);
}

/** The `ordered` plan for a list's own order: its members in list_members_order, newest first, each probed. */
function orderedByMembershipQuery(db: DB, q: RecordQuery, sort: Sort<'membership'>, page: Page) {
  const dir = direction(sort);
  return db
    .selectFrom('list_members as sort_member')
    .crossJoin('records')
    .selectAll('records')
    .where('sort_member.list_id', '=', sort.listId)
    .whereRef('records.id', '=', 'sort_member.record_id')
    .where('records.organization_id', '=', q.organizationId)
    .where('records.object_type', '=', q.objectType)
    .where(probes(db, q, walkTests(q), sql.ref('sort_member.record_id')))
    .orderBy(sql`sort_member.added_at ${dir}`)
    .orderBy(sql`sort_member.record_id ${dir}`)
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The sort field's terms of the records that meet the filters, each beside its record: what the walk
 * in the term index's order and a block of terms sharing a long key (orderLongKeyBlocks) read.
 */
function sortTermsMeeting(db: DB, q: RecordQuery, sort: Sort<'term'>) {
  return db
    .selectFrom('record_terms as sort_term')
    .crossJoin('records')
    .where('sort_term.organization_id', '=', q.organizationId)
    .where('sort_term.object_type', '=', q.objectType)
    .where('sort_term.field_key', '=', sort.fieldKey)
    .whereRef('records.id', '=', 'sort_term.record_id')
    .where(probes(db, q, q.filters, sql.ref('sort_term.record_id')));
}

/**
 * The `ordered` plan for a field, first part: the records that have the sort term, walked in the
 * term index's order, each with the key it was walked by (`sort_key`) and, for a text, the whole
 * term (`sort_text`), for orderLongKeyBlocks.
 */
export function orderedByTermQuery(db: DB, q: RecordQuery, sort: Sort<'term'>, page: Page) {
  const dir = direction(sort);
  const column = walkColumn('sort_term', sort);
  return sortTermsMeeting(db, q, sort)
    .selectAll('records')
    .select('sort_term.term_key as sort_key')
    .$if(sort.column === 'text', (qb) => qb.select('sort_term.term_text as sort_text'))
    .where(sql<boolean>`${column} is not null`)
    .orderBy(sql`${column} ${dir}`)
    .orderBy(sql`sort_term.record_id ${dir}`)
    .limit(page.limit)
    .offset(page.offset);
}

/** Strings in code point order, as both engines compare terms (UTF-8 bytes), not JavaScript's UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  // At the first unit that differs: a surrogate (a code point past U+FFFF) ranks above U+E000–U+FFFF.
  const rank = (unit: number) => (unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

type WalkedRow = RecordRow & { sort_key: string | null; sort_text?: string | null };

function recordOf({ sort_key: _key, sort_text: _text, ...row }: WalkedRow): RecordRow {
  return row;
}

/**
 * The walk orders texts by their key, then by id: exact but among texts that share a whole key
 * (both as long as it or longer). Those form one block of positions in either order, the key
 * being a prefix, and each run of the page's rows sharing such a key is put in the order of the
 * whole text. A run the page holds whole (another key before it, or nothing: the first page; and
 * another key after it, or nothing: the walk's end) is the whole block, sorted here. A run at an
 * edge of the page may be part of a larger block: the block's rows the walk put before the page's
 * first are counted, and the ids of as many rows as the run holds are read from that far on in the
 * order of the whole text, then the records the page lacks; never every record of the block.
 */
async function orderLongKeyBlocks(db: DB, q: RecordQuery, sort: Sort<'term'>, page: Page, walked: readonly WalkedRow[]): Promise<RecordRow[]> {
  const rows: RecordRow[] = walked.map(recordOf);
  if (sort.column === 'number') return rows;
  const desc = sort.direction === 'desc';
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (let start = 0; start < walked.length; ) {
    const key = walked[start]!.sort_key;
    let end = start + 1;
    while (end < walked.length && walked[end]!.sort_key === key) end++;
    if (key !== null && !decidedByKey(key)) {
      const startsBlock = start > 0 || page.offset === 0;
      const endsBlock = end < walked.length || walked.length < page.limit;
      if (startsBlock && endsBlock) {
        const block = walked.slice(start, end).sort((a, b) => (desc ? -1 : 1) * (compareCodePoints(a.sort_text!, b.sort_text!) || byId(a.id, b.id)));
        for (let i = start; i < end; i++) rows[i] = recordOf(block[i - start]!);
      } else {
        // Where the page starts in the block: after the block's rows the walk passed before it.
        const skipped = await sortTermsMeeting(db, q, sort)
          .where('sort_term.term_key', '=', key)
          .where('sort_term.record_id', desc ? '>' : '<', walked[start]!.id)
          .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
          .executeTakeFirstOrThrow();
        // Only ids: a sort that carried the records would read every one of the block's.
        const block = await sortTermsMeeting(db, q, sort)
          .where('sort_term.term_key', '=', key)
          .select('sort_term.record_id as id')
          .orderBy(sql`sort_term.term_text ${direction(sort)}`)
          .orderBy(sql`sort_term.record_id ${direction(sort)}`)
          .limit(end - start)
          .offset(Number(skipped.n))
          .execute();
        const known = new Map(rows.slice(start, end).map((r) => [r.id, r]));
        const missing = block.map((r) => r.id).filter((id) => !known.has(id));
        if (missing.length > 0) for (const r of await db.selectFrom('records').selectAll().where('id', 'in', missing).execute()) known.set(r.id, r);
        for (let i = start; i < end; i++) rows[i] = known.get(block[i - start]?.id ?? '') ?? rows[i]!;
      }
    }
    start = end;
  }
  return rows;
}

/** Second part: the matches without the sort term, which come after every match with one, by id. */
function withoutSortTermQuery(db: DB, q: RecordQuery, sort: Sort<'term'>, page: Page) {
  return recordsIn(db, settled(db, matchSet(db, q, q.filters)).except(withSortTerm(db, q, sort)))
    .orderBy(sql`records.id ${direction(sort)}`)
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The set as one operand: PostgreSQL binds INTERSECT tighter than EXCEPT, SQLite reads them left to
 * right, so a set operation added after others must take their result as a subquery.
 */
function settled(db: DB, set: IdSet): IdSet {
  return db.selectFrom(set.as('s')).select('s.id');
}

/** The ids of the records that have the sort value. */
function withSortTerm(db: DB, q: RecordQuery, sort: Sort<'term'>): IdSet {
  return db
    .selectFrom('record_terms as sort_term')
    .select('sort_term.record_id as id')
    .where('sort_term.organization_id', '=', q.organizationId)
    .where('sort_term.object_type', '=', q.objectType)
    .where('sort_term.field_key', '=', sort.fieldKey)
    .where(sql<boolean>`${walkColumn('sort_term', sort)} is not null`);
}

async function countWithSortTerm(db: DB, q: RecordQuery, sort: Sort<'term'>): Promise<number> {
  const row = await db
    .selectFrom(settled(db, matchSet(db, q, q.filters)).intersect(withSortTerm(db, q, sort)).as('m'))
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function orderedPage(db: DB, q: RecordQuery): Promise<RecordRow[]> {
  const sort = q.sort;
  if (sort.kind === 'record') return orderedByRecordQuery(db, q, sort, q.page).execute();
  if (sort.kind === 'membership') return orderedByMembershipQuery(db, q, sort, q.page).execute();
  const withTerm = await orderLongKeyBlocks(db, q, sort, q.page, await orderedByTermQuery(db, q, sort, q.page).execute());
  if (withTerm.length === q.page.limit) return withTerm;
  // The page runs past the last record with the sort term: the rest comes from those without.
  // When it starts past them, how many there are is counted (a page that far is rare).
  const before = withTerm.length > 0 ? q.page.offset + withTerm.length : await countWithSortTerm(db, q, sort);
  const rest = { limit: q.page.limit - withTerm.length, offset: Math.max(0, q.page.offset - before) };
  const withoutTerm: RecordRow[] = await withoutSortTermQuery(db, q, sort, rest).execute();
  return [...withTerm, ...withoutTerm];
}

/** A page of a filtered, sorted list and the count of every match (see README, "Lists"). */
export async function queryRecords(db: DB, q: RecordQuery, plan?: PagePlan): Promise<{ rows: RecordRow[]; total: number }> {
  const total = Number((await countQuery(db, q).executeTakeFirstOrThrow()).n);
  if (total === 0 || q.page.offset >= total) return { rows: [], total };
  const chosen = plan ?? choosePagePlan(q, total, walkTests(q).length > 0 && total >= ALWAYS_FETCH_BELOW ? await populationOf(db, q) : total);
  const rows: RecordRow[] = chosen === 'ordered' ? await orderedPage(db, q) : await matchesPageQuery(db, q).execute();
  return { rows, total };
}

/** The statements a plan runs first, for tests that read their query plans. */
export function pageQuery(db: DB, q: RecordQuery, plan: PagePlan) {
  if (plan === 'matches') return matchesPageQuery(db, q);
  switch (q.sort.kind) {
    case 'record':
      return orderedByRecordQuery(db, q, q.sort, q.page);
    case 'membership':
      return orderedByMembershipQuery(db, q, q.sort, q.page);
    case 'term':
      return orderedByTermQuery(db, q, q.sort, q.page);
  }
}

/** Whether the record `id` meets every filter: a retrieve held to the same rule as the lists. */
export async function recordMeets(db: DB, scope: MatchScope, filters: readonly FilterNode[], id: string): Promise<boolean> {
  const row = await db.selectFrom('records').select('records.id').where('records.id', '=', id).where(probes(db, scope, filters, sql.ref('records.id'))).executeTakeFirst();
  return row !== undefined;
}
