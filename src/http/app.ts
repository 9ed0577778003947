import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { webPlugin } from '../web/plugin.js';
import type { AppContext } from './context.js';
import { clientErrorHandler } from './client-error-handler.js';
import { capConnections, connectionOptions } from './connection-limits.js';
import { useJsonBodyParser } from './json-body.js';
import { authPlugin } from './plugins/auth.js';
import { BODY_LIMIT_BYTES, errorsPlugin, frameworkErrorHandler } from './plugins/errors.js';
import { durabilityPlugin } from './plugins/durability.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { requestTimeoutPlugin } from './plugins/request-timeout.js';
import { generateRequestId, requestIdPlugin } from './plugins/request-id.js';
import { scopePlugin } from './plugins/scope.js';
import { shutdownPlugin } from './plugins/shutdown.js';
import { textGuardPlugin } from './plugins/text-guard.js';
import { versionPlugin } from './plugins/version.js';
import { authRoutes } from './routes/auth.js';
import { channelRoutes } from './routes/channels.js';
import { customObjectRoutes } from './routes/custom-objects.js';
import { enrichmentRunRoutes } from './routes/enrichment-runs.js';
import { emailRoutes } from './routes/emails.js';
import { fileTransferRoutes } from './routes/file-transfers.js';
import { fileRoutes } from './routes/files.js';
import { workflowRunRoutes } from './routes/workflow-runs.js';
import { healthRoutes } from './routes/health.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { listRoutes } from './routes/lists.js';
import { mcpRoutes } from './routes/mcp.js';
import { meetingRoutes } from './routes/meetings.js';
import { memberRoutes } from './routes/members.js';
import { recordRouteFamilies, recordRoutes } from './routes/records.js';

export interface BuildAppOptions {
  /** Extra routes registered after the pipeline, e.g. test-only routes. */
  routes?: Array<(app: FastifyInstance) => Promise<void>>;
  /** Where log lines go instead of stdout. */
  logStream?: { write(line: string): void };
}

/**
 * The request pipeline of every `/v1` route, in the order a request meets it:
 *   request id → shutdown gate → auth (401) → rate limit (429) → version header (400) → scope (403)
 *   → content type (415) and JSON body ≤ 1 MiB, in FIELDHOUSE_REQUEST_TIMEOUT_MS (408), no repeated or
 *     prototype keys (400) → no U+0000 in path, query or body
 *   → idempotency (replay / 409) → handler
 *   → store the idempotent reply → wait until every write so far is on disk.
 * Hooks of one kind run in registration order, so the order below is the contract.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logStream ? { level: ctx.config.logLevel, stream: options.logStream } : { level: ctx.config.logLevel },
    genReqId: generateRequestId,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: false,
    frameworkErrors: frameworkErrorHandler,
    // What Node's HTTP parser refuses (bad framing, headers too large or too slow) gets the envelope too.
    clientErrorHandler: clientErrorHandler(ctx.config.requestTimeoutMs),
    ...connectionOptions(ctx.config),
    // Unknown keys are an error (400 unknown_field), not silently dropped; bodies are never coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    // Per-request lines only when asked for: at info they would dominate the log and the hot path.
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
  });
  capConnections(app.server, ctx.config);
  // Only JSON bodies are accepted; anything else is a 415 from the content-type parser.
  app.removeContentTypeParser('text/plain');
  useJsonBodyParser(app);

  await app.register(errorsPlugin);
  await app.register(requestIdPlugin);
  // Signed uploads stream any number of MiB and have an idle timeout of their own (routes/file-transfers.ts).
  await app.register(requestTimeoutPlugin, { timeoutMs: ctx.config.requestTimeoutMs, exempt: (request) => request.routeOptions.config.streamedBody === true });
  await app.register(shutdownPlugin);
  await app.register(authPlugin, { ctx });
  await app.register(rateLimitPlugin, { ctx });
  await app.register(versionPlugin);
  await app.register(scopePlugin);
  await app.register(textGuardPlugin);
  await app.register(idempotencyPlugin, { ctx });
  await app.register(durabilityPlugin, { ctx });

  await app.register(healthRoutes, { ctx });
  await app.register(authRoutes);
  for (const family of recordRouteFamilies(ctx.objectTypes)) await app.register(recordRoutes(family), { ctx });
  await app.register(memberRoutes, { ctx });
  await app.register(customObjectRoutes, { ctx });
  await app.register(workflowRunRoutes, { ctx });
  await app.register(fileRoutes, { ctx });
  await app.register(fileTransferRoutes, { ctx });
  await app.register(listRoutes, { ctx });
  await app.register(meetingRoutes, { ctx });
  await app.register(emailRoutes, { ctx });
  await app.register(channelRoutes, { ctx });
  await app.register(enrichmentRunRoutes, { ctx });
  await app.register(lifecycleRoutes, { ctx });
  await app.register(mcpRoutes, { ctx });
  await app.register(webPlugin, { ctx });
  for (const routes of options.routes ?? []) await app.register(routes);
  return app;
}
