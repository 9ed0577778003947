import { DomainError } from '../errors.js';
import type { FieldContext } from './value-type.js';

/** A step below the field: a key of an object value or an index into an array value. */
export type Step = string | number;

/** `fields.$email`, `fields.$email[1]`, `fields.$primaryAddress.country`. */
export function paramOf(field: FieldContext, ...steps: Step[]): string {
  return steps.reduce<string>(
    (param, step) => (typeof step === 'number' ? `${param}[${step}]` : `${param}.${step}`),
    `fields.${field.key}`,
  );
}

/** Messages name the same place as `param`, without the `fields.` every param starts with. */
function placeOf(field: FieldContext, steps: Step[]): string {
  return paramOf(field, ...steps).slice('fields.'.length);
}

export function describeKind(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  return `a ${typeof raw}`;
}

/** 400 `invalid_type`: the JSON kind is wrong for the type. */
export function wrongKind(field: FieldContext, expected: string, raw: unknown, ...steps: Step[]): DomainError {
  const message = `Field '${placeOf(field, steps)}' expects ${expected}, got ${describeKind(raw)}.`;
  return new DomainError('invalid_type', message, paramOf(field, ...steps));
}

/** 422 `invalid_value`: the right kind, but not acceptable. `problem` completes "Field 'X' …". */
export function badValue(field: FieldContext, problem: string, ...steps: Step[]): DomainError {
  return new DomainError('invalid_value', `Field '${placeOf(field, steps)}' ${problem}.`, paramOf(field, ...steps));
}

/** Quotes user input in a message, cut short so a huge value cannot bloat the error body. */
export function quote(text: string): string {
  const points = Array.from(text);
  return points.length > 60 ? `'${points.slice(0, 60).join('')}…'` : `'${text}'`;
}
