import { Command, InvalidArgumentError } from 'commander';
import { Lightfield, LightfieldError, type ChannelCreateMessageParams, type ChannelCreateParams } from '../../packages/sdk/src/index.js';
import { report } from './resources/index.js';
import { describeApiError } from './api-error-line.js';
import { importCsvCommand } from './import-csv.js';
import { startProgress } from './progress.js';
import { readSlackExport, SlackExportError, slackTsToIso, type SlackChannelExport, type SlackMessage, type SlackUser } from './slack-export.js';

// `fieldhouse import slack EXPORT.zip`: a Slack workspace export into channels and messages, over
// HTTP through the SDK with an admin key (LIGHTFIELD_BASE_URL, LIGHTFIELD_API_KEY). Every channel
// and message carries its Slack id as externalId (`slack:C…`, `slack:C…:TS`), which the server
// treats as "create or answer the existing one": running the import again, or after it stopped
// halfway, gives the same records.

interface ImportFlags {
  apiKey?: string;
  baseUrl?: string;
  concurrency: number;
}

export interface ImportSummary {
  channels: number;
  channelsCreated: number;
  messages: number;
  messagesCreated: number;
  skipped: number;
}

function positive(raw: string): number {
  if (!/^[1-9]\d*$/.test(raw)) throw new InvalidArgumentError('must be a whole number, 1 or more.');
  return Number(raw);
}

/** The API's complaint about one record, with the export file it came from. */
class ImportError extends LightfieldError {
  override name = 'ImportError';
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops the rest and is thrown. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const runner = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, runner));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

function sender(message: SlackMessage, users: Map<string, SlackUser>): { email: string | null; name: string | null } {
  const user = message.user ? users.get(message.user) : undefined;
  if (user) return { email: user.isBot ? null : user.email, name: user.displayName };
  // Bot messages (no user, or a bot user missing from users.json) are named after the bot.
  return { email: null, name: message.botName ?? message.profileName ?? message.user };
}

function messageBody(channelId: string, message: SlackMessage, users: Map<string, SlackUser>): ChannelCreateMessageParams {
  const from = sender(message, users);
  return {
    fields: {
      $text: message.text === '' ? null : message.text,
      $sentAt: slackTsToIso(message.ts),
      ...(from.email && { $senderEmail: from.email }),
      ...(from.name && { $senderName: from.name }),
    },
    externalId: `slack:${channelId}:${message.ts}`,
  };
}

/** The organization's members by lowercased email. */
async function membersByEmail(client: Lightfield): Promise<Map<string, string>> {
  const byEmail = new Map<string, string>();
  for await (const member of client.member.list({ limit: 25 })) {
    const email = member.fields.$email?.value;
    if (typeof email === 'string') byEmail.set(email.toLowerCase(), member.id);
  }
  return byEmail;
}

/**
 * The channel's members that are members of the organization, matched by email: the export's
 * member list, or, when it has none, the people who wrote in the channel.
 */
function channelMembers(entry: SlackChannelExport, users: Map<string, SlackUser>, members: Map<string, string>): string[] {
  const userIds = entry.channel.members.length > 0 ? entry.channel.members : entry.messages.map((m) => m.user).filter((u): u is string => u !== null);
  const ids = new Set<string>();
  for (const userId of userIds) {
    const email = users.get(userId)?.email;
    const memberId = email ? members.get(email) : undefined;
    if (memberId) ids.add(memberId);
  }
  return [...ids].sort();
}

export async function importSlack(zipPath: string, client: Lightfield, concurrency: number): Promise<ImportSummary> {
  const data = await readSlackExport(zipPath);
  const total = data.channels.reduce((n, c) => n + c.messages.length, 0);
  process.stderr.write(`Read ${zipPath}: ${data.users.size} users, ${data.channels.length} channels, ${total} messages (${data.skipped} join/leave/topic-like messages skipped).\n`);
  for (const folder of data.unmatchedFolders) process.stderr.write(`Skipping folder ${folder}/: no channel of that name in channels.json or groups.json (direct messages are not imported).\n`);

  const members = await membersByEmail(client);
  const summary: ImportSummary = { channels: 0, channelsCreated: 0, messages: 0, messagesCreated: 0, skipped: data.skipped };
  // A bar on a terminal; otherwise one plain line per channel, and one per thousand messages inside a long one.
  const progress = startProgress({
    total,
    unit: 'messages',
    barFormat: '{bar} {value}/{total} messages | #{channel}',
    payload: { channel: '' },
    every: 1000,
    everyLine: (p) => `#${p.channel}: ...`,
  });
  try {
    for (const entry of data.channels) {
      const { channel } = entry;
      progress.update({ channel: channel.name });
      const body: ChannelCreateParams = {
        fields: { $name: channel.name, $provider: 'SLACK', $visibility: channel.isPrivate ? 'PRIVATE' : 'PUBLIC' },
        relationships: { $member: channelMembers(entry, data.users, members) },
        externalId: `slack:${channel.id}`,
      };
      let created;
      try {
        created = await client.channel.create(body).withResponse();
      } catch (err) {
        throw new ImportError(`${channel.file}: channel ${channel.id} (#${channel.name}): ${describeApiError(err)}`);
      }
      summary.channels++;
      if (created.response.status === 201) summary.channelsCreated++;
      const channelId = created.data.id;
      let createdHere = 0;
      await pool(entry.messages, concurrency, async (message) => {
        let answer;
        try {
          answer = await client.channel.createMessage(channelId, messageBody(channel.id, message, data.users)).withResponse();
        } catch (err) {
          throw new ImportError(`${message.file}: message ${message.ts}: ${describeApiError(err)}`);
        }
        summary.messages++;
        if (answer.response.status === 201) {
          summary.messagesCreated++;
          createdHere++;
        }
        progress.tick();
      });
      progress.note(`#${channel.name} (${channel.isPrivate ? 'private' : 'public'}): ${entry.messages.length} messages, ${createdHere} new`);
    }
  } finally {
    progress.stop();
  }
  return summary;
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('bring in data from other tools, over the API (needs a running server and an admin key)');
  imports
    .command('slack')
    .description('a Slack workspace export (.zip): public and private channels, their messages and threads; safe to run again')
    .argument('<export>', 'the export zip')
    .option('--api-key <key>', 'an admin API key (default: LIGHTFIELD_API_KEY)')
    .option('--base-url <url>', 'server (default: LIGHTFIELD_BASE_URL, then http://localhost:8787)')
    .option('--concurrency <n>', 'messages sent at once', positive, 4)
    .action(async (zipPath: string, flags: ImportFlags) => {
      let client: Lightfield | undefined;
      try {
        if (!flags.apiKey && !process.env.LIGHTFIELD_API_KEY?.trim()) throw new LightfieldError('No API key: pass --api-key or set LIGHTFIELD_API_KEY.');
        client = new Lightfield({ apiKey: flags.apiKey, baseURL: flags.baseUrl });
        const s = await importSlack(zipPath, client, flags.concurrency);
        process.stdout.write(
          `Imported ${s.channels} channels (${s.channelsCreated} new), ${s.messages} messages (${s.messagesCreated} new); skipped ${s.skipped} messages.\n`,
        );
      } catch (err) {
        if (err instanceof SlackExportError || err instanceof ImportError) {
          process.stderr.write(`fieldhouse: ${err.message}\n`);
          process.exit(1);
        }
        report(err, client?.baseURL);
      }
    });
  imports.addCommand(importCsvCommand());
}
