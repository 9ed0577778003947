import type { RecordScopeFamily } from '../access/scopes.js';
import { SYSTEM_DEFINITIONS } from '../definitions/system-definitions.js';
import { accountStatusEffect } from '../records/effects/account-status.js';
import { lastInteractionEffect } from '../records/effects/last-interaction.js';
import { summaryTrigger } from '../records/effects/summary-trigger.js';
import { presentMeetings } from '../meetings/meeting-view.js';
import { attendanceSyncEffect } from '../meetings/meeting-sync-effect.js';
import { presentEmails } from '../emails/email-view.js';
import { listEnvelope } from '../lists/list-view.js';
import { enrichmentTrigger } from '../enrichment/enrichment-trigger.js';
import { channelVisibility, messageVisibility } from '../channels/channel-visibility.js';
import { presentChannels, presentMessages } from '../channels/channel-view.js';
import { deriveAccountFields, deriveOpportunityFields, deriveTaskFields } from '../records/derived-fields.js';
import type { Lifecycle, ObjectType, ObjectTypeEntry, TypeBehaviour, WriteScopes } from './object-type.js';

/** Deletable with `{family}:delete`; with field history and merges where the public API has them. */
function lifecycle(family: RecordScopeFamily, more: Omit<Lifecycle, 'deleteScope' | 'updateScope'>): { lifecycle: Lifecycle } {
  return { lifecycle: { deleteScope: `${family}:delete`, updateScope: `${family}:update`, ...more } };
}

const FULL_LIFECYCLE = { fieldHistory: true, merge: true };
const DELETE_ONLY = { fieldHistory: false, merge: false };

/** The scopes of a type served as records: `accounts:read`, `accounts:create`, `accounts:update`. */
function recordScopes(family: RecordScopeFamily): { readScope: `${RecordScopeFamily}:read`; recordRoutes: WriteScopes } {
  return { readScope: `${family}:read`, recordRoutes: { create: `${family}:create`, update: `${family}:update` } };
}

/**
 * Every built-in object type and all that is particular to it. Create, update, the routes, the
 * seeding of definitions and the web pages read this; none of them tests a type's name.
 */
