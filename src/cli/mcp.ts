import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Lightfield, LightfieldError } from '../../packages/sdk/src/index.js';
import { createMcpServer } from '../mcp/server.js';
import { report } from './resources/index.js';

interface McpFlags {
  apiKey?: string;
  baseUrl?: string;
  allowDestructive?: boolean;
}

/**
 * `fieldhouse mcp`: an MCP server on stdin/stdout for an agent host to spawn. Its tools call a
 * running fieldhouse over HTTP with the key given, so they can do what the key may and no more.
 * stdout carries the protocol only; whatever goes wrong is told on stderr.
 */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve MCP tools on stdio for an agent, over the API of a running server (LIGHTFIELD_BASE_URL, LIGHTFIELD_API_KEY)')
    .option('--api-key <key>', 'API key; its scopes bound the tools (default: LIGHTFIELD_API_KEY)')
    .option('--base-url <url>', 'server (default: LIGHTFIELD_BASE_URL, then http://localhost:8787)')
    .option('--allow-destructive', 'also offer delete and merge tools')
    .action(async (flags: McpFlags) => {
      if (!flags.apiKey && !process.env.LIGHTFIELD_API_KEY?.trim()) throw new LightfieldError('No API key: pass --api-key or set LIGHTFIELD_API_KEY.');
      const client = new Lightfield({ apiKey: flags.apiKey, baseURL: flags.baseUrl });
      // A wrong key or URL is told once at start, where the person configuring the agent looks.
      await client.auth.validate().catch((err: unknown) => report(err, client.baseURL));
      const server = createMcpServer(client, { allowDestructive: flags.allowDestructive === true });
      server.onerror = (err) => process.stderr.write(`fieldhouse mcp: ${err.message}\n`);
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
      await server.connect(transport);
      process.stdin.on('end', () => void server.close());
      await closed;
    });
}
