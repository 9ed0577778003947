import type { ValueTypeCapabilities } from './value-type.js';

/** Most value types are indexed, neither sortable nor optioned, and creatable by admins; each says how it differs. */
export function capabilities(differences: Partial<ValueTypeCapabilities> = {}): ValueTypeCapabilities {
  return {
    indexed: true,
    sortable: false,
    options: false,
    pairsWithNumbers: false,
    creatableByAdmins: true,
    configuration: [],
    requiredConfiguration: [],
    ...differences,
  };
}
