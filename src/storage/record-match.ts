import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { FilterNode, TermCondition } from '../domain/list-queries/filter-nodes.js';
import { decidedByKey, fitsCodePoints, TERM_KEY_LENGTH, termKey } from './bounded-keys.js';
import type { DB } from './database.js';

/**
 * A list's filters in the two forms its plans need: as sets of matching ids, which intersect into
 * the match set (counted, or fetched and sorted), and as probes of one record id, which test the
 * records an index walk visits in sort order.
 */
export interface MatchScope {
  organizationId: string;
  objectType: string;
}

const LAST_CODE_POINT = 0x10ffff;

/**
 * The least string above every string that starts with `prefix`, in code point order (what both
 * engines compare terms in: SQLite's BINARY, PostgreSQL's "C" collation over UTF-8), so startsWith
 * is an index range scan, not LIKE. `prefix + '\u{10FFFF}'` is no such bound: a term where U+10FFFF
 * follows the prefix sorts above it. Instead the last code point is raised by one (skipping the
 * surrogates, which UTF-8 cannot hold); a last U+10FFFF cannot be raised and is dropped first.
 * Undefined when every code point is U+10FFFF: nothing is above the range.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last === LAST_CODE_POINT) continue;
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type TextOp = Extract<TermCondition, { kind: 'compare' }>['op'];

/**
 * `term_text op value` over the index's bounded key (bounded-keys.ts): for a value shorter than the
 * key the key decides alone; for a longer one the key narrows to a range the same comparison of the
 * key implies (the key preserves order, so a < b gives key(a) <= key(b)), and the whole term,
 * read from the row, decides.
 */
function textCompare(key: RawBuilder<unknown>, text: RawBuilder<unknown>, op: TextOp, value: string): RawBuilder<SqlBool> {
  if (decidedByKey(value)) return sql<SqlBool>`${key} ${sql.raw(op)} ${value}`;
  const implied = op === '<' ? '<=' : op === '>' ? '>=' : op;
  return sql<SqlBool>`${key} ${sql.raw(implied)} ${termKey(value)} and ${text} ${sql.raw(op)} ${value}`;
}

/**
 * A term that starts with `prefix`: a prefix that fits in the key is a range of the key (a term
 * starts with it exactly when its key does); a longer one fixes the key, and the whole term's
 * range decides.
 */
function startsWith(key: RawBuilder<unknown>, text: RawBuilder<unknown>, prefix: string): RawBuilder<SqlBool> {
  if (prefix === '') return sql<SqlBool>`${key} is not null`;
  const above = prefixUpperBound(prefix);
  if (fitsCodePoints(prefix, TERM_KEY_LENGTH)) {
    return above === undefined ? sql<SqlBool>`${key} >= ${prefix}` : sql<SqlBool>`${key} >= ${prefix} and ${key} < ${above}`;
  }
  const range = above === undefined ? sql<SqlBool>`${text} >= ${prefix}` : sql<SqlBool>`${text} >= ${prefix} and ${text} < ${above}`;
  return sql<SqlBool>`${key} = ${termKey(prefix)} and ${range}`;
}

/**
 * A term that contains `fragment`, read off the text index wherever that is exact: a term of up to
 * TERM_KEY_LENGTH code points is its own key, so the key decides; a longer one's key is its prefix,
 * so a key holding the fragment decides too, and only for a whole key (length() counts code points
 * on both engines; NUL, which SQLite's stops at, is refused on input) is the term itself read.
 * `key is not null` (true of every text term) is a range of the text index: without it SQLite,
 * seeing term_text named, walks the field in the number index and reads every row.
 */
export function contains(key: RawBuilder<unknown>, text: RawBuilder<unknown>, fragment: string): RawBuilder<SqlBool> {
  const pattern = `%${escapeLike(fragment)}%`;
  return sql<SqlBool>`(${key} is not null and (${key} like ${pattern} escape '\\' or (length(${key}) = ${sql.lit(TERM_KEY_LENGTH)} and ${text} like ${pattern} escape '\\')))`;
}

