import { createHash } from 'node:crypto';
import { parse, CsvError } from 'csv-parse/sync';

// The rows of a file `fieldhouse import csv` reads, each with the line it starts on. The whole
// file is read and checked before anything is sent: a file that is not valid CSV, or a JSON Lines
// file with a line that is not a JSON object, is refused whole, naming the line.

/** A file that cannot be read as its format; nothing of it is imported. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export interface CsvRow {
  /** The line of the file the row starts on (a quoted cell may run over several). */
  line: number;
  cells: string[];
}

export interface JsonRow {
  line: number;
  body: Record<string, unknown>;
}

/** sha256 of the file's bytes, hex: with a row's line, it makes the row's Idempotency-Key. */
export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Line numbers of byte offsets, asked for in increasing order: 1 + the line breaks before the
 * offset, after skipping the line breaks at it (the blank lines between records).
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    let start = offset;
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
    for (; at < start; at++) if (bytes[at] === 0x0a) line++;
    return line;
  };
}

/** The header row and the data rows of a CSV file (UTF-8, a BOM allowed; `,` between cells, `"` quotes; blank lines skipped). */
export function csvRows(file: string, bytes: Buffer): { headers: string[]; rows: CsvRow[] } {
  const records: CsvRow[] = [];
  const lineAt = lineCounter(bytes);
  let end = 0;
  try {
    parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        records.push({ line: lineAt(end), cells: record });
        end = context.bytes;
        return record;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // csv-parse counts a quoted CRLF as two lines; the record it failed on starts where the last good one ended.
    const message = err.message.replace(/ (?:at|on) line \d+/, '');
    throw new ImportFileError(`${file}: line ${lineAt(end)}: not valid CSV: ${message} Nothing was imported.`);
  }
  const [header, ...rows] = records;
  if (!header) throw new ImportFileError(`${file}: no header row. Nothing was imported.`);
  return { headers: header.cells, rows };
}

/** Every non-empty line of a JSON Lines file, each a JSON object. */
export function jsonLines(file: string, bytes: Buffer): JsonRow[] {
  const rows: JsonRow[] = [];
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new ImportFileError(`${file}: line ${i + 1}: not valid JSON (${(err as Error).message}). Nothing was imported.`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ImportFileError(`${file}: line ${i + 1}: not a JSON object (each line is a create body, {"fields": {…}, "relationships": {…}}). Nothing was imported.`);
    }
    rows.push({ line: i + 1, body: body as Record<string, unknown> });
  });
  return rows;
}
