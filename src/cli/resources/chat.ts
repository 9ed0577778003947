import type { Command } from 'commander';
import { action, IDEMPOTENCY_KEY, jsonObject, listCommand, resourceCommand, writeBody, writeOptions, type ListFlags, type WriteFlags } from './shared.js';

// `fieldhouse channel …` and `fieldhouse message …`: chat channels and their messages (spec/newer-api.md).

type ExternalWriteFlags = WriteFlags & { externalId?: string };

function channelBody(flags: ExternalWriteFlags): Record<string, unknown> {
  return { ...writeBody(flags), ...(flags.externalId !== undefined && { externalId: flags.externalId }) };
}

export function registerChatResources(program: Command): void {
  const channel = resourceCommand(program, 'channel', 'chat channels (Slack, Teams, LinkedIn, other)');
  listCommand(channel, false).action(action((client, flags: ListFlags) => client.channel.list({ limit: flags.limit, offset: flags.offset })));
  channel
    .command('retrieve')
    .description('one channel by id')
    .argument('<id>')
    .action(action((client, id: string) => client.channel.retrieve(id)));
  channel
    .command('create')
    .description('create a channel (admin); an --external-id already taken updates that channel instead')
    .requiredOption('--fields <json>', 'e.g. \'{"$name": "general", "$provider": "SLACK", "$visibility": "PRIVATE"}\'', jsonObject('--fields'))
    .option('--relationships <json>', 'members, e.g. \'{"$member": ["mem_…"]}\'', jsonObject('--relationships'))
    .option('--external-id <id>', "the channel's id at its provider, e.g. slack:C0123")
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, flags: ExternalWriteFlags) => client.channel.create(channelBody(flags) as never, writeOptions(flags))));

  const message = resourceCommand(program, 'message', 'chat messages of the channels you may see');
  listCommand(message, false).action(action((client, flags: ListFlags) => client.message.list({ limit: flags.limit, offset: flags.offset })));
  message
    .command('retrieve')
    .description('one message by id, with its accessLevel')
    .argument('<id>')
    .action(action((client, id: string) => client.message.retrieve(id)));
  message
    .command('create')
    .description('add a message to a channel (admin); an --external-id already taken answers that message instead')
    .requiredOption('--channel <id>', 'the channel (chn_…)')
    .requiredOption('--fields <json>', 'e.g. \'{"$text": "Hi", "$sentAt": "2026-01-02T10:00:00Z", "$senderEmail": "ada@acme.com"}\'', jsonObject('--fields'))
    .option('--external-id <id>', "the message's id at its provider, e.g. slack:C0123:1700000000.000100")
    .option(...IDEMPOTENCY_KEY)
    .action(
      action((client, flags: ExternalWriteFlags & { channel: string }) =>
        client.channel.createMessage(flags.channel, { fields: flags.fields, ...(flags.externalId !== undefined && { externalId: flags.externalId }) } as never, writeOptions(flags)),
      ),
    );
}
