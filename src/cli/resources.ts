import { Command, InvalidArgumentError, Option } from 'commander';
import {
  APIConnectionError,
  APIError,
  Lightfield,
  LightfieldError,
  type CursorPageParams,
  type ListParams,
  type MergeParams,
  type QueryParams,
  type RequestOptions,
} from '../../packages/sdk/src/index.js';
import { toYaml } from './yaml.js';

// `fieldhouse <resource> <command>`: the public CLI's shape, over HTTP through the SDK. Unlike the
// other commands these need a running server (LIGHTFIELD_BASE_URL) and a key (LIGHTFIELD_API_KEY).

const FORMATS = ['json', 'pretty', 'yaml'] as const;
type Format = (typeof FORMATS)[number];

interface ClientFlags {
  apiKey?: string;
  baseUrl?: string;
  format: Format;
}

/** The six record types with create, retrieve, update, list and definitions. */
const RECORD_RESOURCES = ['account', 'contact', 'opportunity', 'task', 'note', 'meeting'] as const;
const A_OR_AN = { account: 'an account', contact: 'a contact', opportunity: 'an opportunity', task: 'a task', note: 'a note', meeting: 'a meeting' };
/** Types whose create can make records of the people in it (`autoCreateRecords`). */
const CREATES_ATTENDEES: ReadonlySet<string> = new Set(['meeting']);

function render(data: unknown, format: Format): string {
  if (format === 'yaml') return toYaml(data);
  return `${JSON.stringify(data, null, format === 'pretty' ? 2 : undefined)}\n`;
}

