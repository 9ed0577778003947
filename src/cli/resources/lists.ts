import type { Command } from 'commander';
import type { Lightfield, ListParams, RequestOptions } from '../../../packages/sdk/src/index.js';
import { registerLifecycleCommands, type LifecycleFamily } from './lifecycle.js';
import { action, listArguments, listCommand, pageCommand, resourceCommand, writeBody, writeFlags, writeOptions, type ListFlags, type WriteFlags } from './shared.js';

// `fieldhouse list …`: lists of accounts, contacts or opportunities, and the records in them.

const LIST_LIFECYCLE: LifecycleFamily = { noun: 'a list', slugArgument: false, mergeable: false, calls: (client) => client.list };

/** The member reads, by the SDK's method names: `listAccounts` is `list-accounts`. */
const MEMBER_READS = [
  ['list-accounts', 'accounts', (client: Lightfield) => client.list.listAccounts.bind(client.list)],
  ['list-contacts', 'contacts', (client: Lightfield) => client.list.listContacts.bind(client.list)],
  ['list-opportunities', 'opportunities', (client: Lightfield) => client.list.listOpportunities.bind(client.list)],
] as const satisfies ReadonlyArray<readonly [string, string, (client: Lightfield) => (listId: string, params: ListParams, options?: RequestOptions) => PromiseLike<unknown>]>;

export function registerListResource(program: Command): void {
  const list = resourceCommand(program, 'list', 'lists of accounts, contacts or opportunities');
  writeFlags(
    list.command('create').description('create a list of one record type'),
    'name and type, e.g. \'{"$name": "Key accounts", "$objectType": "$account"}\'',
    'first members under the type\'s key, e.g. \'{"$accounts": ["acc_…"]}\'',
  ).action(action((client, flags: WriteFlags) => client.list.create(writeBody(flags) as never, writeOptions(flags))));
  listCommand(list, false).action(action((client, flags: ListFlags) => client.list.list({ limit: flags.limit, offset: flags.offset })));
  list
    .command('retrieve')
    .description('one list by id')
    .argument('<id>')
    .action(action((client, id: string) => client.list.retrieve(id)));
  writeFlags(
    list.command('update').description('rename a list, or add and remove its members (removed first)').argument('<id>'),
    'e.g. \'{"$name": "Renamed"}\' ($objectType is fixed at create)',
    'e.g. \'{"$accounts": {"add": ["acc_…"], "remove": ["acc_…"]}}\'',
  ).action(action((client, id: string, flags: WriteFlags) => client.list.update(id, writeBody(flags) as never, writeOptions(flags))));
  for (const [name, plural, read] of MEMBER_READS) {
    pageCommand(list, name, `one page of the list's ${plural}, newest membership first unless --sort says otherwise`, true)
      .argument('<listId>')
      .action(action((client, listId: string, flags: ListFlags) => read(client)(listId, ...listArguments(flags))));
  }
  registerLifecycleCommands(list, LIST_LIFECYCLE);
}
