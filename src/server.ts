import type { FastifyInstance } from 'fastify';
import type { BuildAppOptions } from './http/app.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { bootstrapIfEmpty } from './domain/bootstrap.js';
import { assertNoCustomObjectShadowed } from './domain/custom-objects.js';
import { ensureSystemDefinitions } from './domain/definitions/seed.js';
import type { ObjectTypeRegistry } from './domain/object-types/object-type.js';
import { BUILTIN_OBJECT_TYPES } from './domain/object-types/registry.js';
import { listOrganizations } from './storage/organizations.js';
import { buildApp } from './http/app.js';
import { IDEMPOTENCY_RETENTION_MS } from './http/plugins/idempotency.js';
import { createSharedTokenBucketLimiter } from './http/rate-limit/shared-token-bucket.js';
import { createTokenBucketLimiter } from './http/rate-limit/token-bucket.js';
import type { Storage } from './storage/database.js';
import { purgeIdempotencyKeys } from './storage/idempotency-keys.js';
import { capabilitiesOf } from './storage/engine.js';
import type { BlobStore } from './storage/blobs/blob-store.js';
import { openBlobStore } from './storage/blobs/open-blob-store.js';
import { openStorage, StorageUnavailableError } from './storage/open.js';
import { asStorageUnavailable } from './storage/storage-unavailable.js';
import type { CreatedOrganization } from './domain/organizations.js';
import { fileUrlSecret } from './domain/files/file-tokens.js';
import { startJobWorker } from './jobs/start-jobs.js';
import { settleAbandonedSends } from './domain/emails/settle-in-doubt.js';
import { purgeExpiredTrash } from './domain/lifecycle/purge-trash.js';
import { smtpRelay } from './mail/smtp-relay.js';
import type { SummaryProvider } from './jobs/summary/provider.js';

export interface RunningServer {
  app: FastifyInstance;
  storage: Storage;
  /** Where file bytes live. */
  blobs: BlobStore;
  /** `http://host:port` actually bound (PORT=0 picks a free port). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes storage. */
  close(): Promise<void>;
}

export interface StartOptions extends BuildAppOptions {
  /** The object types to serve; the built-in registry unless a test adds one. */
  objectTypes?: ObjectTypeRegistry;
  /** Replaces the configured summary provider (tests). */
  summaryProvider?: SummaryProvider;
  clock?: Clock;
  /** Where the first-start key line goes; stdout unless a caller captures it. */
  announce?: (line: string) => void;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The first organization on an empty database, and the definitions a newer version added for
 * organizations created before it. Returns what it created, durable: the key is shown once, and
 * must outlive a power failure before anyone sees it.
 */
async function prepareData(storage: Storage, clock: Clock, objectTypes: ObjectTypeRegistry): Promise<CreatedOrganization | undefined> {
  const created = await bootstrapIfEmpty(storage.db, clock.now());
  const organizations = await listOrganizations(storage.db);
  await assertNoCustomObjectShadowed(storage.db, organizations.map((o) => o.id), objectTypes);
  for (const organization of organizations) await ensureSystemDefinitions(storage.db, organization.id, clock.now(), objectTypes);
  if (created) await storage.durable();
  return created;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Every response waits for storage.durable() (the durability plugin), so commits need not each wait for the disk.
  // Every page is read once here, before the server writes (not on every CLI command or worker start).
  const storage = await openStorage(config, { durability: 'answer', verifyPages: true });

  const objectTypes = options.objectTypes ?? BUILTIN_OBJECT_TYPES;
  // A full or failing disk stops the start with one line naming the database, not a stack trace.
  const created = await prepareData(storage, clock, objectTypes).catch(async (err: unknown) => {
    await storage.close().catch(() => {});
    throw asStorageUnavailable(`Cannot write the database at ${storage.location}`, err);
  });
  if (created) {
    announce(`Created organization ${created.organization.id} with admin ${created.admin.email}.`);
    announce(`API key: ${created.plaintextKey}`);
    announce('Store this key now: it is shown only once.');
  }

  const rateLimiter =
    config.rateLimit === 0
      ? undefined
      : capabilitiesOf(storage.db).sharedRateLimits
        ? createSharedTokenBucketLimiter(storage.db, config.rateLimit)
        : createTokenBucketLimiter(config.rateLimit);
  let boundUrl = `http://localhost:${config.port}`;
  const publicUrl = () => config.publicUrl ?? boundUrl;
  const [blobs, secret] = await Promise.all([openBlobStore(config.files), fileUrlSecret(storage.db, clock.now())]).catch(async (err: unknown) => {
    await storage.close();
    throw err;
  });
  // A missing bucket or an unwritable directory stops the start, rather than fail every upload later.
  await blobs.check().catch(async (err: unknown) => {
    await blobs.close();
    await storage.close();
    throw new StorageUnavailableError(err instanceof Error ? err.message : String(err));
  });
  const relay = smtpRelay({ timeoutMs: config.mail.timeoutMs });
  const app = await buildApp({ config, storage, clock, rateLimiter, publicUrl, objectTypes, blobs, fileUrlSecret: secret, relay }, options);

  const purge = async () => {
    await purgeIdempotencyKeys(storage.db, new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS)).catch((err: unknown) =>
      app.log.warn({ err }, 'purging expired idempotency keys failed'),
    );
    // Sends whose process died while the relay had them (their lease lapsed): recorded, never resent.
    const settings = { jobs: { debounceMs: config.jobs.debounceMs, maxAttempts: config.jobs.maxAttempts } };
    await settleAbandonedSends({ db: storage.db, now: clock.now(), settings, objectTypes })
      .then((settled) => settled > 0 && app.log.warn({ settled }, 'recorded sends whose process stopped before the relay answered as sent'))
      .catch((err: unknown) => app.log.warn({ err }, 'settling abandoned sends failed'));
    await purgeExpiredTrash(storage.db, clock.now(), config.trashDays)
      .then((purged) => purged > 0 && app.log.info({ purged }, `purged records deleted over ${config.trashDays} days ago`))
      .catch((err: unknown) => app.log.warn({ err }, 'purging the trash failed'));
  };
  await purge();
  const purgeTimer = setInterval(purge, HOUR_MS).unref();

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    clearInterval(purgeTimer);
    await app.close();
    await blobs.close();
    await storage.close();
    throw err;
  }
  // The worker runs beside the API unless FIELDHOUSE_WORKER=off (then `fieldhouse worker` does the work).
  const worker = config.worker ? startJobWorker(config, storage, blobs, clock, app.log, options.summaryProvider) : undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  boundUrl = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  return {
    app,
    storage,
    blobs,
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        clearInterval(purgeTimer);
        await app.close();
        await worker?.stop();
        relay.close();
        await blobs.close();
        await storage.close();
      })()),
  };
}
