import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { MailRelay } from '../../mail/smtp-relay.js';
import type { RecordContext } from '../records/context.js';

/** What sending needs beside a record write: the relay, the attachments' bytes, and durability. */
export interface MailContext extends RecordContext {
  relay: MailRelay;
  blobs: BlobStore;
  /** FIELDHOUSE_SMTP_URL: the relay of every mailbox that names none. */
  serverSmtpUrl: string | undefined;
  /** Resolves once every write committed so far is on disk. */
  durable(): Promise<void>;
  /** How long a send's lease lasts; it is renewed a third of the way through. */
  leaseMs: number;
  /** The time as the lease is renewed, during the send. */
  clock(): Date;
}