export const BUILTIN_OBJECT_TYPES = {
  account: {
    plural: 'accounts',
    ...lifecycle('accounts', FULL_LIFECYCLE),
    idPrefix: 'acc',
    label: 'Account',
    ...recordScopes('accounts'),
    store: 'records',
    customizable: true,
    definitions: SYSTEM_DEFINITIONS.account,
    derive: deriveAccountFields,
    enrichment: { entityType: 'account', targets: ['$name', '$howTheyMakeMoney', '$linkedIn', '$twitter', '$facebook', '$instagram'], source: { field: '$website', kind: 'website' } },
    effects: [
      enrichmentTrigger,
      summaryTrigger([{ linkType: 'opportunity.account', side: 'target' }]),
      attendanceSyncEffect({ kind: 'account', links: [{ end: { linkType: 'account.contact', side: 'source' }, otherKind: 'contact' }] }),
    ],
  },
  contact: {
    plural: 'contacts',
    ...lifecycle('contacts', FULL_LIFECYCLE),
    idPrefix: 'con',
    label: 'Contact',
    ...recordScopes('contacts'),
    store: 'records',
    customizable: true,
    definitions: SYSTEM_DEFINITIONS.contact,
    enrichment: { entityType: 'contact', targets: ['$account'], source: { field: '$email', kind: 'work email' } },
    effects: [
      enrichmentTrigger,
      summaryTrigger([
        { linkType: 'opportunity.champion', side: 'target' },
        { linkType: 'opportunity.evaluator', side: 'target' },
      ]),
      attendanceSyncEffect({ kind: 'contact', addressField: '$email', links: [{ end: { linkType: 'account.contact', side: 'target' } }] }),
    ],
  },
  opportunity: {
    plural: 'opportunities',
    ...lifecycle('opportunities', { ...FULL_LIFECYCLE, mergeWithin: { linkType: 'opportunity.account', side: 'source' } }),
    idPrefix: 'opp',
    label: 'Opportunity',
    ...recordScopes('opportunities'),
    store: 'records',
    customizable: true,
    definitions: SYSTEM_DEFINITIONS.opportunity,
    derive: deriveOpportunityFields,
    effects: [
      accountStatusEffect,
      summaryTrigger('self'),
      attendanceSyncEffect({
        kind: 'opportunity',
        fields: ['$stage', '$closeDate'],
        links: [
          { end: { linkType: 'opportunity.account', side: 'source' }, otherKind: 'account' },
          { end: { linkType: 'opportunity.champion', side: 'source' }, otherKind: 'contact' },
          { end: { linkType: 'opportunity.evaluator', side: 'source' }, otherKind: 'contact' },
        ],
      }),
    ],
  },
  task: {
    plural: 'tasks',
    ...lifecycle('tasks', DELETE_ONLY),
    idPrefix: 'tsk',
    label: 'Task',
    ...recordScopes('tasks'),
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.task,
    derive: deriveTaskFields,
    effects: [lastInteractionEffect, summaryTrigger([{ linkType: 'task.opportunity', side: 'source' }])],
  },
  note: {
    plural: 'notes',
    ...lifecycle('notes', DELETE_ONLY),
    idPrefix: 'nte',
    label: 'Note',
    ...recordScopes('notes'),
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.note,
    effects: [lastInteractionEffect, summaryTrigger([{ linkType: 'note.opportunity', side: 'source' }])],
  },
  meeting: {
    plural: 'meetings',
    ...lifecycle('meetings', DELETE_ONLY),
    idPrefix: 'mtg',
    label: 'Meeting',
    // Served by routes/meetings.ts: created only for the past, updated only in privacy and transcript.
    readScope: 'meetings:read',
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.meeting,
    effects: [lastInteractionEffect, summaryTrigger([{ linkType: 'meeting.opportunity', side: 'source' }])],
    present: presentMeetings,
  },
  email: {
    plural: 'emails',
    idPrefix: 'eml',
    label: 'Email',
    // Served by routes/emails.ts: written only by sending or drafting, never as a record.
    readScope: 'emails:read',
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.email,
    effects: [lastInteractionEffect],
    present: presentEmails,
  },
  member: {
    plural: 'members',
    idPrefix: 'mem',
    label: 'Member',
    // Members are people with keys, not records: served by routes/members.ts, never written over the API.
    readScope: 'members:read',
    store: 'members',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.member,
    effects: [],
  },
  list: {
    plural: 'lists',
    ...lifecycle('lists', { ...DELETE_ONLY, answer: listEnvelope }),
    idPrefix: 'lst',
    label: 'List',
    // A list is a record with a name and the type it holds; routes/lists.ts serves it and its members.
    readScope: 'lists:read',
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.list,
    effects: [],
  },
  file: {
    plural: 'files',
    idPrefix: 'fil',
    label: 'File',
    // Uploaded bytes, served by routes/files.ts; here so relationships (a meeting's transcript) can point at one.
    readScope: 'files:read',
    store: 'files',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.file,
    effects: [],
  },
  channel: {
    plural: 'channels',
    idPrefix: 'chn',
    label: 'Channel',
    // Brought in by routes/channels.ts (admin intake) and `fieldhouse import slack`, never written as a record.
    readScope: 'channels:read',
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.channel,
    effects: [],
    present: presentChannels,
    visibility: channelVisibility,
  },
  message: {
    plural: 'messages',
    idPrefix: 'msg',
    label: 'Message',
    readScope: 'messages:read',
    store: 'records',
    customizable: false,
    definitions: SYSTEM_DEFINITIONS.message,
    effects: [lastInteractionEffect],
    present: presentMessages,
    visibility: messageVisibility,
  },
} as const satisfies Record<ObjectType, ObjectTypeEntry>;

/** What every custom object type shares: records under `/v1/objects/{slug}/values`, the `objects:*` scopes. */
export const CUSTOM_OBJECT_TYPE = {
  idPrefix: 'rec',
  readScope: 'objects:read',
  store: 'records',
  recordRoutes: { create: 'objects:create', update: 'objects:update' },
  customizable: true,
  effects: [],
  lifecycle: { deleteScope: 'objects:delete', updateScope: 'objects:update', fieldHistory: true, merge: true },
} as const satisfies TypeBehaviour & Pick<ObjectTypeEntry, 'recordRoutes'>;
