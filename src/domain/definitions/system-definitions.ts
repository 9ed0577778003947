import type { ObjectType } from '../objects.js';
import type { HandleService, OptionStatus, TypeConfiguration, ValueTypeName } from '../values/value-type.js';
import type { Access, Cardinality } from './types.js';

/** A system field as data; ids are given per organization when it is seeded. */
export interface SystemField {
  key: string;
  label: string;
  valueType: ValueTypeName;
  access?: Access;
  required?: boolean;
  options?: Array<string | { label: string; status: OptionStatus }>;
  config?: Omit<TypeConfiguration, 'options'>;
}

export interface SystemRelationship {
  key: string;
  label: string;
  cardinality: Cardinality;
  targetType: ObjectType;
  linkType: string;
  side: 'source' | 'target';
  access?: Access;
  required?: boolean;
  derived?: boolean;
  readOnlyHint?: string;
  defaultsToActor?: boolean;
  /** Updates take only `add` and `remove`. */
  noReplace?: boolean;
}

const ro = { access: 'read-only' } as const;
const text = (key: string, label: string, extra: Partial<SystemField> = {}): SystemField => ({ key, label, valueType: 'TEXT', ...extra });
const social = (key: string, label: string, handleService: HandleService): SystemField => ({
  key,
  label,
  valueType: 'SOCIAL_HANDLE',
  config: { handleService },
});
const lastInteraction: SystemField = { key: '$lastInteractionAt', label: 'Last interaction', valueType: 'DATETIME', ...ro };

/** A relationship whose other side must be written instead. */
const inverse = (key: string, label: string, targetType: ObjectType, linkType: string, way: string): SystemRelationship => ({
  key,
  label,
  cardinality: 'HAS_MANY',
  targetType,
  linkType,
  side: 'target',
  ...ro,
  readOnlyHint: `Write ${way} instead.`,
});
const owner = (objectType: ObjectType): SystemRelationship => ({
  key: '$owner',
  label: 'Owner',
  cardinality: 'HAS_ONE',
  targetType: 'member',
  linkType: `${objectType}.owner`,
  side: 'source',
});
const createdBy = (objectType: ObjectType, access: Access = 'create-only'): SystemRelationship => ({
  key: '$createdBy',
  label: 'Created by',
  cardinality: 'HAS_ONE',
  targetType: 'member',
  linkType: `${objectType}.createdBy`,
  side: 'source',
  access,
  defaultsToActor: true,
});
/** The meetings a record took part in: the meeting's own system-managed links, read from this end. */
const meetings = (objectType: 'account' | 'contact' | 'opportunity', hint: string): SystemRelationship => ({
  key: '$meeting',
  label: 'Meetings',
  cardinality: 'HAS_MANY',
  targetType: 'meeting',
  linkType: `meeting.${objectType}`,
  side: 'target',
  ...ro,
  readOnlyHint: hint,
});
const REACHED_HINTS = {
  meeting: 'It follows the attendees of the meeting.',
  email: 'It follows the recipients of the email.',
  message: 'It follows the sender of the message.',
} as const;

/** A meeting's, email's or message's link the server keeps from who took part, never written over the API. */
const reached = (source: keyof typeof REACHED_HINTS, key: string, label: string, targetType: 'account' | 'contact' | 'opportunity'): SystemRelationship => ({
  key,
  label,
  cardinality: 'HAS_MANY',
  targetType,
  linkType: `${source}.${targetType}`,
  side: 'source',
  ...ro,
  readOnlyHint: REACHED_HINTS[source],
});

export const STAGE_OPTIONS = [
  { label: 'Prospecting', status: 'OPEN' },
  { label: 'Qualification', status: 'OPEN' },
  { label: 'Demo', status: 'OPEN' },
  { label: 'Proposal', status: 'OPEN' },
  { label: 'Negotiation', status: 'OPEN' },
  { label: 'Closed Won', status: 'WON' },
  { label: 'Closed Lost', status: 'LOST' },
] as const satisfies ReadonlyArray<{ label: string; status: OptionStatus }>;

/** Labels of `$opportunityStatus`, by the stage status they mirror. */
export const OPPORTUNITY_STATUS_LABELS: Record<OptionStatus, string> = { OPEN: 'Open', WON: 'Won', LOST: 'Lost' };
export const ACCOUNT_STATUS_LABELS = { customer: 'Customer', pipeline: 'In pipeline', prospect: 'Prospect' } as const;

