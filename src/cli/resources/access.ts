import type { Command } from 'commander';
import { action, listCommand, resourceCommand, type ListFlags } from './shared.js';

// Who is asking: `fieldhouse member list|retrieve` and `fieldhouse auth validate`.

export function registerAccessResources(program: Command): void {
  const member = resourceCommand(program, 'member', 'members of the organization (read-only)');
  listCommand(member, false).action(action((client, flags: ListFlags) => client.member.list({ limit: flags.limit, offset: flags.offset })));
  member
    .command('retrieve')
    .description('one member by id')
    .argument('<id>')
    .action(action((client, id: string) => client.member.retrieve(id)));

  const auth = resourceCommand(program, 'auth', 'the API key in use');
  auth
    .command('validate')
    .description('check the key and show its scopes (none: full access)')
    .action(action((client) => client.auth.validate()));
}
