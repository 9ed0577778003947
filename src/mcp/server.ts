import { Ajv, type ValidateFunction } from 'ajv';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { APIError, LightfieldError, type Lightfield } from '../../packages/sdk/src/index.js';
import { buildTools, findTool, type ToolOptions } from './tool-catalog.js';
import { ToolArgumentError } from './tool.js';

export const MCP_SERVER_INFO = { name: 'fieldhouse', version: '0.1.0' } as const;

const INSTRUCTIONS =
  'Tools over this CRM: search_* finds records by filters, get_* reads one whole, create_*/add_note/add_task/log_meeting make records, ' +
  'update_* changes only the keys given. Links between records take ids: find them with search_* or list_members. ' +
  'Errors name the field (param) that was refused; fix it and call again.';

function text(value: unknown, isError = false): CallToolResult {
  return { content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }], ...(isError && { isError: true }) };
}

/** The API's refusal as the model should read it: `forbidden: message (code, param)`. */
function apiRefusal(err: APIError): string {
  const detail = [err.code, err.param].filter(Boolean).join(', ');
  return `${err.type ?? `HTTP ${err.status}`}: ${err.error?.message ?? err.message}${detail ? ` (${detail})` : ''}`;
}

const ajv = new Ajv({ strict: false, allErrors: false });

function argumentProblem(validate: ValidateFunction): string {
  const [problem] = validate.errors ?? [];
  if (!problem) return 'The arguments do not match the tool schema.';
  const where = problem.instancePath || 'arguments';
  const extra = problem.keyword === 'additionalProperties' ? ` '${String(problem.params.additionalProperty)}'` : '';
  const allowed = problem.keyword === 'enum' ? `: ${(problem.params.allowedValues as unknown[]).join(', ')}` : '';
  return `${where} ${problem.message ?? 'is not valid'}${extra}${allowed}.`;
}

/** What the API refuses (scopes, validation, not found) and arguments a tool cannot use are the model's to fix: a tool result, never a protocol error or a crash. */
function refusal(err: unknown): CallToolResult {
  if (err instanceof APIError) return text(apiRefusal(err), true);
  if (err instanceof ToolArgumentError || err instanceof LightfieldError) return text(err.message, true);
  throw err;
}

async function callTool(client: Lightfield, name: string, args: Record<string, unknown>, options: ToolOptions): Promise<CallToolResult> {
  let tool;
  try {
    tool = await findTool(client, name, options);
  } catch (err) {
    return refusal(err);
  }
  if (!tool) throw new McpError(ErrorCode.InvalidParams, `No tool named ${name}${options.allowDestructive ? '' : ' (deletes and merges need --allow-destructive)'}.`);
  const validate = ajv.compile(tool.inputSchema);
  if (!validate(args)) return text(`Invalid arguments: ${argumentProblem(validate)}`, true);
  try {
    return text(await tool.run(args));
  } catch (err) {
    return refusal(err);
  }
}

/**
 * An MCP server whose tools call the API through `client`, so the key's scopes, validation and
 * rate limits apply to every call exactly as over HTTP. Tools are made on each request from the
 * definitions as they are then.
 */
export function createMcpServer(client: Lightfield, options: ToolOptions): Server {
  const server = new Server(MCP_SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools = await buildTools(client, options);
    return { tools: tools.map(({ name, title, description, inputSchema, annotations }) => ({ name, title, description, inputSchema, annotations: { title, ...annotations } })) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request) => callTool(client, request.params.name, request.params.arguments ?? {}, options));
  return server;
}
