import { exceedsCodePoints } from './code-points.js';
import { badValue, wrongKind } from './faults.js';
import { lowerCasedTerms, textFilterTerm } from './index-terms.js';
import type { FilterOperator, ValueType, ValueTypeCapabilities, ValueTypeName } from './value-type.js';

/**
 * TEXT and MARKDOWN: a string kept exactly as written (no trimming: white space can be content),
 * bounded in code points. Only the empty string is special: it clears the field.
 */
export function boundedStringType(
  name: ValueTypeName,
  maxCodePoints: number,
  operators: readonly FilterOperator[],
  capabilities: ValueTypeCapabilities,
): ValueType {
  return {
    name,
    checkShape: (raw, field) => (typeof raw === 'string' ? undefined : wrongKind(field, 'a string', raw)),
    normalize(raw, field) {
      const text = raw as string;
      if (text === '') return null;
      if (exceedsCodePoints(text, maxCodePoints)) {
        return badValue(field, `is longer than ${maxCodePoints.toLocaleString('en-US')} characters`);
      }
      return text;
    },
    render: (stored) => (typeof stored === 'string' ? stored : null),
    indexTerms: lowerCasedTerms,
    filterTerm: textFilterTerm,
    // A unique TEXT field compares exactly: 'Acme' and 'acme' are two names.
    uniqueTerms: (stored) => (typeof stored === 'string' ? [stored] : []),
    operators,
    capabilities,
  };
}
