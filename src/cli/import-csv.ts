import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { APIError, Lightfield, LightfieldError, type DefinitionsResponse, type Entity, type RequestOptions } from '../../packages/sdk/src/index.js';
import type { APIPromise } from '../../packages/sdk/src/index.js';
import { describeApiError } from './api-error-line.js';
import { ColumnError, columnsFor, MULTI_VALUE_SEPARATOR, rowBody } from './csv-cells.js';
import { contentHash, csvRows, ImportFileError, jsonLines } from './import-file-rows.js';
import { startProgress } from './progress.js';
import { report } from './resources/index.js';

// `fieldhouse import csv FILE`: one create call a row of a CSV or JSON Lines file, over HTTP
// through the SDK (LIGHTFIELD_BASE_URL, LIGHTFIELD_API_KEY). Every row carries an Idempotency-Key
// made of the file's sha256 and the row's line, so running the same file again while the server
// keeps the keys (24 hours) answers the rows it already created instead of creating them twice.

export const RECORD_TYPES = ['account', 'contact', 'opportunity', 'task', 'note', 'meeting'] as const;
type RecordType = (typeof RECORD_TYPES)[number];

interface CsvImportFlags {
  apiKey?: string;
  baseUrl?: string;
  type?: RecordType;
  object?: string;
  format?: 'csv' | 'jsonl';
  concurrency: number;
  stopOnError?: boolean;
  progressEvery: number;
}

export interface CsvImportSummary {
  /** Rows in the file. */
  rows: number;
  /** Rows the server holds a record for now: created by this run or, answered from an earlier run's key, before. */
  imported: number;
  /** Of those, the ones an earlier run had created (the server replayed its answer). */
  replayed: number;
  failed: number;
  /** Rows not sent because the import stopped (--stop-on-error, or an error that is not the API's). */
  notTried: number;
}

/** What the rows go into: a built-in type or a custom object type. */
interface Target {
  /** `accounts`, `object invoice`: for messages. */
  name: string;
  definitions(): PromiseLike<DefinitionsResponse>;
  create(body: Record<string, unknown>, options: RequestOptions): APIPromise<Entity>;
}

function targetOf(client: Lightfield, flags: Pick<CsvImportFlags, 'type' | 'object'>): Target {
  if (flags.object) {
    const slug = flags.object;
    return {
      name: `object ${slug}`,
      definitions: () => client.object.definitions(slug),
      create: (body, options) => client.object.create(slug, body as never, options),
    };
  }
  const resource = client[flags.type!];
  return {
    name: `${flags.type}`,
    definitions: () => resource.definitions(),
    create: (body, options) => resource.create(body as never, options),
  };
}

export function formatOf(file: string, flag: CsvImportFlags['format']): 'csv' | 'jsonl' {
  if (flag) return flag;
  return ['.jsonl', '.ndjson'].includes(path.extname(file).toLowerCase()) ? 'jsonl' : 'csv';
}

/** The Idempotency-Key of the row starting on `line` of a file with this sha256 (at most 255 characters, as the server takes). */
export function rowIdempotencyKey(hash: string, line: number): string {
  return `fieldhouse-import-${hash}-${line}`;
}

interface Row {
  line: number;
  body: Record<string, unknown>;
}

/** The rows of the file as create bodies; an ImportFileError or ColumnError (with the file's name) before anything is sent. */
async function readRows(file: string, bytes: Buffer, format: 'csv' | 'jsonl', target: Target): Promise<Row[]> {
  if (format === 'jsonl') return jsonLines(file, bytes);
  const { headers, rows } = csvRows(file, bytes);
  let columns;
  try {
    columns = columnsFor(await target.definitions(), headers);
  } catch (err) {
    if (err instanceof ColumnError) throw new ImportFileError(`${file}: ${err.message} Nothing was imported.`);
    throw err;
  }
  return rows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const { fields, relationships } = rowBody(columns, row.cells);
      return { line: row.line, body: Object.keys(relationships).length > 0 ? { fields, relationships } : { fields } };
    });
}

export async function importCsv(file: string, client: Lightfield, flags: CsvImportFlags): Promise<CsvImportSummary> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ImportFileError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  const target = targetOf(client, flags);
  const format = formatOf(file, flags.format);
  // For JSON Lines too: a wrong slug or a key that may not read the type fails once, before any write.
  if (format === 'jsonl') await target.definitions();
  const rows = await readRows(file, bytes, format, target);
  const hash = contentHash(bytes);
  process.stderr.write(`Read ${file} (${format === 'csv' ? 'CSV' : 'JSON Lines'}): ${rows.length} rows for ${target.name}.\n`);

  const summary: CsvImportSummary = { rows: rows.length, imported: 0, replayed: 0, failed: 0, notTried: 0 };
  const progress = startProgress({
    total: rows.length,
    unit: 'rows',
    barFormat: '{bar} {value}/{total} rows | {failed} failed',
    payload: { failed: '0' },
    forceRedraw: true,
    every: flags.progressEvery,
    everyLine: () => `... ${summary.imported} imported, ${summary.failed} failed`,
  });
  let next = 0;
  let stop = false;
  let fatal: unknown;
  const runner = async () => {
    while (!stop && next < rows.length) {
      const row = rows[next++]!;
      try {
        const { response } = await target.create(row.body, { idempotencyKey: rowIdempotencyKey(hash, row.line) }).withResponse();
        summary.imported++;
        if (response.headers.get('idempotent-replayed') === 'true') summary.replayed++;
      } catch (err) {
        summary.failed++;
        progress.update({ failed: String(summary.failed) });
        progress.log(`LINE ${row.line}: ${describeApiError(err)}`);
        if (flags.stopOnError) stop = true;
        if (!(err instanceof APIError)) {
          // No answer from the server (after the SDK's retries), or a bug: every other row would fail the same way.
          stop = true;
          fatal ??= err;
        }
      }
      progress.tick();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(flags.concurrency, rows.length) }, runner));
  } finally {
    progress.stop();
  }
  summary.notTried += rows.length - next;
  if (fatal !== undefined) {
    process.stdout.write(`${summaryLine(summary)}\n`);
    throw fatal;
  }
  return summary;
}

