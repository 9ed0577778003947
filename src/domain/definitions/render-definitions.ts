import type { RecordSettings } from '../records/context.js';
import { valueType } from '../values/registry.js';
import type { ObjectDefinitions } from './types.js';

export interface DefinitionsView {
  objectType: string;
  fieldDefinitions: Record<string, unknown>;
  relationshipDefinitions: Record<string, unknown>;
}

/**
 * The public definitions shape. Option statuses stay inside fieldhouse (the public schema
 * forbids extra keys on options) and archived options are no longer offered.
 */
export function renderDefinitions(defs: ObjectDefinitions, settings: Pick<RecordSettings, 'currency'>): DefinitionsView {
  const fieldDefinitions: Record<string, unknown> = {};
  for (const def of defs.fields) {
    const { options, currency, multipleValues, unique, handleService } = def.config;
    const typeConfiguration: Record<string, unknown> = {};
    if (options) {
      typeConfiguration.options = options.filter((o) => !o.archived).map((o) => ({ id: o.id, label: o.label, description: null }));
    }
    // A field of a currency-carrying type always names one: its own, or the deployment's.
    if (valueType(def.valueType).capabilities.configuration.includes('currency')) typeConfiguration.currency = currency ?? settings.currency;
    if (multipleValues !== undefined) typeConfiguration.multipleValues = multipleValues;
    if (unique !== undefined) typeConfiguration.unique = unique;
    if (handleService !== undefined) typeConfiguration.handleService = handleService;
    fieldDefinitions[def.key] = {
      id: def.id,
      label: def.label,
      description: def.description,
      valueType: def.valueType,
      ...(def.access === 'read-only' ? { readOnly: true } : {}),
      typeConfiguration,
    };
  }
  const relationshipDefinitions: Record<string, unknown> = {};
  for (const def of defs.relationships) {
    relationshipDefinitions[def.key] = {
      id: def.id,
      label: def.label,
      description: def.description,
      cardinality: def.cardinality,
      objectType: def.targetType,
      ...(def.access === 'read-only' ? { readOnly: true } : {}),
    };
  }
  return { objectType: defs.objectType, fieldDefinitions, relationshipDefinitions };
}
