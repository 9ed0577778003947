import type { DefinitionsResponse, FieldDefinition, FieldValue, RelationshipDefinition } from '../../packages/sdk/src/index.js';

// What the columns of a CSV file mean for one record type, and how a row's cells become a create
// body `{fields, relationships}`, for `fieldhouse import csv`.
//
// A header names a field or a relationship of the type: by its key (`$name`, `$website`,
// `icp-score`), else by its label (case-insensitive, e.g. `Website`), else by its key without the
// `$` (`website`). ADDRESS and FULL_NAME fields may also be given one part a column,
// `KEY.PART` (`$name.firstName`, `$primaryAddress.city`; the key may be a label here too).
// Cells become values by the field's valueType (see `cellValue`); an empty cell, or one of only
// white space, gives nothing for that key. A cell that cannot be read as its type is sent as the
// text it is, so the server refuses it with its own error for that field.

/** Separates the values of one cell for multi-value fields, multi-selects and relationships. */
export const MULTI_VALUE_SEPARATOR = ';';

const ADDRESS_PARTS = ['street', 'street2', 'city', 'state', 'postalCode', 'country', 'latitude', 'longitude'] as const;
const NAME_PARTS = ['firstName', 'lastName'] as const;

/** A header the type does not have, or cannot be written: the file is refused before anything is sent. */
export class ColumnError extends Error {
  override name = 'ColumnError';
}

export type Column =
  | { header: string; kind: 'field'; key: string; def: FieldDefinition }
  | { header: string; kind: 'part'; key: string; part: string; def: FieldDefinition }
  | { header: string; kind: 'relationship'; key: string; def: RelationshipDefinition };

interface Found {
  kind: 'field' | 'relationship';
  key: string;
}

function finder(defs: DefinitionsResponse): (name: string) => Found | undefined {
  const all: Array<Found & { label: string }> = [
    ...Object.entries(defs.fieldDefinitions).map(([key, d]) => ({ kind: 'field' as const, key, label: d.label })),
    ...Object.entries(defs.relationshipDefinitions).map(([key, d]) => ({ kind: 'relationship' as const, key, label: d.label })),
  ];
  return (name) => {
    const byKey = all.find((d) => d.key === name);
    if (byKey) return byKey;
    const byLabel = all.filter((d) => d.label.trim().toLowerCase() === name.toLowerCase());
    if (byLabel.length > 1) throw new ColumnError(`column '${name}' is the label of several keys (${byLabel.map((d) => d.key).join(', ')}): name the key instead.`);
    if (byLabel[0]) return byLabel[0];
    return all.find((d) => d.key === `$${name}`);
  };
}

