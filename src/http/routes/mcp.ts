import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Lightfield } from '../../../packages/sdk/src/index.js';
import { authenticate } from '../../domain/access/api-keys.js';
import { DomainError } from '../../domain/errors.js';
import { createMcpServer } from '../../mcp/server.js';
import type { AppContext } from '../context.js';
import { injectFetch } from '../inject-fetch.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

async function bearerKey(ctx: AppContext, request: FastifyRequest): Promise<string> {
  const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (!key || !(await authenticate(ctx.storage.db, key))) throw new DomainError('unauthorized', 'Invalid API key.');
  return key;
}

function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(`http://${request.host}${request.url}`, { method: request.method, headers });
}

/**
 * `/mcp`: the MCP tools over Streamable HTTP, stateless, answered as JSON. The caller's API key
 * authorizes the request, and every tool runs through this app's own `/v1` routes with that key,
 * so scopes, validation and rate limits are the API's.
 */
export const mcpRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const fetch = injectFetch(app);
  app.post('/mcp', async (request, reply) => {
    const apiKey = await bearerKey(ctx, request);
    // The key is checked above and each call is checked again by the pipeline; a retry here would only repeat a refusal.
    const client = new Lightfield({ apiKey, baseURL: 'http://fieldhouse.internal', fetch, maxRetries: 0 });
    const server = createMcpServer(client, { allowDestructive: ctx.config.mcpAllowDestructive });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
      reply.code(response.status);
      response.headers.forEach((value, name) => void reply.header(name, value));
      return reply.send(await response.text());
    } finally {
      await server.close();
    }
  });
  // Stateless: no server-sent stream to open and no session to end.
  const notHere = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.code(405).header('allow', 'POST');
    return { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages to it.' }, id: null };
  };
  app.get('/mcp', notHere);
  app.delete('/mcp', notHere);
};
