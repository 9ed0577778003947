import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { ObjectTypeRegistry } from '../domain/object-types/object-type.js';
import type { MailRelay } from '../mail/smtp-relay.js';
import type { BlobStore } from '../storage/blobs/blob-store.js';
import type { Storage } from '../storage/database.js';
import type { RateLimiter } from './rate-limit/token-bucket.js';

/** Everything the HTTP layer is given from outside; tests build their own. */
export interface AppContext {
  config: Config;
  storage: Storage;
  clock: Clock;
  /** Base of every `httpLink`: the configured public URL, or this server's own address once it listens. */
  publicUrl(): string;
  /** Absent when rate limiting is disabled. */
  rateLimiter: RateLimiter | undefined;
  /** The object types served: their record routes, scopes and write effects. */
  objectTypes: ObjectTypeRegistry;
  /** Where uploaded files' bytes live. */
  blobs: BlobStore;
  /** The key of signed upload and download URLs, shared by every process on the database. */
  fileUrlSecret: string;
  /** Where sent mail leaves fieldhouse: the SMTP relay of the sender's mailbox. */
  relay: MailRelay;
}
