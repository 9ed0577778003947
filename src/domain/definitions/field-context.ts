import type { FieldContext } from '../values/value-type.js';
import type { FieldDefinition } from './types.js';

/** What a value type is told of the field it writes or reads. */
export function fieldContext(def: FieldDefinition, defaultRegion: string): FieldContext {
  return { key: def.key, objectType: def.objectType, config: def.config, defaultRegion };
}
