import type { DomainError } from '../errors.js';

export const VALUE_TYPE_NAMES = [
  'TEXT',
  'NUMBER',
  'CURRENCY',
  'DATETIME',
  'CHECKBOX',
  'EMAIL',
  'TELEPHONE',
  'URL',
  'SOCIAL_HANDLE',
  'ADDRESS',
  'FULL_NAME',
  'SINGLE_SELECT',
  'MULTI_SELECT',
  'MARKDOWN',
  'HTML',
] as const;

export type ValueTypeName = (typeof VALUE_TYPE_NAMES)[number];

export type FilterOperator = 'equal' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThan' | 'lessThanOrEqual' | 'startsWith' | 'contains';

export type OptionStatus = 'OPEN' | 'WON' | 'LOST';

export interface SelectOption {
  id: string;
  label: string;
  /** Archived options keep reading on existing values; new writes refuse them. */
  archived?: boolean;
  /** Only stage options carry one. */
  status?: OptionStatus;
}

export type HandleService = 'LINKEDIN' | 'TWITTER' | 'FACEBOOK' | 'INSTAGRAM';

export interface TypeConfiguration {
  options?: SelectOption[];
  /** ISO 4217, CURRENCY only. */
  currency?: string;
  /** EMAIL, TELEPHONE, URL. */
  multipleValues?: boolean;
  /** EMAIL, URL, TEXT. */
  unique?: boolean;
  /** SOCIAL_HANDLE. */
  handleService?: HandleService;
}

/** The `typeConfiguration` keys besides `options` a field of some type may carry. */
export type ConfigurationKey = 'currency' | 'multipleValues' | 'unique' | 'handleService';

/** What a value type allows besides reading and writing values: asked, instead of testing type names. */
export interface ValueTypeCapabilities {
  /** Storage keeps terms of its values, for filters, sorts and uniqueness. */
  indexed: boolean;
  /** Lists can sort by it: one ordered term a record. */
  sortable: boolean;
  /** Values are ids of the field's options, which an admin lists and edits (`typeConfiguration.options`). */
  options: boolean;
  /** Its option terms pair with each number term of the record (record_term_pairs), so "option and range" is one index range. */
  pairsWithNumbers: boolean;
  /** Admins may add custom fields of this type. */
  creatableByAdmins: boolean;
  /** The other configuration keys its fields may carry, and those a custom field must give. */
  configuration: readonly ConfigurationKey[];
  requiredConfiguration: readonly ConfigurationKey[];
}

/** What a value type needs to know about the field it is writing or reading. */
export interface FieldContext {
  /** `$name`, `priority`. */
  key: string;
  /** Singular object type the record belongs to: `account`, `contact`, `opportunity`, … */
  objectType: string;
  config: TypeConfiguration;
  /** Region for telephone numbers written without `+`, e.g. `US`. */
  defaultRegion: string;
}

/** The normalized form kept in storage; null means unset. JSON-serializable. */
export type StoredValue = string | number | boolean | string[] | { [key: string]: string | number | null } | null;

/**
 * One value type, whole: how a write is checked and normalized, how a read renders, and what
 * storage indexes for filters, sorts and uniqueness. Every function is pure.
 */
export interface ValueType {
  name: ValueTypeName;
  /**
   * Step 5 of the error order: the JSON kind of `raw` is wrong for the type → a 400
   * `invalid_type` DomainError with `param` `fields.KEY` (or deeper). `raw` is never null here.
   */
  checkShape(raw: unknown, field: FieldContext): DomainError | undefined;
  /**
   * Step 7: a value of the right shape → its stored form (null for the empty forms that clear
   * the field), or a 422 DomainError (`invalid_value`, `invalid_option`, `read_only` for HTML).
   * Only called after checkShape passed.
   */
  normalize(raw: unknown, field: FieldContext): StoredValue | DomainError;
  /** The `value` of the read form `{valueType, value}`; unset (null/undefined) renders null. */
  render(stored: StoredValue | undefined, field: FieldContext): unknown;
  /**
   * Scalars storage indexes for this value: lower-cased text, numbers, or ids. Several for
   * multi-valued fields; FULL_NAME and ADDRESS give their joined text. Empty when unset.
   */
  indexTerms(stored: StoredValue): Array<string | number>;
  /**
   * A list filter's value (always a string in a query) as the term it compares with, in the
   * same form as `indexTerms`; undefined when it does not parse for this type.
   */
  filterTerm(raw: string, field: FieldContext): string | number | undefined;
  /**
   * What two records of a `unique` field may not share; the index terms (lower-cased, so EMAIL
   * and URL compare case-insensitively) unless the type compares exactly.
   */
  uniqueTerms?(stored: StoredValue): string[];
  /** Where storage keeps this type's terms: `term_number` for numbers, else `term_text` (the default). */
  termColumn?: 'number';
  /** The list filters this type allows (api-conventions.md operator matrix). */
  operators: readonly FilterOperator[];
  capabilities: ValueTypeCapabilities;
}
