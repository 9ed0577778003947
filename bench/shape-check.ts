import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../src/storage/database.js';
import { API_VERSION } from './scenarios.js';
import type { SeedSummary } from './seed.js';

/** Whether seeded records and the same creates made over the API read and are stored alike. */
export interface ShapeCheck {
  /** Seeded id → id of its twin made over the API. */
  compared: Record<string, string>;
  identical: boolean;
  /** What differs, one line each; empty when identical. */
  differences: string[];
}

type View = Record<string, unknown>;

/** What differs between any two records by nature: their id, their times and the link built from the id. */
const PER_RECORD = ['id', 'createdAt', 'updatedAt', 'httpLink'];

function client(url: string, apiKey: string) {
  let writes = 0;
  return async (method: 'GET' | 'POST', pathname: string, body?: unknown): Promise<View> => {
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        'lightfield-version': API_VERSION,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': `shape-check-${Date.now()}-${(writes += 1)}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`shape check: ${method} ${pathname}: ${response.status} ${text}`);
    return JSON.parse(text) as View;
  };
}

/** Differences between two record views, field by field and relationship by relationship. */
function compareViews(what: string, seeded: View, api: View, ignore: readonly string[]): string[] {
  const differences: string[] = [];
  const skip = new Set([...PER_RECORD, ...ignore]);
  for (const key of new Set([...Object.keys(seeded), ...Object.keys(api)])) {
    if (skip.has(key)) continue;
    const [x, y] = [seeded[key], api[key]];
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const [a, b] = [x as View, y as View];
      for (const inner of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (skip.has(`${key}.${inner}`)) continue;
        if (!isDeepStrictEqual(a[inner], b[inner])) differences.push(`${what} response ${key}.${inner}: seeded ${JSON.stringify(a[inner])}, API ${JSON.stringify(b[inner])}`);
      }
    } else if (!isDeepStrictEqual(x, y)) {
      differences.push(`${what} response ${key}: seeded ${JSON.stringify(x)}, API ${JSON.stringify(y)}`);
    }
  }
  return differences;
}

/**
 * The rows a record owns, with its own id written as `self` so two records compare. Links are
 * those it is the source of: links to it (an account's opportunities) are the others' rows.
 */
function storedRows(db: SQLite.Database, id: string) {
  const self = (value: string) => (value === id ? 'self' : value);
  const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    record: db.prepare('select organization_id, object_type, fields, external_id from records where id = ?').get(id),
    terms: sorted(db.prepare('select organization_id, object_type, field_key, term_text, term_key, term_number from record_terms where record_id = ?').all(id) as object[]),
    pairs: sorted(db.prepare('select organization_id, object_type, select_key, option_id, field_key, term_number from record_term_pairs where record_id = ?').all(id) as object[]),
    links: sorted(
      (db.prepare('select organization_id, link_type, source_id, target_id from record_links where source_id = ?').all(id) as Array<Record<string, string>>).map((row) => ({
        ...row,
        source_id: self(row.source_id!),
        target_id: self(row.target_id!),
      })),
    ),
    uniques: sorted(db.prepare('select organization_id, object_type, field_key, value_key, value from unique_values where record_id = ?').all(id) as object[]),
  };
}

function compareRows(what: string, db: SQLite.Database, seededId: string, apiId: string): string[] {
  const [s, api] = [storedRows(db, seededId), storedRows(db, apiId)];
  return (['record', 'terms', 'pairs', 'links', 'uniques'] as const)
    .filter((part) => !isDeepStrictEqual(s[part], api[part]))
    .map((part) => `${what} stored ${part}: seeded ${JSON.stringify(s[part])}, API ${JSON.stringify(api[part])}`);
}

/**
 * Makes over the API what the seeder made first, with the same bodies, and compares the twins:
 * their responses (all but id, times and httpLink) and their rows in the database (fields
 * JSON byte for byte, terms, links, unique values). The opportunity is compared as is; the
 * account gets one API opportunity per stage its seeded twin's opportunities have, so that its
 * derived `$accountStatus` must come out the same. A difference means the seeder no longer
 * writes what the API writes, and the numbers would measure another database.
 */
export async function checkSeededShape(url: string, dataDir: string, dataset: SeedSummary): Promise<ShapeCheck> {
  const api = client(url, dataset.apiKey);
  const { example, exampleAccount } = dataset;
  const differences: string[] = [];

  const seededOpportunity = await api('GET', `/v1/opportunities/${example.id}`);
  const opportunity = await api('POST', '/v1/opportunities', example.body);
  differences.push(...compareViews('opportunity', seededOpportunity, await api('GET', `/v1/opportunities/${String(opportunity.id)}`), []));

  const seededAccount = await api('GET', `/v1/accounts/${exampleAccount.id}`);
  const stages = new Set<string>();
  for (let offset = 0, total = 1; offset < total; offset += 25) {
    const page = (await api('GET', `/v1/opportunities?${new URLSearchParams({ $account: exampleAccount.id, offset: String(offset) })}`)) as unknown as {
      data: Array<{ id: string; fields: { $stage: { value: string } } }>;
      totalCount: number;
    };
    total = page.totalCount;
    // The API twin of the example opportunity is linked to this account too; it adds no stage.
    for (const o of page.data) stages.add(o.fields.$stage.value);
  }
  const account = await api('POST', '/v1/accounts', exampleAccount.body);
  for (const stage of stages) {
    await api('POST', '/v1/opportunities', { fields: { $name: 'Shape check', $stage: stage }, relationships: { $account: String(account.id) } });
  }
  // Which opportunities an account has differs by nature; everything else must not.
  differences.push(...compareViews('account', seededAccount, await api('GET', `/v1/accounts/${String(account.id)}`), ['relationships.$opportunity']));

  // Read beside the running server: WAL lets another connection read while it writes.
  const db = new SQLite(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    differences.push(...compareRows('opportunity', db, example.id, String(opportunity.id)));
    differences.push(...compareRows('account', db, exampleAccount.id, String(account.id)));
  } finally {
    db.close();
  }
  return {
    compared: { [example.id]: String(opportunity.id), [exampleAccount.id]: String(account.id) },
    identical: differences.length === 0,
    differences,
  };
}
