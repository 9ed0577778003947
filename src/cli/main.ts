#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { LightfieldError } from '../../packages/sdk/src/index.js';
import { SchemaTooNewError } from '../storage/migrate.js';
import { databaseLocation, openStorage, StorageUnavailableError } from '../storage/open.js';
import { asStorageUnavailable } from '../storage/storage-unavailable.js';
import { createCliContext } from './context.js';
import { registerFieldCommands } from './fields.js';
import { registerImportCommands } from './import-slack.js';
import { registerKeyCommands } from './keys.js';
import { registerMailboxCommands } from './mailboxes.js';
import { registerMcpCommand } from './mcp.js';
import { registerMemberCommands } from './members.js';
import { registerResourceCommands } from './resources/index.js';
import { serveCommand } from './serve.js';
import { workerCommand } from './worker.js';

/** A failure the operator can act on is one line on stderr; anything else is a bug and keeps its stack. */
function fail(err: unknown): never {
  if (err instanceof DomainError || err instanceof LightfieldError || err instanceof ConfigError || err instanceof SchemaTooNewError || err instanceof StorageUnavailableError) {
    process.stderr.write(`fieldhouse: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(1);
  }
  throw err;
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const { withStorage } = createCliContext(config);
  const program = new Command('fieldhouse')
    .description('A self-hosted CRM server speaking the Lightfield API. Configured by environment (see README).')
    .showHelpAfterError();

  program
    .command('serve', { isDefault: true })
    .description('serve the API on PORT (default 8787)')
    .action(() => serveCommand(config));
  program
    .command('worker')
    .description('run background jobs (summaries) without serving the API')
    .action(() => workerCommand(config));
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      // A migration rewrites rows: the pages it reads are checked first, as a server start does.
      const storage = await openStorage(config, { verifyPages: true });
      process.stdout.write(`Schema is up to date at ${storage.location}.\n`);
      await storage.close();
    });
  registerKeyCommands(program, withStorage);
  registerMemberCommands(program, withStorage);
  registerMailboxCommands(program, withStorage, config);
  registerFieldCommands(program, withStorage);
  registerResourceCommands(program);
  registerImportCommands(program);
  registerMcpCommand(program);

  // A command the disk stopped half way (full, read-only, failing) names the database, not a stack.
  await program.parseAsync(argv).catch((err: unknown) => {
    throw asStorageUnavailable(`The database at ${databaseLocation(config)} failed`, err);
  });
}

main(process.argv).catch(fail);
