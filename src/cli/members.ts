import type { Command } from 'commander';
import { addMember, type MemberRole } from '../domain/members.js';
import { resolveOrganization } from '../domain/organizations.js';
import type { CliContext } from './context.js';

export function registerMemberCommands(program: Command, withStorage: CliContext['withStorage']): void {
  const members = program.command('members').description('manage the members of an organization');
  members
    .command('add')
    .description('add a member')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--first <name>', 'first name')
    .requiredOption('--last <name>', 'last name')
    .option('--role <role>', 'ADMIN or MEMBER', 'MEMBER')
    .option('--org <id>', 'organization (default: the only one)')
    .action((opts: { email: string; first: string; last: string; role: string; org?: string }) =>
      withStorage(async ({ db, now, out }) => {
        const organization = await resolveOrganization(db, opts.org);
        const member = await addMember(db, {
          organizationId: organization.id,
          email: opts.email,
          firstName: opts.first,
          lastName: opts.last,
          role: opts.role.toUpperCase() as MemberRole,
          now,
        });
        out(`Added ${member.id} ${member.email} (${member.role}).`);
      }),
    );
}
