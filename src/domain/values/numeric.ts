import { roundHalfEven } from './round-half-even.js';
import { wrongKind } from './faults.js';
import type { ValueType, ValueTypeCapabilities, ValueTypeName } from './value-type.js';

const LIMIT = Number.MAX_SAFE_INTEGER;
const EXPECTED = `a finite number between -${LIMIT} and ${LIMIT}`;

/**
 * NUMBER and CURRENCY share everything: a CURRENCY value is only the amount, its code lives in
 * the field's configuration.
 */
export function numericType(name: ValueTypeName, capabilities: ValueTypeCapabilities): ValueType {
  return {
    name,
    checkShape(raw, field) {
      // Out of range counts as the wrong kind, as a string does: no JSON number past 2^53 is exact.
      const ok = typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) <= LIMIT;
      return ok ? undefined : wrongKind(field, EXPECTED, raw);
    },
    normalize: (raw) => roundHalfEven(raw as number),
    render: (stored) => (typeof stored === 'number' ? stored : null),
    indexTerms: (stored) => (typeof stored === 'number' ? [stored] : []),
    termColumn: 'number',
    filterTerm: (raw) => (/^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) && Number.isFinite(Number(raw)) ? Number(raw) : undefined),
    operators: ['equal', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual'],
    capabilities,
  };
}
