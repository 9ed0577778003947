import { DomainError } from '../errors.js';
import { paramOf, quote, type Step } from './faults.js';
import type { FieldContext, SelectOption } from './value-type.js';

const foldLabel = (label: string): string => label.trim().toLowerCase();

function optionsOf(field: FieldContext): SelectOption[] {
  return field.config.options ?? [];
}

function refuse(field: FieldContext, problem: string, steps: Step[]): DomainError {
  const open = optionsOf(field).filter((option) => !option.archived);
  const labels = open.map((option) => `'${option.label}'`).join(', ');
  const valid = open.length === 0 ? 'It has no options open for writing.' : `Valid options: ${labels}.`;
  return new DomainError('invalid_option', `${problem} ${valid}`, paramOf(field, ...steps));
}

/** The option a filter names, by id or label; archived ones too, since existing values hold them. */
export function filterOptionId(text: string, field: FieldContext): string | undefined {
  const folded = foldLabel(text);
  return optionsOf(field).find((option) => option.id === text.trim() || foldLabel(option.label) === folded)?.id;
}

/**
 * The id of the option `text` names, by id or by label (case and surrounding spaces ignored).
 * Only this field's options count: an id from another field names nothing here.
 */
export function resolveOption(text: string, field: FieldContext, ...steps: Step[]): string | DomainError {
  const options = optionsOf(field);
  const folded = foldLabel(text);
  const byId = options.find((option) => option.id === text);
  // Where a label is shared by an archived and an open option, the open one is meant.
  const byLabel = options
    .filter((option) => foldLabel(option.label) === folded)
    .sort((a, b) => Number(a.archived ?? false) - Number(b.archived ?? false));
  const option = byId ?? byLabel[0];
  if (!option) return refuse(field, `${quote(text)} is not an option of field '${field.key}'.`, steps);
  // Archived options still read on the records that have them, but take no new writes.
  if (option.archived) return refuse(field, `Option '${option.label}' of field '${field.key}' is archived.`, steps);
  return option.id;
}

/** Reads keep a stored id even when its option is archived or gone: the record still says it. */
export function storedIds(stored: unknown): string[] {
  if (typeof stored === 'string') return [stored];
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}
