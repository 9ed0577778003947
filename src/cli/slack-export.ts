import path from 'node:path';
import yauzl from 'yauzl';

// Reads a standard Slack workspace export (Workspace settings → Import/export data → Export): a zip
// holding users.json, channels.json (public channels; some exports also list private ones there
// with `is_private`), groups.json (private channels), and one folder per channel, named after it,
// of daily files YYYY-MM-DD.json, each a JSON array of messages. Direct messages (dms.json,
// mpims.json and their folders) are not channels of the workspace and are left out. Nothing here
// talks to a server: import-slack.ts does.

/** The export is unusable; `file` names the entry inside the zip that was bad (or the zip itself). */
export class SlackExportError extends Error {
  override name = 'SlackExportError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface SlackUser {
  id: string;
  /** The handle (`name`). */
  name: string;
  /** `profile.real_name`, then `real_name`, then the handle. */
  displayName: string;
  /** `profile.email`, lowercased; null for bots and guests without one. */
  email: string | null;
  isBot: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** User ids, as the export lists them (may be empty when the export has no member lists). */
  members: string[];
  /** The file that lists it: channels.json or groups.json. */
  file: string;
}

export interface SlackMessage {
  /** `ts`: the message's id within its channel, and when it was sent. */
  ts: string;
  /** The parent's `ts` for a message in a thread (the parent has its own `ts` here too). */
  threadTs: string | null;
  user: string | null;
  text: string;
  subtype: string | null;
  /** For bot messages: `username`, or `bot_profile.name`. */
  botName: string | null;
  /** `user_profile` embedded in the message, when the export has it (users deleted since). */
  profileName: string | null;
  /** The daily file it came from, e.g. `general/2024-01-02.json`. */
  file: string;
}

export interface SlackChannelExport {
  channel: SlackChannel;
  /** In file order (days ascending), then as each file lists them. */
  messages: SlackMessage[];
}

export interface SlackExport {
  users: Map<string, SlackUser>;
  channels: SlackChannelExport[];
  /** Folders of daily files that match no channel of channels.json or groups.json (DMs, others). */
  unmatchedFolders: string[];
}

/**
 * Subtypes that are the workspace talking about itself rather than people talking: joins,
 * leaves, topic/purpose/name changes, archiving, pins, bot installs, deleted-message tombstones.
 * They are skipped; everything else (plain messages, bot messages, file shares, thread
 * broadcasts, /me messages) is imported.
 */
export const SKIPPED_SUBTYPES: ReadonlySet<string> = new Set([
  'channel_join',
  'channel_leave',
  'group_join',
  'group_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_topic',
  'group_purpose',
  'group_name',
  'group_archive',
  'group_unarchive',
  'pinned_item',
  'unpinned_item',
  'bot_add',
  'bot_remove',
  'channel_convert_to_private',
  'channel_convert_to_public',
  'tombstone',
  'message_deleted',
]);

