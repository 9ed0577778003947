import type { Command } from 'commander';
import { registerLifecycleCommands, type LifecycleFamily } from './lifecycle.js';
import { action, listArguments, pageCommand, resourceCommand, writeBody, writeFlags, writeOptions, type ListFlags, type WriteFlags } from './shared.js';

// `fieldhouse object …`: records of custom object types, addressed by the type's slug first.

const OBJECT_LIFECYCLE: LifecycleFamily = {
  noun: 'a custom object record',
  slugArgument: true,
  mergeable: true,
  calls: (client, slug) => {
    const entitySlug = slug!;
    return {
      delete: (id, options) => client.object.delete(id, { entitySlug }, options),
      restore: (id, options) => client.object.restore(id, { entitySlug }, options),
      fieldHistory: (id, fieldKey, page) => client.object.fieldHistory(id, fieldKey, { entitySlug, ...page }),
      merge: (body, options) => client.object.merge(entitySlug, body, options),
    };
  },
};

const SLUG = ['<slug>', "the custom object type's slug"] as const;

export function registerObjectResource(program: Command): void {
  const object = resourceCommand(program, 'object', "records of custom object types, by the type's slug");
  writeFlags(
    object.command('create').description('create a record of a custom object type').argument(...SLUG),
    'field values, e.g. \'{"$name": "Widget"}\'',
    'relationship ids, e.g. \'{"$account": "acc_…"}\'',
  ).action(action((client, slug: string, flags: WriteFlags) => client.object.create(slug, writeBody(flags) as never, writeOptions(flags))));
  object
    .command('retrieve')
    .description('one record by its type and id')
    .argument(...SLUG)
    .argument('<id>')
    .action(action((client, entitySlug: string, id: string) => client.object.retrieve(id, { entitySlug })));
  writeFlags(
    object.command('update').description('change a record: only the keys given; relationships take {"add"|"remove"|"replace": ids}').argument(...SLUG).argument('<id>'),
    'field values to set (null clears)',
    'operations, e.g. \'{"$account": {"replace": "acc_…"}}\'',
  ).action(action((client, entitySlug: string, id: string, flags: WriteFlags) => client.object.update(id, { entitySlug, ...writeBody(flags) } as never, writeOptions(flags))));
  pageCommand(object, 'list', 'one page of records of a custom object type, newest first', true)
    .argument(...SLUG)
    .action(action((client, slug: string, flags: ListFlags) => client.object.list(slug, ...listArguments(flags))));
  object
    .command('definitions')
    .description("the fields and relationships of a custom object type's records")
    .argument(...SLUG)
    .action(action((client, slug: string) => client.object.definitions(slug)));
  object
    .command('list-definitions')
    .description('the custom object types there are')
    .action(action((client) => client.object.listDefinitions()));
  registerLifecycleCommands(object, OBJECT_LIFECYCLE);
}
