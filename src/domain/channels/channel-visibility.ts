import { filterOptionId } from '../values/select-options.js';
import { fieldContext } from '../definitions/field-context.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { FilterNode } from '../list-queries/filter-nodes.js';
import type { LinkEnd } from '../records/links.js';
import type { VisibilityRule } from '../records/visibility.js';

/** A channel's members, from the channel. */
export const CHANNEL_MEMBERS: LinkEnd = { linkType: 'channel.member', side: 'source' };
/** The channel a message was posted to, from the message. */
export const MESSAGE_CHANNEL: LinkEnd = { linkType: 'message.channel', side: 'source' };

/** The id of this organization's PUBLIC option of `$visibility`. */
export function publicOption(channelDefs: ObjectDefinitions): string | undefined {
  const visibility = channelDefs.fields.find((f) => f.key === '$visibility');
  return visibility && filterOptionId('PUBLIC', fieldContext(visibility, 'US'));
}

/**
 * The channels hidden from `memberId`: those not PUBLIC (PRIVATE, or with no visibility at all:
 * a channel is shown to everyone only when it says so) that it is not a member of.
 */
function hiddenChannels(channelDefs: ObjectDefinitions, memberId: string): readonly FilterNode[] {
  const notMember: FilterNode = { kind: 'link', ...CHANNEL_MEMBERS, otherId: memberId, negate: true };
  const publicId = publicOption(channelDefs);
  if (!publicId) return [notMember];
  return [{ kind: 'term', fieldKey: '$visibility', condition: { kind: 'compare', column: 'text', op: '=', value: publicId }, negate: true }, notMember];
}

/** A private channel is seen by its members (and admins) only. */
export const channelVisibility: VisibilityRule = async (memberId, definitionsOf) => {
  const hidden = hiddenChannels(await definitionsOf('channel'), memberId);
  return [{ kind: 'all', filters: hidden, negate: true }];
};

/** A message is seen by whoever sees its channel. */
export const messageVisibility: VisibilityRule = async (memberId, definitionsOf) => {
  const hidden = hiddenChannels(await definitionsOf('channel'), memberId);
  return [{ kind: 'linkedTo', ...MESSAGE_CHANNEL, objectType: 'channel', filters: hidden, negate: true }];
};
