import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Base of every `httpLink`; unset means `http://localhost:{the port actually bound}`. */
  publicUrl: string | undefined;
  /** A `postgres://` URL: storage in PostgreSQL, shared by any number of processes. Unset: the embedded SQLite file. */
  databaseUrl: string | undefined;
  /** Requests per second per organization per category; 0 disables limiting. */
  rateLimit: number;
  /** How long a request holds its idempotency key; a process that died mid-request frees it after this. */
  idempotencyLockMs: number;
  logLevel: LogLevel;
  /** Region for telephone numbers written without `+` (ISO 3166 alpha-2). */
  defaultRegion: string;
  /** ISO 4217 code of `$amount` and other CURRENCY fields that name none. */
  currency: string;
  /** Whether `serve` runs the background worker in its own process (FIELDHOUSE_WORKER=off to not). */
  worker: boolean;
  jobs: JobsConfig;
  summary: SummaryConfig;
  enrichment: EnrichmentConfig;
  files: FilesConfig;
  /** An upload that sends nothing for this long is cut off, keeping nothing. */
  uploadIdleTimeoutMs: number;
  mail: MailConfig;
  /** Deleted records stay restorable this many days, then are purged for good. */
  trashDays: number;
  /** How long a client may take to send a request's headers, and then its body (signed upload URLs excepted). */
  requestTimeoutMs: number;
  /** Connections open at once; more are refused at accept, so a flood cannot exhaust file descriptors. */
  maxConnections: number;
  /** `/mcp` also offers delete and merge tools (FIELDHOUSE_MCP_ALLOW_DESTRUCTIVE=on). */
  mcpAllowDestructive: boolean;
}

export interface MailConfig {
  /** The relay every member's mail leaves through, unless their mailbox names its own: `smtp://user:pass@host:port`, `smtps://` for TLS. */
  smtpUrl: string | undefined;
  /** How long one exchange with a relay (connecting, a reply) may take before the send fails. */
  timeoutMs: number;
  /**
   * How long a send's lease lasts; the sending process renews it while the relay has the message.
   * A lapsed lease means that process died: the send is recorded as sent, never sent again.
   */
  leaseMs: number;
}

/** Where uploaded bytes live: under the data directory, or in an S3-compatible bucket. */
export type FilesConfig = { backend: 'disk'; directory: string } | { backend: 's3'; s3: S3Config };

export interface S3Config {
  /** e.g. `http://127.0.0.1:9000`; unset means AWS itself, found from the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Prepended to every object key (e.g. `fieldhouse/`), so one bucket can serve several deployments. */
  prefix: string;
  /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; unset: the SDK's own chain (profiles, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
}

export interface JobsConfig {
  /** How long a burst of edits to one opportunity may go on before its summary runs. */
  debounceMs: number;
  /** First retry delay; it doubles with each failed try. */
  backoffMs: number;
  maxAttempts: number;
  /** How long a worker holds a job before another may take it over (the job's worker died). */
  leaseMs: number;
}

export interface SummaryConfig {
  provider: 'offline' | 'openai';
  openaiBaseUrl: string | undefined;
  openaiApiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

/** How accounts and contacts are enriched (spec/newer-api.md, "Enrichment runs"). */
export interface EnrichmentConfig {
  provider: 'off' | 'web' | 'openai';
  /** The whole run: fetch, parse, and for `openai` the model's answer. */
  timeoutMs: number;
  /** Bytes of a page read; the rest is not. */
  maxBytes: number;
  maxRedirects: number;
  /** Lets the web provider reach private and loopback addresses (a site on the same network, tests). */
  allowPrivate: boolean;
  openaiBaseUrl: string | undefined;
  openaiApiKey: string | undefined;
  model: string;
}

export class ConfigError extends Error {}

/** The public API's lock on an idempotency key whose request died mid-flight. */
export const IDEMPOTENCY_LOCK_MS = 60_000;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got '${raw}'.`);
  }
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got '${env[name]}'.`);
}

