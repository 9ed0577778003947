import type { DB } from '../../storage/database.js';
import { insertFieldDefinition, selectFieldDefinitions } from '../../storage/definitions.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../objects.js';
import { valueType as valueTypeOf, valueTypesThat } from '../values/registry.js';
import type { HandleService, TypeConfiguration, ValueTypeName } from '../values/value-type.js';
import { toFieldDefinition } from './load.js';
import { assertOptionCount, assertOptionLabelLength } from './option-limits.js';
import type { FieldDefinition } from './types.js';

export const CUSTOM_KEY = /^[a-z][a-z0-9-]{0,62}$/;

export interface NewCustomField {
  key: unknown;
  label: unknown;
  valueType: unknown;
  description?: unknown;
  typeConfiguration?: unknown;
}

const HANDLE_SERVICES: readonly HandleService[] = ['LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM'];

function invalidConfiguration(message: string, param = 'typeConfiguration'): DomainError {
  return new DomainError('invalid_configuration', message, param);
}

/** Option labels from `["A", "B"]` or `[{label: "A"}]`, unique case-insensitively. */
export function parseOptionLabels(raw: unknown, param: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalidConfiguration('Select fields need a non-empty list of options.', param);
  assertOptionCount(raw, param);
  const labels = raw.map((o, i) => {
    const label = typeof o === 'string' ? o : typeof o === 'object' && o !== null ? (o as { label?: unknown }).label : undefined;
    if (typeof label !== 'string' || label.trim() === '') throw invalidConfiguration('Every option needs a non-empty label.', `${param}[${i}]`);
    assertOptionLabelLength(label.trim(), `${param}[${i}]`);
    return label.trim();
  });
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label.toLowerCase())) throw invalidConfiguration(`Option '${label}' is listed twice.`, param);
    seen.add(label.toLowerCase());
  }
  return labels;
}

function parseConfiguration(valueType: ValueTypeName, raw: unknown, at: number): TypeConfiguration {
  const { options, configuration, requiredConfiguration } = valueTypeOf(valueType).capabilities;
  const accepts = (key: string) => (configuration as readonly string[]).includes(key);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new DomainError('invalid_type', "'typeConfiguration' must be an object.", 'typeConfiguration');
  const input = raw as Record<string, unknown>;
  const config: TypeConfiguration = {};
  for (const [key, value] of Object.entries(input)) {
    const param = `typeConfiguration.${key}`;
    if (key === 'options' && options) {
      config.options = parseOptionLabels(value, param).map((label) => ({ id: newId('opt', at), label }));
    } else if (key === 'currency' && accepts(key)) {
      if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) throw invalidConfiguration("'currency' must be a 3-letter ISO 4217 code.", param);
      config.currency = value;
    } else if (key === 'multipleValues' && accepts(key)) {
      if (typeof value !== 'boolean') throw invalidConfiguration("'multipleValues' must be a boolean.", param);
      config.multipleValues = value;
    } else if (key === 'unique' && accepts(key)) {
      if (typeof value !== 'boolean') throw invalidConfiguration("'unique' must be a boolean.", param);
      config.unique = value;
    } else if (key === 'handleService' && accepts(key)) {
      if (!HANDLE_SERVICES.includes(value as HandleService)) throw invalidConfiguration(`'handleService' must be one of ${HANDLE_SERVICES.join(', ')}.`, param);
      config.handleService = value as HandleService;
    } else {
      throw invalidConfiguration(`'${key}' does not apply to ${valueType} fields.`, param);
    }
  }
  if (options && !config.options) throw invalidConfiguration('Select fields need a non-empty list of options.', 'typeConfiguration.options');
  for (const key of requiredConfiguration) {
    if (config[key] === undefined) throw invalidConfiguration(`${valueType} fields need a '${key}'.`, `typeConfiguration.${key}`);
  }
  return config;
}

/** Adds a custom field online: existing records read it as null, nothing is rebuilt. */
export async function addCustomField(db: DB, organizationId: string, type: ObjectTypeInfo, input: NewCustomField, now: Date): Promise<FieldDefinition> {
  const { objectType } = type;
  if (!type.customizable) throw new DomainError('invalid_configuration', `Custom fields cannot be added to ${objectType}.`, 'objectType');
  const { key, label, valueType, description } = input;
  if (typeof key !== 'string') throw new DomainError('invalid_type', "'key' must be a string.", 'key');
  if (!CUSTOM_KEY.test(key)) {
    throw new DomainError('invalid_value', `'${key}' is not a valid key: lower-case letters, digits and '-', starting with a letter, at most 63 characters.`, 'key');
  }
  if (typeof label !== 'string' || label.trim() === '') throw new DomainError('invalid_type', "'label' must be a non-empty string.", 'label');
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw new DomainError('invalid_type', "'description' must be a string or null.", 'description');
  }
  const creatable = valueTypesThat('creatableByAdmins');
  if (typeof valueType !== 'string' || !(creatable as string[]).includes(valueType)) {
    throw new DomainError('invalid_value', `'valueType' must be one of ${creatable.join(', ')}.`, 'valueType');
  }
  const config = parseConfiguration(valueType as ValueTypeName, input.typeConfiguration, now.getTime());
  const existing = await selectFieldDefinitions(db, organizationId, objectType);
  const row = {
    id: newId('ad', now.getTime()),
    organization_id: organizationId,
    object_type: objectType,
    key,
    label: label.trim(),
    description: (description as string | null | undefined) ?? null,
    value_type: valueType,
    config: JSON.stringify(config),
    access: 'writable',
    required: 0 as const,
    system: 0 as const,
    position: 1000 + existing.length,
    created_at: now.toISOString(),
  };
  if (!(await insertFieldDefinition(db, row))) throw new DomainError('conflict', `A field '${key}' already exists on ${objectType}.`, 'key');
  return toFieldDefinition(row);
}