/** The system fields and relationships of one object type, in display order. */
export interface SystemDefinitions {
  fields: readonly SystemField[];
  relationships: readonly SystemRelationship[];
}

export const SYSTEM_DEFINITIONS: Record<ObjectType, SystemDefinitions> = {
  opportunity: {
    fields: [
      text('$name', 'Name', { required: true }),
      { key: '$stage', label: 'Stage', valueType: 'SINGLE_SELECT', required: true, options: [...STAGE_OPTIONS] },
      { key: '$opportunityStatus', label: 'Status', valueType: 'SINGLE_SELECT', ...ro, options: Object.values(OPPORTUNITY_STATUS_LABELS) },
      // No currency of its own: definitions show the deployment's FIELDHOUSE_CURRENCY.
      { key: '$amount', label: 'Amount', valueType: 'CURRENCY' },
      { key: '$closeDate', label: 'Close date', valueType: 'DATETIME' },
      { key: '$nextSteps', label: 'Next steps', valueType: 'MARKDOWN' },
      { key: '$summary', label: 'Summary', valueType: 'MARKDOWN', ...ro },
      { key: '$summaryGeneratedAt', label: 'Summary generated at', valueType: 'DATETIME', ...ro },
      lastInteraction,
    ],
    relationships: [
      { key: '$account', label: 'Account', cardinality: 'HAS_ONE', targetType: 'account', linkType: 'opportunity.account', side: 'source', required: true },
      owner('opportunity'),
      createdBy('opportunity'),
      { key: '$champion', label: 'Champion', cardinality: 'HAS_ONE', targetType: 'contact', linkType: 'opportunity.champion', side: 'source' },
      { key: '$evaluator', label: 'Evaluator', cardinality: 'HAS_ONE', targetType: 'contact', linkType: 'opportunity.evaluator', side: 'source' },
      inverse('$task', 'Tasks', 'task', 'task.opportunity', 'task.$opportunity'),
      inverse('$note', 'Notes', 'note', 'note.opportunity', 'note.$opportunity'),
      meetings('opportunity', 'Meetings are linked through the attendees of the meeting.'),
    ],
  },
  account: {
    fields: [
      text('$name', 'Name', { required: true }),
      { key: '$website', label: 'Website', valueType: 'URL', config: { multipleValues: true } },
      {
        key: '$industry',
        label: 'Industry',
        valueType: 'MULTI_SELECT',
        options: ['Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education', 'Media', 'Other'],
      },
      {
        key: '$headcount',
        label: 'Headcount',
        valueType: 'SINGLE_SELECT',
        options: ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'],
      },
      {
        key: '$lastFundingType',
        label: 'Last funding type',
        valueType: 'SINGLE_SELECT',
        options: ['Pre-Seed', 'Seed', 'Series A', 'Series B', 'Series C', 'Series D+', 'Private Equity', 'Public', 'Bootstrapped'],
      },
      social('$linkedIn', 'LinkedIn', 'LINKEDIN'),
      social('$twitter', 'Twitter', 'TWITTER'),
      social('$facebook', 'Facebook', 'FACEBOOK'),
      social('$instagram', 'Instagram', 'INSTAGRAM'),
      { key: '$primaryAddress', label: 'Primary address', valueType: 'ADDRESS' },
      { key: '$accountStatus', label: 'Account status', valueType: 'SINGLE_SELECT', ...ro, options: Object.values(ACCOUNT_STATUS_LABELS) },
      { key: '$howTheyMakeMoney', label: 'How they make money', valueType: 'MARKDOWN', ...ro },
      lastInteraction,
    ],
    relationships: [
      owner('account'),
      { key: '$contact', label: 'Contacts', cardinality: 'HAS_MANY', targetType: 'contact', linkType: 'account.contact', side: 'source' },
      inverse('$opportunity', 'Opportunities', 'opportunity', 'opportunity.account', 'opportunity.$account'),
      inverse('$task', 'Tasks', 'task', 'task.account', 'task.$account'),
      inverse('$note', 'Notes', 'note', 'note.account', 'note.$account'),
      meetings('account', 'Meetings are linked through the attendees of the meeting.'),
    ],
  },
  contact: {
    fields: [
      { key: '$name', label: 'Name', valueType: 'FULL_NAME' },
      { key: '$email', label: 'Email', valueType: 'EMAIL', config: { multipleValues: true, unique: true } },
      { key: '$phone', label: 'Phone', valueType: 'TELEPHONE', config: { multipleValues: true } },
      text('$title', 'Title'),
      { key: '$profilePhotoUrl', label: 'Profile photo', valueType: 'URL', config: { multipleValues: false } },
      social('$linkedIn', 'LinkedIn', 'LINKEDIN'),
      social('$twitter', 'Twitter', 'TWITTER'),
      { key: '$doNotContact', label: 'Do not contact', valueType: 'CHECKBOX' },
      lastInteraction,
    ],
    relationships: [
      { key: '$account', label: 'Accounts', cardinality: 'HAS_MANY', targetType: 'account', linkType: 'account.contact', side: 'target' },
      owner('contact'),
      meetings('contact', 'Meetings are linked through their attendees.'),
    ],
  },
  task: {
    fields: [
      text('$title', 'Title', { required: true }),
      { key: '$status', label: 'Status', valueType: 'SINGLE_SELECT', required: true, options: ['TODO', 'IN_PROGRESS', 'COMPLETE', 'CANCELLED'] },
      { key: '$description', label: 'Description', valueType: 'MARKDOWN' },
      { key: '$dueAt', label: 'Due at', valueType: 'DATETIME' },
      { key: '$completedAt', label: 'Completed at', valueType: 'DATETIME', ...ro },
    ],
    relationships: [
      { key: '$assignedTo', label: 'Assigned to', cardinality: 'HAS_ONE', targetType: 'member', linkType: 'task.assignedTo', side: 'source', required: true },
      { key: '$account', label: 'Account', cardinality: 'HAS_ONE', targetType: 'account', linkType: 'task.account', side: 'source' },
      { key: '$opportunity', label: 'Opportunity', cardinality: 'HAS_ONE', targetType: 'opportunity', linkType: 'task.opportunity', side: 'source' },
      createdBy('task'),
    ],
  },
  note: {
    fields: [text('$title', 'Title', { required: true }), { key: '$content', label: 'Content', valueType: 'MARKDOWN' }],
    relationships: [
      { key: '$account', label: 'Accounts', cardinality: 'HAS_MANY', targetType: 'account', linkType: 'note.account', side: 'source', noReplace: true },
      { key: '$opportunity', label: 'Opportunities', cardinality: 'HAS_MANY', targetType: 'opportunity', linkType: 'note.opportunity', side: 'source', noReplace: true },
      createdBy('note', 'read-only'),
    ],
  },
  // Only `$privacySetting` changes after create: a meeting is a record of what happened.
  meeting: {
    fields: [
      text('$title', 'Title', { required: true, access: 'create-only' }),
      { key: '$startDate', label: 'Start date', valueType: 'DATETIME', required: true, access: 'create-only' },
      { key: '$endDate', label: 'End date', valueType: 'DATETIME', required: true, access: 'create-only' },
      { key: '$description', label: 'Description', valueType: 'MARKDOWN', access: 'create-only' },
      { key: '$meetingUrl', label: 'Meeting URL', valueType: 'URL', access: 'create-only', config: { multipleValues: false } },
      { key: '$organizerEmail', label: 'Organizer email', valueType: 'EMAIL', access: 'create-only', config: { multipleValues: false } },
      { key: '$attendeeEmails', label: 'Attendee emails', valueType: 'EMAIL', access: 'create-only', config: { multipleValues: true } },
      { key: '$privacySetting', label: 'Privacy setting', valueType: 'SINGLE_SELECT', options: ['FULL', 'METADATA'] },
    ],
    relationships: [
      // Writable on create; an update may only replace it (domain/meetings enforces that).
      { key: '$transcript', label: 'Transcript', cardinality: 'HAS_ONE', targetType: 'file', linkType: 'meeting.transcript', side: 'source' },
      reached('meeting', '$contact', 'Contacts', 'contact'),
      reached('meeting', '$account', 'Accounts', 'account'),
      reached('meeting', '$opportunity', 'Opportunities', 'opportunity'),
    ],
  },
  // Written by `email.send` and `email.draft` only; nothing of an email is written over the record API.
  email: {
    fields: [
      text('$subject', 'Subject', ro),
      { key: '$sentAt', label: 'Sent at', valueType: 'DATETIME', ...ro },
      { key: '$from', label: 'From', valueType: 'EMAIL', ...ro, config: { multipleValues: true } },
      { key: '$to', label: 'To', valueType: 'EMAIL', ...ro, config: { multipleValues: true } },
      { key: '$cc', label: 'Cc', valueType: 'EMAIL', ...ro, config: { multipleValues: true } },
      { key: '$bcc', label: 'Bcc', valueType: 'EMAIL', ...ro, config: { multipleValues: true } },
      // The public shape carries it; who reads an email in full follows its sender's mailbox instead.
      text('$privacySetting', 'Privacy setting', ro),
      { key: '$body', label: 'Body', valueType: 'HTML', ...ro },
    ],
    relationships: [
      reached('email', '$contact', 'Contacts', 'contact'),
      reached('email', '$account', 'Accounts', 'account'),
      reached('email', '$opportunity', 'Opportunities', 'opportunity'),
      { key: '$attachments', label: 'Attachments', cardinality: 'HAS_MANY', targetType: 'file', linkType: 'email.attachment', side: 'source', ...ro, readOnlyHint: 'Attachments are sent with the email.' },
    ],
  },
  // What a list may hold is these relationships' targets; its members are list_members rows, not links.
  list: {
    fields: [text('$name', 'Name', { required: true }), text('$objectType', 'Object type', { required: true, access: 'create-only' })],
    relationships: [
      { key: '$accounts', label: 'Accounts', cardinality: 'HAS_MANY', targetType: 'account', linkType: 'list.member', side: 'source', noReplace: true },
      { key: '$contacts', label: 'Contacts', cardinality: 'HAS_MANY', targetType: 'contact', linkType: 'list.member', side: 'source', noReplace: true },
      { key: '$opportunities', label: 'Opportunities', cardinality: 'HAS_MANY', targetType: 'opportunity', linkType: 'list.member', side: 'source', noReplace: true },
    ],
  },
  // Brought in by the admin intake routes and `fieldhouse import slack`; read by who may see them.
  channel: {
    fields: [
      text('$name', 'Name', { required: true }),
      { key: '$provider', label: 'Provider', valueType: 'SINGLE_SELECT', options: ['SLACK', 'TEAMS', 'LINKEDIN', 'OTHER'] },
      { key: '$visibility', label: 'Visibility', valueType: 'SINGLE_SELECT', options: ['PUBLIC', 'PRIVATE'] },
    ],
    relationships: [{ key: '$member', label: 'Members', cardinality: 'HAS_MANY', targetType: 'member', linkType: 'channel.member', side: 'source' }],
  },
  message: {
    fields: [
      { key: '$text', label: 'Text', valueType: 'MARKDOWN' },
      { key: '$sentAt', label: 'Sent at', valueType: 'DATETIME', required: true },
      { key: '$senderEmail', label: 'Sender email', valueType: 'EMAIL', config: { multipleValues: false } },
      text('$senderName', 'Sender name'),
    ],
    relationships: [
      {
        key: '$channel',
        label: 'Channel',
        cardinality: 'HAS_ONE',
        targetType: 'channel',
        linkType: 'message.channel',
        side: 'source',
        ...ro,
        readOnlyHint: 'A message is posted to a channel: POST /v1/channels/{id}/messages.',
      },
      reached('message', '$contact', 'Contacts', 'contact'),
      reached('message', '$account', 'Accounts', 'account'),
      reached('message', '$opportunity', 'Opportunities', 'opportunity'),
    ],
  },
  member: {
    fields: [
      { key: '$name', label: 'Name', valueType: 'FULL_NAME', ...ro },
      { key: '$email', label: 'Email', valueType: 'EMAIL', ...ro, config: { multipleValues: false } },
      { key: '$profileImage', label: 'Profile image', valueType: 'URL', ...ro, config: { multipleValues: false } },
      text('$role', 'Role', ro),
    ],
    relationships: [],
  },
  // Files are not records: a meeting's transcript points at one, and nothing is defined on them.
  file: { fields: [], relationships: [] },
};
