import type { Command } from 'commander';
import { createApiKey, listKeys, revokeKey } from '../domain/access/api-keys.js';
import { DomainError } from '../domain/errors.js';
import { resolveOrganization } from '../domain/organizations.js';
import { findMemberByEmail, listMembers } from '../storage/members.js';
import type { CliContext } from './context.js';

/**
 * The scopes `--scopes` names. Omitted, a key has full access (the empty list); given, it must
 * name at least one: `--scopes ","` is a list that lost its scopes, not a request for full access.
 */
function scopesOption(value: string | undefined): string[] {
  if (value === undefined) return [];
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (scopes.length === 0) throw new DomainError('invalid_value', '--scopes names no scope: list at least one, or leave --scopes out for a full-access key.', 'scopes');
  return scopes;
}

export function registerKeyCommands(program: Command, withStorage: CliContext['withStorage']): void {
  const keys = program.command('keys').description('create, list and revoke API keys');

  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scopes <scopes>', 'comma-separated scopes; omit for full access')
    .option('--member <email>', 'member the key acts as (default: the first admin)')
    .option('--org <id>', 'organization (default: the only one)')
    .action((opts: { name: string; scopes?: string; member?: string; org?: string }) => {
      const scopes = scopesOption(opts.scopes);
      return withStorage(async ({ db, now, out }) => {
        const organization = await resolveOrganization(db, opts.org);
        const member = opts.member
          ? await findMemberByEmail(db, organization.id, opts.member.trim().toLowerCase())
          : (await listMembers(db, organization.id)).find((m) => m.role === 'ADMIN');
        if (!member) throw new DomainError('not_found', `No member '${opts.member ?? 'with role ADMIN'}' in ${organization.id}.`, 'member');
        const { key, plaintext } = await createApiKey(db, { organizationId: organization.id, memberId: member.id, name: opts.name, scopes, now });
        out(`Created ${key.id} for ${member.email} (${key.scopes.length ? key.scopes.join(', ') : 'full access'}).`);
        out(`API key: ${plaintext}`);
      });
    });

  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--org <id>', 'only this organization')
    .option('--json', 'print JSON')
    .action((opts: { org?: string; json?: boolean }) =>
      withStorage(async ({ db, out }) => {
        const list = await listKeys(db, opts.org);
        if (opts.json) return out(JSON.stringify(list, null, 2));
        if (list.length === 0) return out('No API keys.');
        for (const k of list) {
          const scopes = k.scopes.length ? k.scopes.join(',') : 'full-access';
          out([k.id, k.revokedAt ? 'revoked' : 'active', k.name, k.memberId, scopes, k.createdAt].join('\t'));
        }
      }),
    );

  keys
    .command('revoke')
    .description('revoke an API key; it stops working at once')
    .argument('<id>', 'key id (key_…)')
    .action((id: string) =>
      withStorage(async ({ db, now, out }) => {
        await revokeKey(db, id, now);
        out(`Revoked ${id}.`);
      }),
    );
}