/** The condition on a term row `t` (an alias of record_terms). */
function termCondition(t: string, condition: TermCondition): RawBuilder<SqlBool> {
  const key = sql.ref(`${t}.term_key`);
  const text = sql.ref(`${t}.term_text`);
  switch (condition.kind) {
    case 'compare':
      if (condition.column === 'number') return sql<SqlBool>`${sql.ref(`${t}.term_number`)} ${sql.raw(condition.op)} ${condition.value as number}`;
      return textCompare(key, text, condition.op, String(condition.value));
    case 'startsWith':
      return startsWith(key, text, condition.prefix);
    case 'contains':
      return contains(key, text, condition.fragment);
  }
}

/** A query of record ids, one column named `id`; sets of ids from different tables combine. */
export type IdSet = SelectQueryBuilder<any, any, { id: string }>;

type Term = Extract<FilterNode, { kind: 'term' }>;
type Link = Extract<FilterNode, { kind: 'link' }>;
type Member = Extract<FilterNode, { kind: 'member' }>;
type LinkedTo = Extract<FilterNode, { kind: 'linkedTo' }>;

/** The ids of one field's records whose term meets the condition: a covering range scan of record_terms. */
function termSet(db: DB, scope: MatchScope, node: Term) {
  return db
    .selectFrom('record_terms as t')
    .select('t.record_id as id')
    .where('t.organization_id', '=', scope.organizationId)
    .where('t.object_type', '=', scope.objectType)
    .where('t.field_key', '=', node.fieldKey)
    .where(termCondition('t', node.condition));
}

/** The ids of records linked to `otherId`, read from the record's end of the link, in this organization only. */
function linkSet(db: DB, scope: MatchScope, node: Link) {
  const links = db.selectFrom('record_links as l').where('l.link_type', '=', node.linkType).where('l.organization_id', '=', scope.organizationId);
  return node.side === 'source' ? links.select('l.source_id as id').where('l.target_id', '=', node.otherId) : links.select('l.target_id as id').where('l.source_id', '=', node.otherId);
}

/** The ids of records holding `option` (an equality on a single-select) whose `range` field's number meets its condition. */
function pairSet(db: DB, scope: MatchScope, option: Term, range: Term): IdSet {
  const optionId = (option.condition as Extract<TermCondition, { kind: 'compare' }>).value;
  const { op, value } = range.condition as Extract<TermCondition, { kind: 'compare' }>;
  return db
    .selectFrom('record_term_pairs as tp')
    .select('tp.record_id as id')
    .where('tp.organization_id', '=', scope.organizationId)
    .where('tp.object_type', '=', scope.objectType)
    .where('tp.select_key', '=', option.fieldKey)
    .where('tp.option_id', '=', String(optionId))
    .where('tp.field_key', '=', range.fieldKey)
    .where('tp.term_number', op, value as number);
}

/** The ids of a list's members: a covering range of its primary key, each id once. */
export function memberSet(db: DB, node: Member): IdSet {
  return db.selectFrom('list_members as lm').select('lm.record_id as id').where('lm.list_id', '=', node.listId);
}

/** The ids of records linked at the node's end to a record of its type meeting its filters. */
function linkedToSet(db: DB, scope: MatchScope, node: LinkedTo): IdSet {
  const others = matchSet(db, { organizationId: scope.organizationId, objectType: node.objectType }, node.filters);
  const links = db.selectFrom('record_links as l').where('l.link_type', '=', node.linkType).where('l.organization_id', '=', scope.organizationId);
  return node.side === 'source' ? links.select('l.source_id as id').where('l.target_id', 'in', others) : links.select('l.target_id as id').where('l.source_id', 'in', others);
}

function setOf(db: DB, scope: MatchScope, node: FilterNode): IdSet {
  switch (node.kind) {
    case 'term':
      return termSet(db, scope, node);
    case 'link':
      return linkSet(db, scope, node);
    case 'member':
      return memberSet(db, node);
    case 'all':
      // A subquery: its own INTERSECT and EXCEPT must not run on with the outer set's.
      return db.selectFrom(matchSet(db, scope, node.filters).as('g')).select('g.id');
    case 'linkedTo':
      return linkedToSet(db, scope, node);
  }
}

