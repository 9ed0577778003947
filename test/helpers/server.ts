import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { createApiKey, listKeys } from '../../src/domain/access/api-keys.js';
import { createOrganization } from '../../src/domain/organizations.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';
import { assertConforms, findOperation } from './conformance.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestServer {
  url: string;
  /** The database it serves, to start a second server (or a CLI) on. */
  database: TestDatabase;
  server: RunningServer;
  /** The full-access key printed at first start. */
  key: string;
  organizationId: string;
  /** Log lines written by the server, parsed. */
  logs: Array<Record<string, unknown>>;
  request(call: ApiCall): Promise<ApiResponse>;
  /** Another key of the first organization's admin, with these scopes (none: full access). */
  createKey(scopes: string[]): Promise<{ id: string; key: string }>;
  /** A second organization with its own full-access key. */
  addOrganization(name: string): Promise<{ organizationId: string; key: string }>;
  stop(): Promise<void>;
}

export interface ApiCall {
  method?: string;
  path: string;
  /** Defaults to the server's first key; null sends no Authorization header. */
  key?: string | null;
  /** Defaults to the supported version; null sends none. */
  version?: string | null;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is, with whatever headers the call gives. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface TestServerOptions extends Omit<StartOptions, 'announce' | 'logStream'> {
  rateLimit?: number;
  clock?: Clock;
  /** An existing database, e.g. to share one between two servers; its creator drops it. */
  database?: TestDatabase;
  /** The key to use when the database is not new (no first-start key is printed then). */
  key?: string;
  /** Extra environment, e.g. FIELDHOUSE_WORKER=on with a short FIELDHOUSE_SUMMARY_DEBOUNCE_MS. */
  env?: Record<string, string>;
}

export const API_VERSION = '2026-03-01';

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    ...database.env,
    PORT: '0',
    LOG_LEVEL: 'info',
    FIELDHOUSE_RATE_LIMIT: String(options.rateLimit ?? 0),
    // Off unless a test asks: background summaries would change the store under tests that count it.
    FIELDHOUSE_WORKER: 'off',
    // Off unless a test asks: every account create would queue a run that reads the web.
    FIELDHOUSE_ENRICHMENT_PROVIDER: 'off',
    ...options.env,
  });
  const announced: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const { rateLimit: _rateLimit, database: _database, key: _key, env: _env, ...startOptions } = options;
  const dropOwnDatabase = () => (options.database ? Promise.resolve() : database.drop());
  const server = await startServer(config, {
    ...startOptions,
    announce: (line) => announced.push(line),
    logStream: { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  }).catch(async (err: unknown) => {
    await dropOwnDatabase();
    throw err;
  });
  const key = announced.map((l) => /^API key: (sk_lf_\S+)$/.exec(l)?.[1]).find(Boolean) ?? options.key;
  if (!key) {
    await server.close();
    await dropOwnDatabase();
    throw new Error(`first start printed no key: ${announced.join(' | ')}`);
  }
  const organizationId = (await server.storage.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;

  const request = async (call: ApiCall): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...call.headers };
    const key0 = call.key === undefined ? key : call.key;
    if (key0 !== null) headers.authorization ??= `Bearer ${key0}`;
    const version = call.version === undefined ? API_VERSION : call.version;
    if (version !== null) headers['lightfield-version'] ??= version;
    let body: string | undefined = call.rawBody;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] ??= 'application/json';
    }
    const method = call.method ?? (body === undefined ? 'GET' : 'POST');
    const res = await fetch(server.url + call.path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (call.path.startsWith('/v1')) assertConforms(findOperation(method, call.path), res.status, parsed);
    return { status: res.status, headers: res.headers, text, body: parsed };
  };

  return {
    url: server.url,
    database,
    server,
    key,
    organizationId,
    logs,
    request,
    async createKey(scopes) {
      const [admin] = await listKeys(server.storage.db, organizationId);
      if (!admin) throw new Error('the organization has no key to take its member from');
      const created = await createApiKey(server.storage.db, { organizationId, memberId: admin.memberId, name: `test ${scopes.join(',')}`, scopes, now: new Date() });
      return { id: created.key.id, key: created.plaintext };
    },
    async addOrganization(name) {
      const created = await createOrganization(server.storage.db, {
        name,
        admin: { email: `admin@${name.toLowerCase().replace(/\W+/g, '-')}.test`, firstName: 'Second', lastName: 'Admin' },
        now: new Date(),
      });
      return { organizationId: created.organization.id, key: created.plaintextKey };
    },
    async stop() {
      await server.close();
      await dropOwnDatabase();
    },
  };
}
