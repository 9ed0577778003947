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
 * The `ordered` plan for a field, first part: the records that have the sort term, walked in the
 * term index's order, each with the key it was walked by (`sort_key`, for orderLongKeyBlocks).
 */
export function orderedByTermQuery(db: DB, q: RecordQuery, sort: Sort<'term'>, page: Page) {
  const dir = direction(sort);
  const column = walkColumn('sort_term', sort);
  return db
    .selectFrom('record_terms as sort_term')
    .crossJoin('records')
    .selectAll('records')
    .select('sort_term.term_key as sort_key')
    .where('sort_term.organization_id', '=', q.organizationId)
    .where('sort_term.object_type', '=', q.objectType)
    .where('sort_term.field_key', '=', sort.fieldKey)
    .where(sql<boolean>`${column} is not null`)
    .whereRef('records.id', '=', 'sort_term.record_id')
    .where(probes(db, q, q.filters, sql.ref('sort_term.record_id')))
    .orderBy(sql`${column} ${dir}`)
    .orderBy(sql`sort_term.record_id ${dir}`)
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The walk orders texts by their key, then by id: exact but among texts that share a whole key
 * (both as long as it or longer). Those form one block of positions in either order, the key
 * being a prefix: each block the page meets is read whole, in the order of the whole text, and
 * its rows are put at the positions the walk gave the block. Such blocks are rare and small.
 */
async function orderLongKeyBlocks(db: DB, q: RecordQuery, sort: Sort<'term'>, walked: ReadonlyArray<RecordRow & { sort_key: string | null }>): Promise<RecordRow[]> {
  const rows: RecordRow[] = walked.map(({ sort_key: _key, ...row }) => row);
  if (sort.column === 'number') return rows;
  const desc = sort.direction === 'desc';
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) * (desc ? -1 : 1);
  for (let start = 0; start < walked.length; ) {
    const key = walked[start]!.sort_key;
    let end = start + 1;
    while (end < walked.length && walked[end]!.sort_key === key) end++;
    if (key !== null && !decidedByKey(key)) {
      const block = await db
        .selectFrom('record_terms as sort_term')
        .crossJoin('records')
        .selectAll('records')
        .where('sort_term.organization_id', '=', q.organizationId)
        .where('sort_term.object_type', '=', q.objectType)
        .where('sort_term.field_key', '=', sort.fieldKey)
        .where('sort_term.term_key', '=', key)
        .whereRef('records.id', '=', 'sort_term.record_id')
        .where(probes(db, q, q.filters, sql.ref('sort_term.record_id')))
        .orderBy(sql`sort_term.term_text ${direction(sort)}`)
        .orderBy(sql`sort_term.record_id ${direction(sort)}`)
        .execute();
      // Where the page starts in the block: after the block's rows the walk passed before it.
      const skipped = block.map((r) => r.id).sort(byId).indexOf(walked[start]!.id);
      for (let i = start; i < end; i++) rows[i] = block[skipped + (i - start)] ?? rows[i]!;
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
  const withTerm = await orderLongKeyBlocks(db, q, sort, await orderedByTermQuery(db, q, sort, q.page).execute());
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
