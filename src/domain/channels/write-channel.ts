import type { RecordLinkRow } from '../../storage/schema.js';
import { findRecord } from '../../storage/records.js';
import { attendanceDiff } from '../meetings/attendance.js';
import { MESSAGE_REACHED, messageReach } from './message-sync.js';
import { builtinType } from '../objects.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from '../records/context.js';
import { linkedIds, linkRow } from '../records/links.js';
import { DomainError } from '../errors.js';
import { notFound } from '../records/read-records.js';
import { upsertRecord, type KeptLinks, type Upserted } from '../records/upsert-record.js';
import { MESSAGE_CHANNEL } from './channel-visibility.js';

export function channelType(ctx: Pick<RecordContext, 'objectTypes'>): ObjectTypeInfo {
  return builtinType('channel', ctx.objectTypes);
}

export function messageType(ctx: Pick<RecordContext, 'objectTypes'>): ObjectTypeInfo {
  return builtinType('message', ctx.objectTypes);
}

/** `POST /v1/channels`: a channel, or (under a known `externalId`) the channel brought in before, written again. */
export function writeChannel(ctx: RecordContext, body: unknown): Promise<Upserted> {
  return upsertRecord(ctx, channelType(ctx), body, { createDefaults: { $provider: 'OTHER', $visibility: 'PUBLIC' } });
}

/**
 * `POST /v1/channels/{id}/messages`: a message in the channel, its contacts matched from the
 * sender's address like a meeting's attendees, their accounts and opportunities derived from them.
 */
export async function writeMessage(ctx: RecordContext, channelId: string, body: unknown): Promise<Upserted> {
  const channels = channelType(ctx);
  if (!(await findRecord(ctx.db, ctx.organizationId, channels.objectType, channelId))) throw notFound(channels.collection);
  const kept: KeptLinks = {
    ends: [MESSAGE_CHANNEL, ...Object.values(MESSAGE_REACHED)],
    assertMayRewrite(recordId, links) {
      const current = linkedIds(MESSAGE_CHANNEL, recordId, links)[0];
      if (current !== undefined && current !== channelId) {
        throw new DomainError('conflict', `'externalId' names message ${recordId}, of another channel (${current}); a message stays in its channel.`, 'externalId');
      }
    },
    async wanted(trx, env, recordId, fields) {
      const at = env.now.toISOString();
      const reached = await messageReach(trx, env, fields);
      const links: RecordLinkRow[] = [linkRow(env.organizationId, MESSAGE_CHANNEL, recordId, channelId, at)];
      links.push(...attendanceDiff(env.organizationId, recordId, [], reached, at, MESSAGE_REACHED).added);
      return links;
    },
  };
  return upsertRecord(ctx, messageType(ctx), body, { kept });
}