/**
 * The ids of every record that meets all filters, each once: the positive filters' sets
 * intersected (every record of the type when there are none), less the negated ones' sets.
 */
export function matchSet(db: DB, scope: MatchScope, filters: readonly FilterNode[]): IdSet {
  const positive: IdSet[] = [];
  const rest = filters.filter((f) => !f.negate);
  // An option and a number range: one range of the pairs index instead of two scans to intersect.
  const option = rest.find((f): f is Term => f.kind === 'term' && f.pairsWithNumbers === true && f.condition.kind === 'compare' && f.condition.op === '=');
  const range = rest.find((f): f is Term => f.kind === 'term' && f.condition.kind === 'compare' && f.condition.column === 'number');
  if (option && range) {
    positive.push(pairSet(db, scope, option, range));
    rest.splice(rest.indexOf(option), 1);
    rest.splice(rest.indexOf(range), 1);
  }
  positive.push(...rest.map((node) => setOf(db, scope, node)));
  let set: IdSet =
    positive.length > 0
      ? positive[0]!
      : db.selectFrom('records').select('records.id as id').where('records.organization_id', '=', scope.organizationId).where('records.object_type', '=', scope.objectType);
  // INTERSECT and EXCEPT return each id once; a lone set of a field with several values a record
  // (emails, multi-select) can name a record twice.
  const lone = filters.length === 1 ? filters[0]! : undefined;
  if (lone?.kind === 'term' && !lone.negate && !lone.pairsWithNumbers && !(lone.condition.kind === 'compare' && lone.condition.column === 'number')) set = set.distinct();
  for (const other of positive.slice(1)) set = set.intersect(other);
  for (const node of filters.filter((f) => f.negate)) set = set.except(setOf(db, scope, node));
  return set;
}

/** Whether the record whose id is `id` meets the filter: one index lookup (a group: one per filter in it). */
function test(db: DB, scope: MatchScope, node: FilterNode, id: Expression<string>): RawBuilder<SqlBool> {
  switch (node.kind) {
    case 'term':
      return sql<SqlBool>`exists (select 1 from record_terms as p where p.record_id = ${id} and p.field_key = ${node.fieldKey} and ${termCondition('p', node.condition)})`;
    case 'link':
      return node.side === 'source'
        ? sql<SqlBool>`exists (select 1 from record_links as p where p.source_id = ${id} and p.link_type = ${node.linkType} and p.target_id = ${node.otherId})`
        : sql<SqlBool>`exists (select 1 from record_links as p where p.target_id = ${id} and p.link_type = ${node.linkType} and p.source_id = ${node.otherId})`;
    case 'member':
      return sql<SqlBool>`exists (select 1 from list_members as p where p.list_id = ${node.listId} and p.record_id = ${id})`;
    case 'all':
      return sql<SqlBool>`(${probes(db, scope, node.filters, id)})`;
    case 'linkedTo': {
      const others = matchSet(db, { organizationId: scope.organizationId, objectType: node.objectType }, node.filters);
      return node.side === 'source'
        ? sql<SqlBool>`exists (select 1 from record_links as p where p.source_id = ${id} and p.link_type = ${node.linkType} and p.target_id in (${others}))`
        : sql<SqlBool>`exists (select 1 from record_links as p where p.target_id = ${id} and p.link_type = ${node.linkType} and p.source_id in (${others}))`;
    }
  }
}

function probe(db: DB, scope: MatchScope, node: FilterNode, id: Expression<string>): RawBuilder<SqlBool> {
  return node.negate ? sql<SqlBool>`not ${test(db, scope, node, id)}` : test(db, scope, node, id);
}

/** Every filter as a probe of `id`; true when there are none. */
export function probes(db: DB, scope: MatchScope, filters: readonly FilterNode[], id: Expression<string>): RawBuilder<SqlBool> {
  if (filters.length === 0) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`${sql.join(
    filters.map((f) => probe(db, scope, f, id)),
    sql` and `,
  )}`;
}
