import type { AfterWriteEffect } from '../records/effects/effect.js';
import { emptyTargets, enrichmentSource } from './enrichment-plan.js';
import { queueEnrichmentRun } from './queue-run.js';

/** A new account or contact starts an enrichment run (`trigger: creation`) when there is something to fill and somewhere to look. */
export const enrichmentTrigger: AfterWriteEffect = {
  name: 'enrichment trigger',
  async apply(trx, change, env) {
    const spec = change.type.enrichment;
    if (change.origin !== 'create' || !env.jobs.enrichment || !spec) return;
    if (!enrichmentSource(spec, change.after)) return;
    const targets = emptyTargets(spec, change.defs, change.row.id, change.after, change.added);
    if (targets.length === 0) return;
    await queueEnrichmentRun(trx, env, { spec, recordId: change.row.id, targets, named: false, trigger: 'creation' });
  },
};
