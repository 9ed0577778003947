import type { ObjectDefinitions } from '../definitions/types.js';
import type { FilterNode } from '../list-queries/filter-nodes.js';

/** Who reads: the member an API key or session acts as, and whether it is an admin (which sees everything). */
export interface Reader {
  memberId: string;
  admin: boolean;
}

/**
 * Which of a type's records one reader may see at all, as filters every list adds (so counts
 * match what is shown) and every retrieve checks (so a hidden record is a 404 like a missing
 * one). `definitionsOf` gives any type's definitions, for rules that read options or other types.
 */
export type VisibilityRule = (memberId: string, definitionsOf: (objectType: string) => Promise<ObjectDefinitions>) => Promise<readonly FilterNode[]>;