export function summaryLine(s: CsvImportSummary): string {
  let line = `Imported ${s.imported} of ${s.rows} rows; ${s.failed} failed.`;
  if (s.replayed > 0) line += ` ${s.replayed} of them had been created by an earlier run of this file.`;
  if (s.notTried > 0) line += ` Stopped: ${s.notTried} rows not tried.`;
  return line;
}

function positive(raw: string): number {
  if (!/^[1-9]\d*$/.test(raw)) throw new InvalidArgumentError('must be a whole number, 1 or more.');
  return Number(raw);
}

const HELP = `
Reads the whole file first: a file that is not valid CSV or JSON Lines, or a CSV column the type
does not have (or that is read-only), is refused naming the line or column, and nothing is written.

CSV: the first row names the columns, each a field or relationship of the type by its key
($name, $website, icp-score), its label (Website), or its key without the $ (website).
ADDRESS and FULL_NAME fields also take one part a column: $primaryAddress.city,
$name.firstName, $name.lastName. Cells by the field's value type:
  empty cell                  the field is not given
  NUMBER, CURRENCY            1200, -3.5, 1e3, 1,200.50; CURRENCY also $1,200 or EUR 12
  CHECKBOX                    true/false, yes/no, y/n, 1/0, x
  multi-value EMAIL, URL, TELEPHONE, MULTI_SELECT, and relationships
                              several values separated by '${MULTI_VALUE_SEPARATOR}' (a phone's ;ext=100 stays)
  SINGLE_SELECT, MULTI_SELECT option labels (any case) or option ids
  DATETIME                    ISO 8601 / RFC 3339: 2026-03-16, 2026-03-16T12:00:00Z, …+02:00
  FULL_NAME                   "Ada Lovelace": first word the first name, the rest the last name
  ADDRESS                     a JSON object, or one column a part
  TEXT, MARKDOWN              as written; other types are sent trimmed, for the server to read
  relationship                record ids
A cell that cannot be read as its type is sent as written, and the server refuses the row.
A row whose cells are all empty is skipped.

JSON Lines (.jsonl, .ndjson): each non-empty line is a create body, {"fields": {...},
"relationships": {...}}, sent as it is.

Each row is one create call with Idempotency-Key fieldhouse-import-<sha256 of the file>-<line>.
The server keeps a key 24 hours, per organization and record type: running the same file again
within that time creates nothing twice (a row the API refused is tried again). A changed file
has new keys, so to retry rows after fixing them, import a file holding only those rows.

A row the API refuses prints "LINE N: type: message (code, param)" on stderr; the others still go
in unless --stop-on-error. The summary, "Imported X of Y rows; Z failed.", goes to stdout; the
exit code is 1 when any row failed or the import stopped.`;

export function importCsvCommand(): Command {
  return new Command('csv')
    .description('create records from a CSV or JSON Lines file, one a row; safe to run again within 24 hours')
    .argument('<file>', 'a .csv file with a header row, or a .jsonl / .ndjson file of create bodies')
    .addOption(new Option('--type <type>', 'a built-in record type').choices([...RECORD_TYPES]))
    .option('--object <slug>', 'a custom object type, by its slug')
    .addOption(new Option('--format <format>', 'the file format (default: jsonl for .jsonl and .ndjson, else csv)').choices(['csv', 'jsonl']))
    .option('--concurrency <n>', 'rows sent at once', positive, 4)
    .option('--stop-on-error', 'stop at the first row the API refuses (rows already sent finish)')
    .option('--progress-every <n>', 'without a terminal, a progress line every N rows', positive, 100)
    .option('--api-key <key>', 'an API key that may create records of the type (default: LIGHTFIELD_API_KEY)')
    .option('--base-url <url>', 'server (default: LIGHTFIELD_BASE_URL, then http://localhost:8787)')
    .addHelpText('after', HELP)
    .action(async (file: string, flags: CsvImportFlags) => {
      let client: Lightfield | undefined;
      try {
        if (!flags.type === !flags.object) throw new LightfieldError('Name what the rows are: --type account|contact|opportunity|task|note|meeting, or --object SLUG (one of them).');
        if (!flags.apiKey && !process.env.LIGHTFIELD_API_KEY?.trim()) throw new LightfieldError('No API key: pass --api-key or set LIGHTFIELD_API_KEY.');
        client = new Lightfield({ apiKey: flags.apiKey, baseURL: flags.baseUrl });
        const summary = await importCsv(file, client, flags);
        process.stdout.write(`${summaryLine(summary)}\n`);
        if (summary.failed > 0 || summary.notTried > 0) process.exitCode = 1;
      } catch (err) {
        if (err instanceof ImportFileError) {
          process.stderr.write(`fieldhouse: ${err.message}\n`);
          process.exit(1);
        }
        report(err, client?.baseURL);
      }
    });
}
