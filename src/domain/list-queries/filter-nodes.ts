/** Plain filter and sort nodes: what a list query means, checked, before any SQL exists. */

export type CompareOp = '=' | '>' | '>=' | '<' | '<=';

export type TermCondition =
  | { kind: 'compare'; column: 'text' | 'number'; op: CompareOp; value: string | number }
  /** An empty prefix matches every record where the field is set. */
  | { kind: 'startsWith'; prefix: string }
  | { kind: 'contains'; fragment: string };

export type FilterNode =
  /** Records with a term of `fieldKey` that meets the condition (or, negated, without one). */
  | {
      kind: 'term';
      fieldKey: string;
      condition: TermCondition;
      negate: boolean;
      /**
       * The field's type pairs its option with number terms (record_term_pairs): an option equal to
       * it and a number range are one index range. Such a field holds one option a record.
       */
      pairsWithNumbers?: true;
    }
  /** Records linked to `otherId` by `linkType`, reading the link from the record's `side`. */
  | { kind: 'link'; linkType: string; side: 'source' | 'target'; otherId: string; negate: boolean }
  /** Records on the list `listId`: what a list's member page is drawn from. */
  | { kind: 'member'; listId: string; negate: false }
  /** Records meeting every one of `filters`: a group, so that it can be negated (not a private channel one is no member of). */
  | { kind: 'all'; filters: readonly FilterNode[]; negate: boolean }
  /** Records linked by `linkType`, read from the record's `side`, to a record of `objectType` meeting every one of `filters`. */
  | { kind: 'linkedTo'; linkType: string; side: 'source' | 'target'; objectType: string; filters: readonly FilterNode[]; negate: boolean };

export type SortNode =
  | { kind: 'record'; column: 'created_at' | 'updated_at'; direction: 'asc' | 'desc' }
  | { kind: 'term'; fieldKey: string; column: 'text' | 'number'; direction: 'asc' | 'desc' }
  /** By when each record was put on the list `listId`: a member page's default order. */
  | { kind: 'membership'; listId: string; direction: 'asc' | 'desc' };

export const DEFAULT_SORT: SortNode = { kind: 'record', column: 'created_at', direction: 'desc' };

/** What a list's member page adds to its type's query: only the list's members, by default newest membership first. */
export function membershipOf(listId: string): { filter: FilterNode; sort: SortNode } {
  return { filter: { kind: 'member', listId, negate: false }, sort: { kind: 'membership', listId, direction: 'desc' } };
}