export function isSkippedMessage(raw: { type?: unknown; subtype?: unknown }): boolean {
  return raw.type !== 'message' || (typeof raw.subtype === 'string' && SKIPPED_SUBTYPES.has(raw.subtype));
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;
const TS = /^\d+(\.\d+)?$/;

/** Slack's `ts` (seconds with microseconds, as text) as an ISO 8601 instant, to the millisecond. */
export function slackTsToIso(ts: string): string {
  const [seconds, fraction = ''] = ts.split('.');
  const ms = Number(seconds) * 1000 + Number((fraction + '000').slice(0, 3));
  return new Date(ms).toISOString();
}

/** Every file entry of the zip, by its name, as text. Slack exports hold JSON only, so this stays small. */
async function readEntries(zipPath: string): Promise<Map<string, string>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: false });
  } catch (err) {
    throw new SlackExportError(zipPath, `not a readable zip file (${(err as Error).message})`);
  }
  const entries = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      // Only JSON is read: exports may carry other files (attachments some tools add) we do not need.
      if (!entry.fileName.endsWith('.json')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      entries.set(entry.fileName.replace(/\\/g, '/'), Buffer.concat(chunks).toString('utf8'));
    }
  } catch (err) {
    throw new SlackExportError(zipPath, `the zip is damaged (${(err as Error).message})`);
  } finally {
    zip.close();
  }
  return entries;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SlackExportError(file, `not valid JSON (${(err as Error).message})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function arrayOf(file: string, value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new SlackExportError(file, `expected a JSON array of ${what}`);
  return value.map((item, i) => {
    if (!isObject(item)) throw new SlackExportError(file, `entry ${i} is not an object`);
    return item;
  });
}

function parseUsers(file: string, value: unknown): Map<string, SlackUser> {
  const users = new Map<string, SlackUser>();
  arrayOf(file, value, 'users').forEach((raw, i) => {
    const id = text(raw.id);
    if (!id) throw new SlackExportError(file, `user ${i} has no id`);
    const profile = isObject(raw.profile) ? raw.profile : {};
    const name = text(raw.name) ?? id;
    users.set(id, {
      id,
      name,
      displayName: text(profile.real_name) ?? text(raw.real_name) ?? text(profile.display_name) ?? name,
      email: text(profile.email)?.toLowerCase() ?? null,
      isBot: raw.is_bot === true,
    });
  });
  return users;
}

function parseChannels(file: string, value: unknown, privateList: boolean): SlackChannel[] {
  return arrayOf(file, value, 'channels').map((raw, i) => {
    const id = text(raw.id);
    const name = text(raw.name);
    if (!id || !name) throw new SlackExportError(file, `channel ${i} has no id or name`);
    const members = Array.isArray(raw.members) ? raw.members.filter((m): m is string => typeof m === 'string') : [];
    return { id, name, isPrivate: privateList || raw.is_private === true || raw.is_group === true, members, file };
  });
}

function parseMessages(file: string, value: unknown): { messages: SlackMessage[]; skipped: number } {
  const messages: SlackMessage[] = [];
  let skipped = 0;
  arrayOf(file, value, 'messages').forEach((raw, i) => {
    if (isSkippedMessage(raw)) {
      skipped++;
      return;
    }
    const ts = typeof raw.ts === 'string' ? raw.ts : null;
    if (!ts || !TS.test(ts)) throw new SlackExportError(file, `message ${i} has no valid ts`);
    const threadTs = typeof raw.thread_ts === 'string' && TS.test(raw.thread_ts) ? raw.thread_ts : null;
    const botProfile = isObject(raw.bot_profile) ? raw.bot_profile : {};
    const userProfile = isObject(raw.user_profile) ? raw.user_profile : {};
    messages.push({
      ts,
      threadTs,
      user: text(raw.user),
      text: typeof raw.text === 'string' ? raw.text : '',
      subtype: text(raw.subtype),
      botName: text(raw.username) ?? text(botProfile.name),
      profileName: text(userProfile.real_name) ?? text(userProfile.display_name) ?? text(userProfile.name),
      file,
    });
  });
  return { messages, skipped };
}

export interface ReadResult extends SlackExport {
  /** Messages left out: see SKIPPED_SUBTYPES. */
  skipped: number;
}

/** Reads and checks the whole export; throws SlackExportError naming the entry that was bad. */
export async function readSlackExport(zipPath: string): Promise<ReadResult> {
  const entries = await readEntries(zipPath);
  // The export's files sit at the zip's root, or inside one folder when someone re-zipped it.
  const channelsFile = [...entries.keys()].filter((name) => path.posix.basename(name) === 'channels.json').sort((a, b) => a.length - b.length)[0];
  if (!channelsFile) throw new SlackExportError(zipPath, 'no channels.json: not a Slack workspace export');
  const root = path.posix.dirname(channelsFile) === '.' ? '' : `${path.posix.dirname(channelsFile)}/`;
  const at = (name: string) => `${root}${name}`;
  const usersText = entries.get(at('users.json'));
  if (usersText === undefined) throw new SlackExportError(zipPath, `no ${at('users.json')}: not a Slack workspace export`);
  const users = parseUsers(at('users.json'), parseJson(at('users.json'), usersText));

  const channels = new Map<string, SlackChannel>();
  for (const channel of parseChannels(channelsFile, parseJson(channelsFile, entries.get(channelsFile)!), false)) channels.set(channel.id, channel);
  const groupsText = entries.get(at('groups.json'));
  if (groupsText !== undefined) {
    for (const channel of parseChannels(at('groups.json'), parseJson(at('groups.json'), groupsText), true)) channels.set(channel.id, channel);
  }

  // Daily files by folder (the channel's name).
  const byFolder = new Map<string, string[]>();
  for (const name of entries.keys()) {
    if (!name.startsWith(root)) continue;
    const rest = name.slice(root.length).split('/');
    if (rest.length !== 2 || !DAY_FILE.test(rest[1]!)) continue;
    const files = byFolder.get(rest[0]!) ?? [];
    files.push(name);
    byFolder.set(rest[0]!, files);
  }

  let skipped = 0;
  const result: SlackChannelExport[] = [];
  const seenFolders = new Set<string>();
  for (const channel of [...channels.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    seenFolders.add(channel.name);
    const messages: SlackMessage[] = [];
    for (const file of (byFolder.get(channel.name) ?? []).sort()) {
      const parsed = parseMessages(file, parseJson(file, entries.get(file)!));
      messages.push(...parsed.messages);
      skipped += parsed.skipped;
    }
    result.push({ channel, messages });
  }
  const unmatchedFolders = [...byFolder.keys()].filter((folder) => !seenFolders.has(folder)).sort();
  return { users, channels: result, unmatchedFolders, skipped };
}
