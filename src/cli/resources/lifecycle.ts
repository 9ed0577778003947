import type { Command } from 'commander';
import type { CursorPageParams, Lightfield, MergeParams, RequestOptions } from '../../../packages/sdk/src/index.js';
import { action, IDEMPOTENCY_KEY, integer, jsonObject, writeOptions, type KeyFlags } from './shared.js';

// delete, restore, field-history and merge of one record type (spec/newer-api.md), and the
// `merge` resource that reads and undoes what `<resource> merge` did.

/** What the lifecycle commands call on one record type; those of a custom object type have its slug bound. */
interface LifecycleCalls {
  delete(id: string, options?: RequestOptions): PromiseLike<unknown>;
  restore(id: string, options?: RequestOptions): PromiseLike<unknown>;
  fieldHistory?(id: string, fieldKey: string, page: CursorPageParams): PromiseLike<object> & AsyncIterable<unknown>;
  merge?(body: MergeParams, options?: RequestOptions): PromiseLike<unknown>;
}

export interface LifecycleFamily {
  /** `an account`, `a custom object record`. */
  noun: string;
  /** Custom objects: the type's slug comes first, as `object.list` and `object.create` take it. */
  slugArgument: boolean;
  /** Has field-history and merge: accounts, contacts, opportunities, custom objects. */
  mergeable: boolean;
  calls(client: Lightfield, slug: string | undefined): LifecycleCalls;
}

type HistoryFlags = { limit?: number; after?: string; all?: boolean };
type MergeFlags = KeyFlags & { primary: string; duplicate: string; resolutions?: Record<string, unknown>; multiSelectUnion?: boolean; dryRun?: boolean };

function mergeBody(flags: MergeFlags): MergeParams {
  return {
    primaryId: flags.primary,
    duplicateId: flags.duplicate,
    ...(flags.resolutions && { fieldResolutions: flags.resolutions as MergeParams['fieldResolutions'] }),
    ...(flags.multiSelectUnion && { options: { multiSelectUnion: true } }),
    ...(flags.dryRun && { dryRun: true }),
  };
}

/** Every entry of every page, as one page that is the last. */
async function wholeHistory(pages: AsyncIterable<unknown>): Promise<object> {
  const data: unknown[] = [];
  for await (const entry of pages) data.push(entry);
  return { data, hasMore: false, nextCursor: null };
}

/**
 * `delete ID` and `restore ID`, and where the type has them `field-history ID FIELD_KEY` and
 * `merge --primary ID --duplicate ID`; a custom object type's commands take its slug first.
 */
export function registerLifecycleCommands(resource: Command, family: LifecycleFamily): void {
  const withSlug = (command: Command) => (family.slugArgument ? command.argument('<slug>', "the custom object type's slug") : command);
  /** The positional arguments of an action: the slug when the family takes one, then the rest. */
  const split = (args: unknown[]): [string | undefined, ...unknown[]] => (family.slugArgument ? (args as [string, ...unknown[]]) : [undefined, ...args]);

  withSlug(resource.command('delete').description(`move ${family.noun} to the trash (restore brings it back)`))
    .argument('<id>')
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, ...args: unknown[]) => {
      const [slug, id, flags] = split(args) as [string | undefined, string, KeyFlags];
      return family.calls(client, slug).delete(id, writeOptions(flags));
    }));
  withSlug(resource.command('restore').description(`bring ${family.noun} back from the trash, with its links`))
    .argument('<id>')
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, ...args: unknown[]) => {
      const [slug, id, flags] = split(args) as [string | undefined, string, KeyFlags];
      return family.calls(client, slug).restore(id, writeOptions(flags));
    }));
  if (family.mergeable) {
    withSlug(resource.command('field-history').description('the values a field held, newest first'))
      .argument('<id>')
      .argument('<fieldKey>', 'e.g. $amount or a custom field key')
      .option('--limit <n>', 'entries per page, 1-100 (default 20)', integer)
      .option('--after <cursor>', 'the nextCursor of the previous page')
      .option('--all', 'every page, as one')
      .action(action((client, ...args: unknown[]) => {
        const [slug, id, fieldKey, flags] = split(args) as [string | undefined, string, string, HistoryFlags];
        const pages = family.calls(client, slug).fieldHistory!(id, fieldKey, { limit: flags.limit, after: flags.after });
        return flags.all ? wholeHistory(pages) : pages;
      }));
    withSlug(resource.command('merge').description('merge the duplicate into the primary, which keeps its id; the duplicate goes to the trash'))
      .requiredOption('--primary <id>', 'the record that stays')
      .requiredOption('--duplicate <id>', 'the record merged into it')
      .option('--resolutions <json>', 'which value each field keeps, e.g. \'{"$name": "duplicate", "$amount": {"value": 10}}\'', jsonObject('--resolutions'))
      .option('--multi-select-union', 'union multi-value fields')
      .option('--dry-run', 'answer what the merge would do, and write nothing')
      .option(...IDEMPOTENCY_KEY)
      .action(action((client, ...args: unknown[]) => {
        const [slug, flags] = split(args) as [string | undefined, MergeFlags];
        return family.calls(client, slug).merge!(mergeBody(flags), writeOptions(flags));
      }));
  }
}

/** `merge retrieve ID` and `merge undo ID`. */
export function registerMergeResource(merge: Command): void {
  merge
    .command('retrieve')
    .description('one merge by id: its records, type and status')
    .argument('<id>')
    .action(action((client, id: string) => client.merge.retrieve(id)));
  merge
    .command('undo')
    .description('put both records of a merge back as they were, while neither changed since')
    .argument('<id>')
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, id: string, flags: KeyFlags) => client.merge.undo(id, writeOptions(flags))));
}
