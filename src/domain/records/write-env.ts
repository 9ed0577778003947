import { loadDefinitions } from '../definitions/load.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';
import { typeInfoOf } from '../objects.js';
import type { RecordSettings } from './context.js';
import type { WriteEnv } from './effects/effect.js';

export interface WriteEnvInput {
  organizationId: string;
  now: Date;
  settings: Pick<RecordSettings, 'jobs'>;
  /** Where the runs the write queues are collected; a fresh list when the caller does not collect them. */
  workflowRuns?: string[];
  /** The registry of this process; the built-in one by default. */
  objectTypes?: ObjectTypeRegistry;
}

/** The environment one write transaction and its effects run in; make one per transaction. */
export function writeEnv(input: WriteEnvInput): WriteEnv {
  const definitions = new Map<string, Promise<ObjectDefinitions>>();
  return {
    organizationId: input.organizationId,
    now: input.now,
    jobs: input.settings.jobs,
    // Queued whether or not the caller collects run ids.
    workflowRuns: input.workflowRuns ?? [],
    typeOf: (name) => typeInfoOf(name, input.objectTypes),
    definitionsOf(trx, objectType) {
      let defs = definitions.get(objectType);
      if (!defs) definitions.set(objectType, (defs = loadDefinitions(trx, input.organizationId, objectType)));
      return defs;
    },
  };
}