/** Every header of the file mapped to what it writes; a ColumnError for the first that maps to nothing writable. */
export function columnsFor(defs: DefinitionsResponse, headers: string[]): Column[] {
  const find = finder(defs);
  const known = () => [...Object.keys(defs.fieldDefinitions), ...Object.keys(defs.relationshipDefinitions)].join(', ');
  const seen = new Map<string, string>();
  return headers.map((raw) => {
    const header = raw.trim();
    if (header === '') throw new ColumnError(`a column has no header.`);
    let column: Column;
    const whole = find(header);
    const dot = header.lastIndexOf('.');
    if (whole) {
      column =
        whole.kind === 'field'
          ? { header, kind: 'field', key: whole.key, def: defs.fieldDefinitions[whole.key]! }
          : { header, kind: 'relationship', key: whole.key, def: defs.relationshipDefinitions[whole.key]! };
    } else if (dot > 0 && find(header.slice(0, dot))?.kind === 'field') {
      const key = find(header.slice(0, dot))!.key;
      const def = defs.fieldDefinitions[key]!;
      const parts: readonly string[] = def.valueType === 'ADDRESS' ? ADDRESS_PARTS : def.valueType === 'FULL_NAME' ? NAME_PARTS : [];
      const part = parts.find((p) => p.toLowerCase() === header.slice(dot + 1).toLowerCase());
      if (!part) {
        throw new ColumnError(
          parts.length > 0
            ? `column '${header}': ${key} has no part '${header.slice(dot + 1)}' (its parts: ${parts.join(', ')}).`
            : `column '${header}': ${key} is ${def.valueType}, which has no parts.`,
        );
      }
      column = { header, kind: 'part', key, part, def };
    } else {
      throw new ColumnError(`unknown column '${header}': ${defs.objectType} has no field or relationship of that key or label (keys: ${known()}).`);
    }
    if ((column.def as { readOnly?: boolean }).readOnly) throw new ColumnError(`column '${header}': ${column.key} is read-only.`);
    const slot = column.kind === 'part' ? `${column.key}.${column.part}` : column.key;
    const before = seen.get(slot) ?? (column.kind === 'part' ? seen.get(column.key) : [...seen.entries()].find(([s]) => s.startsWith(`${column.key}.`))?.[1]);
    if (before !== undefined) throw new ColumnError(`column '${header}' writes ${slot}, as column '${before}' does.`);
    seen.set(slot, header);
    return column;
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const TRUE = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** `1200`, `-3.5`, `1e3`, `1,200.50` (comma thousands); a CURRENCY cell may also carry a currency sign or code (`$1,200`, `EUR 12`). */
function number(text: string, currency: boolean): number | string {
  let t = text.replace(/\s+/g, '');
  if (currency) t = t.replace(/^([+-]?)(?:[$€£¥]|[A-Z]{3})/i, '$1').replace(/(?:[$€£¥]|[A-Z]{3})$/i, '');
  if (GROUPED_NUMBER.test(t)) t = t.replace(/,/g, '');
  return NUMBER.test(t) ? Number(t) : text;
}

function split(text: string): string[] {
  return text
    .split(MULTI_VALUE_SEPARATOR)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Telephone numbers split on `;`, but an extension written `;ext=100` stays with its number. */
function splitPhones(text: string): string[] {
  const out: string[] = [];
  for (const piece of split(text)) {
    if (/^ext=/i.test(piece) && out.length > 0) out[out.length - 1] += `;${piece}`;
    else out.push(piece);
  }
  return out;
}

/** "Ada Lovelace" → first name Ada, last name Lovelace; the first word is the first name, the rest the last ("Ludwig van Beethoven"); one word is a first name. */
export function fullName(text: string): { firstName: string; lastName: string | null } {
  const words = text.trim().split(/\s+/);
  return { firstName: words[0]!, lastName: words.length > 1 ? words.slice(1).join(' ') : null };
}

type CellReader = (cell: string, text: string, def: FieldDefinition) => FieldValue;

const asGiven: CellReader = (cell) => cell;
/** SINGLE_SELECT (label or id), DATETIME (ISO 8601 / RFC 3339), SOCIAL_HANDLE: the server reads them. */
const trimmed: CellReader = (_cell, text) => text;
const listOr: CellReader = (_cell, text, def) => (def.typeConfiguration.multipleValues === true ? split(text) : text);

/** How a cell reads for each value type; a type without an entry does not compile. */
const CELL_READERS = {
  TEXT: asGiven,
  MARKDOWN: asGiven,
  HTML: asGiven,
  NUMBER: (_cell, text) => number(text, false),
  CURRENCY: (_cell, text) => number(text, true),
  CHECKBOX: (_cell, text) => (TRUE.has(text.toLowerCase()) ? true : FALSE.has(text.toLowerCase()) ? false : text),
  EMAIL: listOr,
  URL: listOr,
  TELEPHONE: (_cell, text, def) => (def.typeConfiguration.multipleValues === true ? splitPhones(text) : text),
  MULTI_SELECT: (_cell, text) => split(text),
  FULL_NAME: (_cell, text) => (text.startsWith('{') ? json(text) : fullName(text)),
  // A whole address is a JSON object; otherwise use one column a part.
  ADDRESS: (_cell, text) => (text.startsWith('{') ? json(text) : text),
  SINGLE_SELECT: trimmed,
  DATETIME: trimmed,
  SOCIAL_HANDLE: trimmed,
} satisfies Record<FieldDefinition['valueType'], CellReader>;

/** One non-empty cell as the value its field takes. */
export function cellValue(def: FieldDefinition, cell: string): FieldValue {
  const read: CellReader = CELL_READERS[def.valueType] ?? trimmed;
  return read(cell, cell.trim(), def);
}

function json(text: string): FieldValue {
  try {
    return JSON.parse(text) as FieldValue;
  } catch {
    return text;
  }
}

/** One non-empty cell of a part column (`$primaryAddress.latitude` is a number; every other part text). */
function partValue(part: string, cell: string): string | number {
  const text = cell.trim();
  return part === 'latitude' || part === 'longitude' ? number(text, false) : text;
}

/** The create body of one row. */
export function rowBody(columns: Column[], cells: string[]): { fields: Record<string, FieldValue>; relationships: Record<string, string | string[]> } {
  const fields: Record<string, FieldValue> = {};
  const relationships: Record<string, string | string[]> = {};
  columns.forEach((column, i) => {
    const cell = cells[i] ?? '';
    if (cell.trim() === '') return;
    if (column.kind === 'field') fields[column.key] = cellValue(column.def, cell);
    else if (column.kind === 'part') ((fields[column.key] ??= {}) as Record<string, string | number>)[column.part] = partValue(column.part, cell);
    else {
      const ids = split(cell);
      relationships[column.key] = column.def.cardinality === 'HAS_ONE' && ids.length === 1 ? ids[0]! : ids;
    }
  });
  return { fields, relationships };
}
