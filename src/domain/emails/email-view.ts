import { membersSharingMail } from '../../storage/mailboxes.js';
import type { AccessLevel } from '../meetings/meeting-view.js';
import type { LinkEnd } from '../records/links.js';
import { linkedIds } from '../records/links.js';
import type { PresentRecords } from '../records/present.js';
import type { RecordView } from '../records/render-record.js';

/** Whose mailbox an email was sent or drafted from: a link no definition shows, kept for privacy. */
export const EMAIL_SENDER: LinkEnd = { linkType: 'email.sender', side: 'source' };

/** An email as one caller reads it: at METADATA, no subject, no body, no Bcc (the sender's secret) and no attachments. */
export function presentEmail(view: RecordView, accessLevel: AccessLevel): RecordView {
  const shown: RecordView = { ...view, objectType: 'email', accessLevel };
  if (accessLevel === 'FULL') return shown;
  const { $attachments: _hidden, ...relationships } = view.relationships;
  const fields = { ...view.fields };
  for (const key of ['$subject', '$body']) if (fields[key]) fields[key] = { ...fields[key], value: null };
  if (fields.$bcc) fields.$bcc = { ...fields.$bcc, value: [] };
  return { ...shown, fields, relationships };
}

/** A member reads their own mail in full, and another's when that member shares their mailbox. */
export const presentEmails: PresentRecords = async ({ db, organizationId, views, links, readerId }) => {
  const sharing = views.length > 0 ? await membersSharingMail(db, organizationId) : new Set<string>();
  return views.map((view) => {
    const sender = linkedIds(EMAIL_SENDER, view.id, links)[0];
    const full = sender !== undefined && (sender === readerId || sharing.has(sender));
    return presentEmail(view, full ? 'FULL' : 'METADATA');
  });
};

/** A list item: the body is read one email at a time. */
export function emailListItem(view: RecordView): RecordView {
  const { $body: _body, ...fields } = view.fields;
  return { ...view, fields };
}