export function jsonObject(flag: string) {
  return (raw: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new InvalidArgumentError(`${flag} must be JSON: ${(err as Error).message}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(`${flag} must be a JSON object.`);
    return value as Record<string, unknown>;
  };
}

export function integer(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new InvalidArgumentError('must be a whole number.');
  return Number(raw);
}

/** `KEY[OP]=VALUE`, split at the first `=`; the pairs are sent as raw query parameters. */
function filterPair(raw: string, previous: QueryParams = {}): QueryParams {
  const at = raw.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`'${raw}' is not KEY[OP]=VALUE.`);
  return { ...previous, [raw.slice(0, at)]: raw.slice(at + 1) };
}

/** One line on stderr and exit 1: `type: message (code, param)` for an API error. */
export function report(err: unknown, baseURL: string | undefined): never {
  if (err instanceof APIError && err.error) {
    const detail = [err.code, err.param].filter(Boolean).join(', ');
    process.stderr.write(`${err.type}: ${err.error.message}${detail ? ` (${detail})` : ''}\n`);
  } else if (err instanceof APIConnectionError) {
    process.stderr.write(`fieldhouse: ${err.message} No answer from ${baseURL}.\n`);
  } else if (err instanceof LightfieldError) {
    process.stderr.write(`fieldhouse: ${err.message}\n`);
  } else {
    throw err;
  }
  process.exit(1);
}

/** Runs one API call with a client made from the flags and the environment, and prints its answer. */
function action<A extends unknown[]>(call: (client: Lightfield, ...args: A) => PromiseLike<unknown>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const flags = command.optsWithGlobals<ClientFlags>();
    let client: Lightfield | undefined;
    try {
      if (!flags.apiKey && !process.env.LIGHTFIELD_API_KEY?.trim()) throw new LightfieldError('No API key: pass --api-key or set LIGHTFIELD_API_KEY.');
      client = new Lightfield({ apiKey: flags.apiKey, baseURL: flags.baseUrl });
      process.stdout.write(render(await call(client, ...(args.slice(0, -1) as A)), flags.format));
    } catch (err) {
      report(err, client?.baseURL);
    }
  };
}

/** A record resource as the CLI drives it: bodies are the user's JSON, checked by the server, not by types. */
interface RecordCalls {
  create(body: object, options?: RequestOptions): PromiseLike<unknown>;
  update(id: string, body: object, options?: RequestOptions): PromiseLike<unknown>;
  list(params: ListParams, options?: RequestOptions): PromiseLike<unknown>;
  retrieve(id: string): PromiseLike<unknown>;
  definitions(): PromiseLike<unknown>;
}

type WriteFlags = { fields?: Record<string, unknown>; relationships?: Record<string, unknown>; idempotencyKey?: string; autoCreateRecords?: boolean };
type ListFlags = { limit?: number; offset?: number; filter?: QueryParams; sort?: string };

function writeBody(flags: WriteFlags): Record<string, unknown> {
  return {
    ...(flags.fields && { fields: flags.fields }),
    ...(flags.relationships && { relationships: flags.relationships }),
    ...(flags.autoCreateRecords && { autoCreateRecords: true }),
  };
}

function writeOptions(flags: { idempotencyKey?: string }): RequestOptions {
  return flags.idempotencyKey ? { idempotencyKey: flags.idempotencyKey } : {};
}

export function resourceCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .option('--api-key <key>', 'API key (default: LIGHTFIELD_API_KEY)')
    .option('--base-url <url>', 'server (default: LIGHTFIELD_BASE_URL, then http://localhost:8787)')
    .addOption(new Option('--format <format>', 'output').choices(FORMATS).default('pretty'));
}

function listCommand(parent: Command, withFilters: boolean): Command {
  const list = parent
    .command('list')
    .description(withFilters ? 'one page of records, newest first' : 'one page')
    .option('--limit <n>', '1-25 (default 25)', integer)
    .option('--offset <n>', 'records to skip', integer);
  if (withFilters) {
    list
      .option('--filter <KEY[OP]=VALUE>', 'a filter, e.g. $stage=Demo or $amount[greaterThan]=1000 (repeatable; ANDed)', filterPair)
      .option('--sort <key>', 'createdAt, updatedAt or a field key; -KEY descending');
  }
  return list;
}

function registerRecordResource(program: Command, name: (typeof RECORD_RESOURCES)[number]): void {
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
  listCommand(resource, true).action(
    action((client, flags: ListFlags) =>
      sdk(client).list({ limit: flags.limit, offset: flags.offset, sort: flags.sort }, { query: flags.filter }),
    ),
  );
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

// ---- delete, restore, field-history, merge (spec/newer-api.md) ----

/** What the lifecycle commands call on one record type; those of a custom object type have its slug bound. */
interface LifecycleCalls {
  delete(id: string, options?: RequestOptions): PromiseLike<unknown>;
  restore(id: string, options?: RequestOptions): PromiseLike<unknown>;
  fieldHistory?(id: string, fieldKey: string, page: CursorPageParams): PromiseLike<object> & AsyncIterable<unknown>;
  merge?(body: MergeParams, options?: RequestOptions): PromiseLike<unknown>;
}

interface LifecycleFamily {
  /** `an account`, `a custom object record`. */
  noun: string;
  /** Custom objects: the type's slug comes first, as `object.list` and `object.create` take it. */
  slugArgument: boolean;
  /** Has field-history and merge: accounts, contacts, opportunities, custom objects. */
  mergeable: boolean;
  calls(client: Lightfield, slug: string | undefined): LifecycleCalls;
}

type KeyFlags = { idempotencyKey?: string };
type HistoryFlags = { limit?: number; after?: string; all?: boolean };
type MergeFlags = KeyFlags & { primary: string; duplicate: string; resolutions?: Record<string, unknown>; multiSelectUnion?: boolean; dryRun?: boolean };

const IDEMPOTENCY_KEY = ['--idempotency-key <key>', 'run at most once per key (default: a new key)'] as const;

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
function registerLifecycleCommands(resource: Command, family: LifecycleFamily): void {
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

const MERGEABLE: ReadonlySet<string> = new Set(['account', 'contact', 'opportunity']);

function builtinLifecycle(name: (typeof RECORD_RESOURCES)[number]): LifecycleFamily {
  return { noun: A_OR_AN[name], slugArgument: false, mergeable: MERGEABLE.has(name), calls: (client) => client[name] };
}

const LIST_LIFECYCLE: LifecycleFamily = { noun: 'a list', slugArgument: false, mergeable: false, calls: (client) => client.list };

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

type EmailFlags = { from: string; to?: string[]; cc?: string[]; bcc?: string[]; subject?: string; html?: string; text?: string; attachment?: string[]; idempotencyKey?: string };

/** Comma-separated or repeated: `--to a@x.com,b@y.com --to c@z.com`. */
function addressList(raw: string, previous: string[] = []): string[] {
  return [...previous, ...raw.split(',').map((a) => a.trim()).filter(Boolean)];
}

function emailBody(flags: EmailFlags): Record<string, unknown> {
  if (flags.html !== undefined && flags.text !== undefined) throw new LightfieldError('Give the body as --html or as --text, not both.');
  const content = flags.html ?? flags.text;
  return {
    from: flags.from,
    ...(flags.to && { to: flags.to }),
    ...(flags.cc && { cc: flags.cc }),
    ...(flags.bcc && { bcc: flags.bcc }),
    ...(flags.subject !== undefined && { subject: flags.subject }),
    ...(content !== undefined && { messageBody: { contentType: flags.html !== undefined ? 'HTML' : 'TEXT', content } }),
    ...(flags.attachment && { attachments: flags.attachment }),
  };
}

function emailWriteCommand(parent: Command, name: 'send' | 'draft', description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--from <address>', "your mailbox's address")
    .option('--to <addresses>', 'recipients, comma-separated or repeated', addressList)
    .option('--cc <addresses>', 'Cc recipients', addressList)
    .option('--bcc <addresses>', 'Bcc recipients', addressList)
    .option('--subject <text>', 'the subject')
    .option('--html <html>', 'an HTML body (a text part is made from it)')
    .option('--text <text>', 'a plain-text body')
    .option('--attachment <fileId>', 'a COMPLETED file to attach (repeatable, at most 5)', (id: string, previous: string[] = []) => [...previous, id])
    .option('--idempotency-key <key>', 'run at most once per key (default: a new key)');
}

function registerEmailResource(program: Command): void {
  const email = resourceCommand(program, 'email', "mail sent from your mailbox through its SMTP relay, and drafts");
  emailWriteCommand(email, 'send', 'send a message; answers once the SMTP server accepted it').action(
    action((client, flags: EmailFlags) => client.email.send(emailBody(flags) as never, writeOptions(flags))),
  );
  emailWriteCommand(email, 'draft', 'store a draft; nothing is sent').action(
    action((client, flags: EmailFlags) => client.email.draft(emailBody(flags) as never, writeOptions(flags))),
  );
  listCommand(email, false).action(action((client, flags: ListFlags) => client.email.list({ limit: flags.limit, offset: flags.offset })));
  email
    .command('retrieve')
    .description('one email by id, with its body')
    .argument('<id>')
    .action(action((client, id: string) => client.email.retrieve(id)));
}

// ---- channels, messages, enrichment runs (spec/newer-api.md) ----

type ExternalWriteFlags = WriteFlags & { externalId?: string };

function channelBody(flags: ExternalWriteFlags): Record<string, unknown> {
  return { ...writeBody(flags), ...(flags.externalId !== undefined && { externalId: flags.externalId }) };
}

function registerChatResources(program: Command): void {
  const channel = resourceCommand(program, 'channel', 'chat channels (Slack, Teams, LinkedIn, other)');
  listCommand(channel, false).action(action((client, flags: ListFlags) => client.channel.list({ limit: flags.limit, offset: flags.offset })));
  channel
    .command('retrieve')
    .description('one channel by id')
    .argument('<id>')
    .action(action((client, id: string) => client.channel.retrieve(id)));
  channel
    .command('create')
    .description('create a channel (admin); an --external-id already taken updates that channel instead')
    .requiredOption('--fields <json>', 'e.g. \'{"$name": "general", "$provider": "SLACK", "$visibility": "PRIVATE"}\'', jsonObject('--fields'))
    .option('--relationships <json>', 'members, e.g. \'{"$member": ["mem_…"]}\'', jsonObject('--relationships'))
    .option('--external-id <id>', "the channel's id at its provider, e.g. slack:C0123")
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, flags: ExternalWriteFlags) => client.channel.create(channelBody(flags) as never, writeOptions(flags))));

  const message = resourceCommand(program, 'message', 'chat messages of the channels you may see');
  listCommand(message, false).action(action((client, flags: ListFlags) => client.message.list({ limit: flags.limit, offset: flags.offset })));
  message
    .command('retrieve')
    .description('one message by id, with its accessLevel')
    .argument('<id>')
    .action(action((client, id: string) => client.message.retrieve(id)));
  message
    .command('create')
    .description('add a message to a channel (admin); an --external-id already taken answers that message instead')
    .requiredOption('--channel <id>', 'the channel (chn_…)')
    .requiredOption('--fields <json>', 'e.g. \'{"$text": "Hi", "$sentAt": "2026-01-02T10:00:00Z", "$senderEmail": "ada@acme.com"}\'', jsonObject('--fields'))
    .option('--external-id <id>', "the message's id at its provider, e.g. slack:C0123:1700000000.000100")
    .option(...IDEMPOTENCY_KEY)
    .action(
      action((client, flags: ExternalWriteFlags & { channel: string }) =>
        client.channel.createMessage(flags.channel, { fields: flags.fields, ...(flags.externalId !== undefined && { externalId: flags.externalId }) } as never, writeOptions(flags)),
      ),
    );

  const run = resourceCommand(program, 'enrichment-run', 'background runs filling in missing fields of contacts and accounts');
  run
    .command('create')
    .description('start a run for a record (one at a time: a run in flight is answered as already_running)')
    .addOption(new Option('--entity-slug <slug>', 'the type of record').choices(['contacts', 'accounts']).makeOptionMandatory())
    .requiredOption('--entity-id <id>', 'the record (con_… or acc_…)')
    .option('--fields <keys>', 'fields to refresh even when set, comma-separated or repeated (default: fill empty ones)', (raw: string, previous: string[] = []) => [
      ...previous,
      ...raw.split(',').map((k) => k.trim()).filter(Boolean),
    ])
    .option('--wait', 'then poll the run until it is completed, failed or timed_out, and print it')
    .option('--interval <ms>', 'with --wait: between two reads (default 1000)', integer)
    .option('--timeout <ms>', 'with --wait: give up after (default 120000)', integer)
    .option(...IDEMPOTENCY_KEY)
    .action(
      action(async (client, flags: KeyFlags & { entitySlug: 'contacts' | 'accounts'; entityId: string; fields?: string[]; wait?: boolean; interval?: number; timeout?: number }) => {
        const answer = await client.enrichmentRun.enrich(flags.entityId, { entitySlug: flags.entitySlug, ...(flags.fields && { fields: flags.fields }) }, writeOptions(flags));
        if (!flags.wait || !answer.enrichmentRun) return answer;
        return client.enrichmentRun.waitFor(answer.enrichmentRun.id, { intervalMs: flags.interval, timeoutMs: flags.timeout });
      }),
    );
  run
    .command('retrieve')
    .description('one run by id: its status and target fields')
    .argument('<runId>')
    .option('--wait', 'poll until it is completed, failed or timed_out')
    .option('--interval <ms>', 'with --wait: between two reads (default 1000)', integer)
    .option('--timeout <ms>', 'with --wait: give up after (default 120000)', integer)
    .action(
      action((client, runId: string, flags: { wait?: boolean; interval?: number; timeout?: number }) =>
        flags.wait ? client.enrichmentRun.waitFor(runId, { intervalMs: flags.interval, timeoutMs: flags.timeout }) : client.enrichmentRun.getEnrichmentRun(runId),
      ),
    );
}

export function registerResourceCommands(program: Command): void {
  for (const name of RECORD_RESOURCES) registerRecordResource(program, name);
  registerEmailResource(program);

  const member = resourceCommand(program, 'member', 'members of the organization (read-only)');
  listCommand(member, false).action(action((client, flags: ListFlags) => client.member.list({ limit: flags.limit, offset: flags.offset })));
  member
    .command('retrieve')
    .description('one member by id')
    .argument('<id>')
    .action(action((client, id: string) => client.member.retrieve(id)));

  const auth = resourceCommand(program, 'auth', 'the API key in use');
  auth
    .command('validate')
    .description("check the key and show its scopes (none: full access)")
    .action(action((client) => client.auth.validate()));

  registerLifecycleCommands(resourceCommand(program, 'list', 'lists of accounts, contacts or opportunities'), LIST_LIFECYCLE);
  registerLifecycleCommands(resourceCommand(program, 'object', 'records of custom object types, by the type\'s slug'), OBJECT_LIFECYCLE);

  const merge = resourceCommand(program, 'merge', 'merges made by `<resource> merge`');
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

  const run = resourceCommand(program, 'workflow-run', 'background runs named by the Fieldhouse-Workflow-Run header');
  run
    .command('status')
    .description('queued, running, completed or failed')
    .argument('<runId>')
    .action(action((client, runId: string) => client.workflowRun.status(runId)));

  registerChatResources(program);
}
