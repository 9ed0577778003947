import type { Command } from 'commander';
import { addCustomField } from '../domain/definitions/custom-fields.js';
import { DomainError } from '../domain/errors.js';
import { resolveCustomObject } from '../domain/custom-objects.js';
import { builtinType, isObjectType } from '../domain/objects.js';
import { resolveOrganization } from '../domain/organizations.js';
import type { CliContext } from './context.js';

export function registerFieldCommands(program: Command, withStorage: CliContext['withStorage']): void {
  const fields = program.command('fields').description('custom fields of accounts, contacts and opportunities');
  fields
    .command('add')
    .description('add a custom field; existing records read it as null')
    .argument('<type>', 'account, contact or opportunity')
    .argument('<key>', "slug: lower-case letters, digits and '-'")
    .requiredOption('--type <valueType>', 'value type, e.g. TEXT, NUMBER, SINGLE_SELECT')
    .requiredOption('--label <label>', 'label people see')
    .option('--options <labels>', 'comma-separated option labels (selects)')
    .option('--description <text>', 'description')
    .option('--org <id>', 'organization (default: the only one)')
    .action((type: string, key: string, opts: { type: string; label: string; options?: string; description?: string; org?: string }) =>
      withStorage(async ({ db, now, out }) => {
        const organization = await resolveOrganization(db, opts.org);
        const info = isObjectType(type) ? builtinType(type) : await resolveCustomObject(db, organization.id, type).catch(() => {
          throw new DomainError('invalid_value', `Unknown object type '${type}'.`, 'type');
        });
        const typeConfiguration = opts.options ? { options: opts.options.split(',').map((o) => o.trim()).filter(Boolean) } : undefined;
        const def = await addCustomField(
          db,
          organization.id,
          info,
          { key, label: opts.label, valueType: opts.type.toUpperCase(), description: opts.description, typeConfiguration },
          now,
        );
        out(`Added ${def.id}: ${type}.${def.key} (${def.valueType}) "${def.label}".`);
      }),
    );
}
