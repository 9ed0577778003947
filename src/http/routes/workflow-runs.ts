import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { findJob } from '../../storage/jobs.js';
import { findEnrichmentRun } from '../../storage/enrichment-runs.js';
import { ENRICHMENT_JOB } from '../../domain/enrichment/queue-run.js';
import type { AppContext } from '../context.js';
import { principalOf } from '../record-context.js';
import { apiRoute } from '../route-config.js';

/** `workflowRun.status`: a background job's state, for the organization that caused it only. */
export const workflowRunRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Params: { runId: string } }>(
    '/v1/workflowRun/:runId/status',
    apiRoute({ operation: 'workflowRun.status', scope: null, category: 'read' }),
    async (request) => {
      const job = await findJob(ctx.storage.db, principalOf(request).organizationId, request.params.runId);
      if (!job) throw new DomainError('not_found', "No resource found in 'workflowRun' with the given ID.");
      // An enrichment run's job completes whether the site answered or not: the run says how it went.
      const run = job.kind === ENRICHMENT_JOB ? await findEnrichmentRun(ctx.storage.db, job.organization_id, job.id) : undefined;
      if (run) return { status: run.status === 'timed_out' ? 'failed' : run.status };
      return { status: job.status };
    },
  );
};
