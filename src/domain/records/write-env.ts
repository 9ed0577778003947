import { typeInfoOf } from '../objects.js';
import type { RecordContext } from './context.js';
import type { WriteEnv } from './effects/effect.js';

/** The environment a write and its effects run in, from the request's record context. */
export function writeEnv(ctx: Pick<RecordContext, 'organizationId' | 'now' | 'settings' | 'workflowRuns' | 'objectTypes'>): WriteEnv {
  return {
    organizationId: ctx.organizationId,
    now: ctx.now,
    jobs: ctx.settings.jobs,
    // Queued whether or not the caller collects run ids.
    workflowRuns: ctx.workflowRuns ?? [],
    typeOf: (name) => typeInfoOf(name, ctx.objectTypes),
  };
}
