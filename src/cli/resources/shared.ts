import { Command, InvalidArgumentError, Option } from 'commander';
import { APIConnectionError, APIError, Lightfield, LightfieldError, type QueryParams, type RequestOptions } from '../../../packages/sdk/src/index.js';
import { toYaml } from '../yaml.js';

// What every `fieldhouse <resource> <command>` shares: the client flags, the output formats, the
// flag parsers, and the action that makes a client, runs one call and prints its answer.

const FORMATS = ['json', 'pretty', 'yaml'] as const;
type Format = (typeof FORMATS)[number];

interface ClientFlags {
  apiKey?: string;
  baseUrl?: string;
  format: Format;
}

export type WriteFlags = { fields?: Record<string, unknown>; relationships?: Record<string, unknown>; idempotencyKey?: string; autoCreateRecords?: boolean };
export type ListFlags = { limit?: number; offset?: number; filter?: QueryParams; sort?: string };
export type KeyFlags = { idempotencyKey?: string };

export const IDEMPOTENCY_KEY = ['--idempotency-key <key>', 'run at most once per key (default: a new key)'] as const;

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
export function action<A extends unknown[]>(call: (client: Lightfield, ...args: A) => PromiseLike<unknown>) {
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

export function writeBody(flags: WriteFlags): Record<string, unknown> {
  return {
    ...(flags.fields && { fields: flags.fields }),
    ...(flags.relationships && { relationships: flags.relationships }),
    ...(flags.autoCreateRecords && { autoCreateRecords: true }),
  };
}

export function writeOptions(flags: KeyFlags): RequestOptions {
  return flags.idempotencyKey ? { idempotencyKey: flags.idempotencyKey } : {};
}

/** `fieldhouse NAME`, with the flags that reach the server and choose the output. */
export function resourceCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .option('--api-key <key>', 'API key (default: LIGHTFIELD_API_KEY)')
    .option('--base-url <url>', 'server (default: LIGHTFIELD_BASE_URL, then http://localhost:8787)')
    .addOption(new Option('--format <format>', 'output').choices(FORMATS).default('pretty'));
}

/** A command answering one page: `--limit` and `--offset`, and with filters `--filter` and `--sort`. */
export function pageCommand(parent: Command, name: string, description: string, withFilters: boolean): Command {
  const page = parent
    .command(name)
    .description(description)
    .option('--limit <n>', '1-25 (default 25)', integer)
    .option('--offset <n>', 'records to skip', integer);
  if (withFilters) {
    page
      .option('--filter <KEY[OP]=VALUE>', 'a filter, e.g. $stage=Demo or $amount[greaterThan]=1000 (repeatable; ANDed)', filterPair)
      .option('--sort <key>', 'createdAt, updatedAt or a field key; -KEY descending');
  }
  return page;
}

/** `list`: one page of a resource, with filters for record types. */
export function listCommand(parent: Command, withFilters: boolean): Command {
  return pageCommand(parent, 'list', withFilters ? 'one page of records, newest first' : 'one page', withFilters);
}

/** The SDK's list arguments from `--limit`, `--offset`, `--sort` and the raw `--filter` pairs. */
export function listArguments(flags: ListFlags): [{ limit?: number; offset?: number; sort?: string }, RequestOptions] {
  return [{ limit: flags.limit, offset: flags.offset, sort: flags.sort }, { query: flags.filter }];
}

/** `--fields` and `--relationships` as JSON objects, and an idempotency key. */
export function writeFlags(command: Command, fields: string, relationships: string): Command {
  return command
    .option('--fields <json>', fields, jsonObject('--fields'))
    .option('--relationships <json>', relationships, jsonObject('--relationships'))
    .option(...IDEMPOTENCY_KEY);
}
