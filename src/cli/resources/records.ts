import type { Command } from 'commander';
import type { Lightfield, ListParams, RequestOptions } from '../../../packages/sdk/src/index.js';
import { registerLifecycleCommands, type LifecycleFamily } from './lifecycle.js';
import { action, jsonObject, listArguments, listCommand, resourceCommand, writeBody, writeOptions, type ListFlags, type WriteFlags } from './shared.js';

// The six built-in record types: create, update, list, retrieve, definitions, and their lifecycle.

/** The six record types with create, retrieve, update, list and definitions. */
export const RECORD_RESOURCES = ['account', 'contact', 'opportunity', 'task', 'note', 'meeting'] as const;
type RecordResourceName = (typeof RECORD_RESOURCES)[number];
const A_OR_AN = { account: 'an account', contact: 'a contact', opportunity: 'an opportunity', task: 'a task', note: 'a note', meeting: 'a meeting' };
/** Types whose create can make records of the people in it (`autoCreateRecords`). */
const CREATES_ATTENDEES: ReadonlySet<string> = new Set(['meeting']);
/** Types with field-history and merge. */
const MERGEABLE: ReadonlySet<string> = new Set(['account', 'contact', 'opportunity']);

/** A record resource as the CLI drives it: bodies are the user's JSON, checked by the server, not by types. */
interface RecordCalls {
  create(body: object, options?: RequestOptions): PromiseLike<unknown>;
  update(id: string, body: object, options?: RequestOptions): PromiseLike<unknown>;
  list(params: ListParams, options?: RequestOptions): PromiseLike<unknown>;
  retrieve(id: string): PromiseLike<unknown>;
  definitions(): PromiseLike<unknown>;
}

function builtinLifecycle(name: RecordResourceName): LifecycleFamily {
  return { noun: A_OR_AN[name], slugArgument: false, mergeable: MERGEABLE.has(name), calls: (client) => client[name] };
}

function registerRecordResource(program: Command, name: RecordResourceName): void {
  const resource = resourceCommand(program, name, `${name} records over the API`);
  const sdk = (client: Lightfield): RecordCalls => client[name];
  const create = resource
    .command('create')
    .description(`create ${A_OR_AN[name]}`)
    .option('--fields <json>', 'field values, e.g. \'{"$name": "Acme"}\'', jsonObject('--fields'))
    .option('--relationships <json>', 'relationship ids, e.g. \'{"$account": "acc_…"}\'', jsonObject('--relationships'))
    .option('--idempotency-key <key>', 'run at most once per key (default: a new key)');
  if (CREATES_ATTENDEES.has(name)) create.option('--auto-create-records', 'make contacts (and accounts) of unknown external attendees');
  create.action(action((client, flags: WriteFlags) => sdk(client).create(writeBody(flags), writeOptions(flags))));
  resource
    .command('update')
    .description(`change ${A_OR_AN[name]}: only the keys given; relationships take {"add"|"remove"|"replace": ids}`)
    .argument('<id>')
    .option('--fields <json>', 'field values to set (null clears)', jsonObject('--fields'))
    .option('--relationships <json>', 'operations, e.g. \'{"$owner": {"replace": "mem_…"}}\'', jsonObject('--relationships'))
    .option('--idempotency-key <key>', 'run at most once per key (default: a new key)')
    .action(action((client, id: string, flags: WriteFlags) => sdk(client).update(id, writeBody(flags), writeOptions(flags))));
  listCommand(resource, true).action(action((client, flags: ListFlags) => sdk(client).list(...listArguments(flags))));
  resource
    .command('retrieve')
    .description(`one ${name} by id`)
    .argument('<id>')
    .action(action((client, id: string) => sdk(client).retrieve(id)));
  resource
    .command('definitions')
    .description(`the fields and relationships of ${name} records`)
    .action(action((client) => sdk(client).definitions()));
  registerLifecycleCommands(resource, builtinLifecycle(name));
}

export function registerRecordResources(program: Command): void {
  for (const name of RECORD_RESOURCES) registerRecordResource(program, name);
}
