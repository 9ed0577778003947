import { Command } from 'commander';
import { registerAccessResources } from './access.js';
import { registerChatResources } from './chat.js';
import { registerEmailResource } from './email.js';
import { registerFileResource } from './files.js';
import { registerMergeResource } from './lifecycle.js';
import { registerListResource } from './lists.js';
import { registerObjectResource } from './objects.js';
import { registerRecordResources } from './records.js';
import { registerRunResources } from './runs.js';
import { resourceCommand } from './shared.js';

// `fieldhouse <resource> <command>`: the public CLI's shape, over HTTP through the SDK. Unlike the
// other commands these need a running server (LIGHTFIELD_BASE_URL) and a key (LIGHTFIELD_API_KEY).

export { integer, jsonObject, report, resourceCommand } from './shared.js';

export function registerResourceCommands(program: Command): void {
  registerRecordResources(program);
  registerEmailResource(program);
  registerAccessResources(program);
  registerFileResource(program);
  registerListResource(program);
  registerObjectResource(program);
  registerMergeResource(resourceCommand(program, 'merge', 'merges made by `<resource> merge`'));
  registerRunResources(program);
  registerChatResources(program);
}

/** The resource commands alone, under a `fieldhouse` program that is built and not run (for tests and help). */
export function resourceProgram(): Command {
  const program = new Command('fieldhouse');
  registerResourceCommands(program);
  return program;
}
