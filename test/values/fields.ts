import type { FieldContext, SelectOption, TypeConfiguration } from '../../src/domain/values/value-type.js';

/** What a case may change about the field it writes to. */
export interface FieldOverrides {
  key?: string;
  objectType?: string;
  config?: TypeConfiguration;
  defaultRegion?: string;
}

export function fieldOf(base: FieldOverrides, overrides: FieldOverrides = {}): FieldContext {
  return {
    key: overrides.key ?? base.key ?? 'field',
    objectType: overrides.objectType ?? base.objectType ?? 'account',
    config: { ...base.config, ...overrides.config },
    defaultRegion: overrides.defaultRegion ?? base.defaultRegion ?? 'US',
  };
}

export const STAGE_OPTIONS: SelectOption[] = [
  { id: 'opt_01PROSPECTING', label: 'Prospecting', status: 'OPEN' },
  { id: 'opt_02CLOSEDWON', label: 'Closed Won', status: 'WON' },
  { id: 'opt_03LEGACY', label: 'Legacy', status: 'OPEN', archived: true },
];

export const TAG_OPTIONS: SelectOption[] = [
  { id: 'opt_RED', label: 'Red' },
  { id: 'opt_GREEN', label: 'Green' },
  { id: 'opt_BLUE', label: 'Blue', archived: true },
];
