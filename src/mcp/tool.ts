import type { JsonSchema } from './field-schemas.js';

/** One MCP tool: what `tools/list` shows and what `tools/call` runs. */
export interface ToolDefinition {
  /** `search_accounts`: letters, digits and `_`/`-`, at most 64 characters. */
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    /** The tools reach this CRM only. */
    openWorldHint: false;
  };
  /** The answer, to be sent back to the model as JSON. */
  run(args: Record<string, unknown>): Promise<unknown>;
}

/** Arguments the tool cannot use; the model is told why and may call again. */
export class ToolArgumentError extends Error {
  override name = 'ToolArgumentError';
}

export const TOOL_NAME_LIMIT = 64;

export function toolName(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, TOOL_NAME_LIMIT);
}

export function objectSchema(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema & { type: 'object' } {
  return { type: 'object', properties, ...(required.length > 0 && { required }), additionalProperties: false };
}

export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
export const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;
