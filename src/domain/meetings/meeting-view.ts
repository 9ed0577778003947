import type { RecordLinkRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { LinkEnd } from '../records/links.js';
import { linkedIds } from '../records/links.js';
import type { PresentRecords } from '../records/present.js';
import type { RecordView } from '../records/render-record.js';

/**
 * Who created a meeting: a link no definition shows (meetings have no `$createdBy`), kept because
 * a METADATA meeting reads in full to its creator only.
 */
export const MEETING_CREATOR: LinkEnd = { linkType: 'meeting.createdBy', side: 'source' };

export type AccessLevel = 'FULL' | 'METADATA';

/** The option id a privacy label has in this organization's meeting definitions. */
export function privacyOption(defs: ObjectDefinitions, label: AccessLevel): string | undefined {
  return defs.fields.find((f) => f.key === '$privacySetting')?.config.options?.find((o) => o.label === label)?.id;
}

/** What `readerId` may see of a meeting: all of it, unless it is METADATA and someone else's. */
export function accessLevelOf(defs: ObjectDefinitions, view: RecordView, links: readonly RecordLinkRow[], readerId: string | undefined): AccessLevel {
  if (view.fields.$privacySetting?.value !== privacyOption(defs, 'METADATA')) return 'FULL';
  const creator = linkedIds(MEETING_CREATOR, view.id, links)[0];
  return readerId !== undefined && creator === readerId ? 'FULL' : 'METADATA';
}

/** A meeting as one caller reads it: `objectType` and `accessLevel` added; at METADATA, no description and no transcript. */
export function presentMeeting(view: RecordView, accessLevel: AccessLevel): RecordView {
  const shown: RecordView = { ...view, objectType: 'meeting', accessLevel };
  if (accessLevel === 'FULL') return shown;
  const { $transcript: _hidden, ...relationships } = view.relationships;
  const description = view.fields.$description;
  return {
    ...shown,
    fields: description ? { ...view.fields, $description: { ...description, value: null } } : view.fields,
    relationships,
  };
}

export const presentMeetings: PresentRecords = async ({ defs, views, links, readerId }) =>
  views.map((view) => presentMeeting(view, accessLevelOf(defs, view, links, readerId)));
