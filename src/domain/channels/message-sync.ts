import type { DB } from '../../storage/database.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { StoredFields } from '../object-types/object-type.js';
import { attendanceDiff, reachedEnds, reachedThrough, type Attendance } from '../meetings/attendance.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { parseStoredFields } from '../records/render-record.js';
import { applyWrite } from '../records/write-path.js';

/** A message's system-managed links, from the message: the contacts its sender is, their accounts and opportunities. */
export const MESSAGE_REACHED = reachedEnds('message', 'source');

/** The same links from the record's end: the messages a contact, account or opportunity was reached by. */
export const MESSAGES_OF = reachedEnds('message', 'target');

/** The fields a message's contacts are matched from. */
export const SENDER_FIELDS = ['$senderEmail'] as const;

function senderAddresses(fields: StoredFields): string[] {
  const sender = fields.$senderEmail;
  const all = Array.isArray(sender) ? sender : typeof sender === 'string' ? [sender] : [];
  return all.filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase());
}

/** Whom a message reached: the contacts its sender's address is, from when it was sent. */
export function messageReach(trx: DB, env: WriteEnv, fields: StoredFields): Promise<Attendance> {
  return reachedThrough(trx, env, senderAddresses(fields), typeof fields.$sentAt === 'string' ? fields.$sentAt : env.now.toISOString());
}

/**
 * Derives a message's contacts, accounts and opportunities again after what they come from
 * changed (a contact created with its sender's address after an import, a contact's accounts),
 * through the write path, so interactions follow. `updatedAt` stays.
 */
export async function resyncMessage(trx: DB, env: WriteEnv, messageId: string): Promise<void> {
  const type = env.typeOf('message');
  const row = await findRecord(trx, env.organizationId, type.objectType, messageId);
  if (!row) return;
  const fields = parseStoredFields(row);
  const links = await selectLinksOf(trx, [messageId]);
  const { added, removed } = attendanceDiff(env.organizationId, messageId, links, await messageReach(trx, env, fields), env.now.toISOString(), MESSAGE_REACHED);
  if (added.length === 0 && removed.length === 0) return;
  const defs = await env.definitionsOf(trx, type.objectType);
  await applyWrite(trx, env, { type, defs, origin: 'update', recordId: messageId, row, fields, links, added, removed, countsAsUpdate: false });
}