function summaryConfig(env: NodeJS.ProcessEnv): SummaryConfig {
  const provider = (env.FIELDHOUSE_SUMMARY_PROVIDER || 'offline').toLowerCase();
  if (provider !== 'offline' && provider !== 'openai') {
    throw new ConfigError(`FIELDHOUSE_SUMMARY_PROVIDER must be offline or openai, got '${env.FIELDHOUSE_SUMMARY_PROVIDER}'.`);
  }
  if (provider === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
    throw new ConfigError('FIELDHOUSE_SUMMARY_PROVIDER=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for another compatible endpoint).');
  }
  return {
    provider,
    openaiBaseUrl: env.OPENAI_BASE_URL || undefined,
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    model: env.FIELDHOUSE_SUMMARY_MODEL || 'gpt-4o-mini',
    timeoutMs: integer(env, 'FIELDHOUSE_SUMMARY_TIMEOUT_MS', 30_000, 100, 600_000),
  };
}

function enrichmentConfig(env: NodeJS.ProcessEnv): EnrichmentConfig {
  const provider = (env.FIELDHOUSE_ENRICHMENT_PROVIDER || 'web').toLowerCase();
  if (provider !== 'off' && provider !== 'web' && provider !== 'openai') {
    throw new ConfigError(`FIELDHOUSE_ENRICHMENT_PROVIDER must be off, web or openai, got '${env.FIELDHOUSE_ENRICHMENT_PROVIDER}'.`);
  }
  if (provider === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
    throw new ConfigError('FIELDHOUSE_ENRICHMENT_PROVIDER=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for another compatible endpoint).');
  }
  return {
    provider,
    timeoutMs: integer(env, 'FIELDHOUSE_ENRICHMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    maxBytes: integer(env, 'FIELDHOUSE_ENRICHMENT_MAX_BYTES', 1_000_000, 1_000, 50_000_000),
    maxRedirects: integer(env, 'FIELDHOUSE_ENRICHMENT_MAX_REDIRECTS', 5, 0, 20),
    allowPrivate: onOff(env, 'FIELDHOUSE_ENRICHMENT_ALLOW_PRIVATE', false),
    openaiBaseUrl: env.OPENAI_BASE_URL || undefined,
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    model: env.FIELDHOUSE_ENRICHMENT_MODEL || env.FIELDHOUSE_SUMMARY_MODEL || 'gpt-4o-mini',
  };
}

function filesConfig(env: NodeJS.ProcessEnv, dataDir: string): FilesConfig {
  const bucket = env.FIELDHOUSE_S3_BUCKET || undefined;
  const endpoint = env.FIELDHOUSE_S3_ENDPOINT || undefined;
  if (bucket === undefined) {
    if (endpoint !== undefined) throw new ConfigError('FIELDHOUSE_S3_ENDPOINT is set but FIELDHOUSE_S3_BUCKET is not; set both to store files in S3.');
    return { backend: 'disk', directory: path.join(dataDir, 'files') };
  }
  if (endpoint !== undefined && !/^https?:\/\/./.test(endpoint)) {
    throw new ConfigError(`FIELDHOUSE_S3_ENDPOINT must be an http(s) URL, got '${endpoint}'.`);
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError('Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (then the AWS SDK looks for credentials itself).');
  }
  return {
    backend: 's3',
    s3: {
      endpoint,
      bucket,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      forcePathStyle: onOff(env, 'FIELDHOUSE_S3_FORCE_PATH_STYLE', endpoint !== undefined),
      prefix: (env.FIELDHOUSE_S3_PREFIX ?? '').replace(/^\/+/, ''),
      credentials:
        accessKeyId && secretAccessKey
          ? { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
          : undefined,
    },
  };
}

/** Whether `url` names an SMTP relay fieldhouse can send through; never echoes it, since it may hold a password. */
export function isSmtpUrl(url: string): boolean {
  return URL.canParse(url) && ['smtp:', 'smtps:'].includes(new URL(url).protocol) && new URL(url).hostname !== '';
}

function mailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const smtpUrl = env.FIELDHOUSE_SMTP_URL || undefined;
  if (smtpUrl !== undefined && !isSmtpUrl(smtpUrl)) {
    throw new ConfigError('FIELDHOUSE_SMTP_URL must be an smtp:// or smtps:// URL (smtp://user:password@host:port).');
  }
  return {
    smtpUrl,
    timeoutMs: integer(env, 'FIELDHOUSE_SMTP_TIMEOUT_MS', 30_000, 100, 600_000),
    leaseMs: integer(env, 'FIELDHOUSE_SMTP_LEASE_MS', 15_000, 1_000, 3_600_000),
  };
}

function code(env: NodeJS.ProcessEnv, name: string, fallback: string, pattern: RegExp, what: string): string {
  const raw = (env[name] || fallback).toUpperCase();
  if (!pattern.test(raw)) throw new ConfigError(`${name} must be ${what}, got '${env[name]}'.`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 8787, 0, 65535);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${env.LOG_LEVEL}'.`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/./.test(databaseUrl)) {
    // Never echo the URL: it may hold a password.
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database); unset it to use the embedded database.');
  }
  const publicUrl = env.FIELDHOUSE_PUBLIC_URL ? env.FIELDHOUSE_PUBLIC_URL.replace(/\/+$/, '') : undefined;
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
    throw new ConfigError(`FIELDHOUSE_PUBLIC_URL must be an absolute URL, got '${env.FIELDHOUSE_PUBLIC_URL}'.`);
  }
  const dataDir = path.resolve(env.FIELDHOUSE_DATA_DIR || './data');
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir,
    publicUrl,
    databaseUrl,
    rateLimit: integer(env, 'FIELDHOUSE_RATE_LIMIT', 25, 0, 1_000_000),
    idempotencyLockMs: integer(env, 'FIELDHOUSE_IDEMPOTENCY_LOCK_MS', IDEMPOTENCY_LOCK_MS, 1_000, 3_600_000),
    logLevel,
    defaultRegion: code(env, 'FIELDHOUSE_DEFAULT_REGION', 'US', /^[A-Z]{2}$/, 'a 2-letter region code like US'),
    currency: code(env, 'FIELDHOUSE_CURRENCY', 'USD', /^[A-Z]{3}$/, 'a 3-letter ISO 4217 code like USD'),
    worker: onOff(env, 'FIELDHOUSE_WORKER', true),
    jobs: {
      debounceMs: integer(env, 'FIELDHOUSE_SUMMARY_DEBOUNCE_MS', 2000, 0, 3_600_000),
      backoffMs: integer(env, 'FIELDHOUSE_JOB_BACKOFF_MS', 1000, 1, 3_600_000),
      maxAttempts: integer(env, 'FIELDHOUSE_JOB_MAX_ATTEMPTS', 5, 1, 100),
      leaseMs: integer(env, 'FIELDHOUSE_JOB_LEASE_MS', 60_000, 100, 3_600_000),
    },
    summary: summaryConfig(env),
    enrichment: enrichmentConfig(env),
    files: filesConfig(env, dataDir),
    uploadIdleTimeoutMs: integer(env, 'FIELDHOUSE_UPLOAD_IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    mail: mailConfig(env),
    trashDays: integer(env, 'FIELDHOUSE_TRASH_DAYS', 30, 1, 36_500),
    requestTimeoutMs: integer(env, 'FIELDHOUSE_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    maxConnections: integer(env, 'FIELDHOUSE_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
    mcpAllowDestructive: onOff(env, 'FIELDHOUSE_MCP_ALLOW_DESTRUCTIVE', false),
  };
}
