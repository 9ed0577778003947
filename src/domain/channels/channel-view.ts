import { selectLinksOf } from '../../storage/record-links.js';
import { findRecords } from '../../storage/records.js';
import { loadDefinitions } from '../definitions/load.js';
import type { AccessLevel } from '../meetings/meeting-view.js';
import { linkedIds } from '../records/links.js';
import type { PresentRecords } from '../records/present.js';
import { parseStoredFields, type RecordView } from '../records/render-record.js';
import { CHANNEL_MEMBERS, MESSAGE_CHANNEL, publicOption } from './channel-visibility.js';

export const presentChannels: PresentRecords = async ({ views }) => views.map((view) => ({ ...view, objectType: 'channel' }));

/** A message as one caller reads it: at METADATA, without its text. */
export function presentMessage(view: RecordView, accessLevel: AccessLevel): RecordView {
  const shown: RecordView = { ...view, objectType: 'message', accessLevel };
  if (accessLevel === 'FULL' || !view.fields.$text) return shown;
  return { ...shown, fields: { ...view.fields, $text: { ...view.fields.$text, value: null } } };
}

/**
 * Whoever sees a message's channel sees the message; its text, though, only a member of a private
 * channel reads. An admin who is not one sees that the message exists (METADATA).
 */
export const presentMessages: PresentRecords = async ({ db, organizationId, views, links, readerId }) => {
  const channelOf = new Map(views.map((view) => [view.id, linkedIds(MESSAGE_CHANNEL, view.id, links)[0]]));
  const channelIds = [...new Set([...channelOf.values()].filter((id): id is string => id !== undefined))];
  if (readerId === undefined || channelIds.length === 0) return views.map((view) => presentMessage(view, 'FULL'));
  const [channels, channelLinks, defs] = await Promise.all([findRecords(db, organizationId, channelIds), selectLinksOf(db, channelIds), loadDefinitions(db, organizationId, 'channel')]);
  const publicId = publicOption(defs);
  const fullIn = new Set(
    channels.filter((row) => parseStoredFields(row).$visibility === publicId || linkedIds(CHANNEL_MEMBERS, row.id, channelLinks).includes(readerId)).map((row) => row.id),
  );
  return views.map((view) => {
    const channel = channelOf.get(view.id);
    return presentMessage(view, channel !== undefined && fullIn.has(channel) ? 'FULL' : 'METADATA');
  });
};
