import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { findJob } from '../../storage/jobs.js';
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
      return { status: job.status };
    },
  );
};
