import type { TypeConfiguration, ValueTypeName } from './value-type.js';

/** What a value needs besides itself to be shown to a person. */
export interface DisplayContext {
  /** The field's configuration: select options (archived ones too), currency. */
  config: TypeConfiguration;
  /** Currency of CURRENCY fields that name none. */
  currency: string;
}

/** The strings of a read value that holds one or several. */
export function textItems(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');
}

function members(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const nonEmpty = (parts: unknown[]): string[] => parts.filter((p): p is string | number => (typeof p === 'string' && p.trim() !== '') || typeof p === 'number').map(String);

export function numberText(value: unknown, options: Intl.NumberFormatOptions = { maximumFractionDigits: 20 }): string {
  return typeof value === 'number' ? new Intl.NumberFormat('en-US', options).format(value) : String(value);
}

/** "$1,250.50": the amount in the field's currency, or the amount and a code Intl does not know. */
export function moneyText(value: unknown, context: DisplayContext): string {
  const currency = context.config.currency ?? context.currency;
  try {
    return numberText(value, { style: 'currency', currency, maximumFractionDigits: 20 });
  } catch {
    return `${numberText(value)} ${currency}`;
  }
}

/** "2026-03-01 14:30 UTC", or just the date for values written without a time (stored at midnight UTC). */
export function dateTimeText(value: unknown): string {
  const iso = String(value);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const [day = iso, time = ''] = date.toISOString().split('T');
  return time === '00:00:00.000Z' ? day : `${day} ${time.slice(0, 5)} UTC`;
}

/** "Ada Lovelace": first and last name as people say them, or null when both are unset. */
export function fullName(value: unknown): string | null {
  const name = members(value);
  const text = nonEmpty([name.firstName, name.lastName]).join(' ');
  return text === '' ? null : text;
}

/** One line of an address, or its coordinates; null when it holds neither. */
export function addressText(value: unknown): string | null {
  const a = members(value);
  const line = nonEmpty([a.street, a.street2, a.city, nonEmpty([a.state, a.postalCode]).join(' '), a.country]).join(', ');
  if (line !== '') return line;
  const coordinates = nonEmpty([a.latitude, a.longitude]).join(', ');
  return coordinates === '' ? null : coordinates;
}

/** Option ids as their labels (archived ones too: old values still read); an unknown id as itself. */
export function optionLabels(value: unknown, context: DisplayContext): string[] {
  const options = context.config.options ?? [];
  return textItems(value).map((id) => options.find((o) => o.id === id)?.label ?? id);
}

type TextDisplay = (value: unknown, context: DisplayContext) => string | null;

const joined = (items: string[]): string | null => (items.length === 0 ? null : items.join(', '));

const TEXT_DISPLAYS = {
  TEXT: (value) => String(value),
  NUMBER: (value) => numberText(value),
  CURRENCY: moneyText,
  DATETIME: dateTimeText,
  CHECKBOX: (value) => (value === true ? 'Yes' : 'No'),
  EMAIL: (value) => joined(textItems(value)),
  TELEPHONE: (value) => joined(textItems(value)),
  URL: (value) => joined(textItems(value)),
  SOCIAL_HANDLE: (value) => joined(textItems(value)),
  ADDRESS: addressText,
  FULL_NAME: fullName,
  SINGLE_SELECT: (value, context) => joined(optionLabels(value, context)),
  MULTI_SELECT: (value, context) => joined(optionLabels(value, context)),
  MARKDOWN: (value) => String(value),
  HTML: (value) => String(value),
} satisfies Record<ValueTypeName, TextDisplay>;

/** A read value (the `value` of `{valueType, value}`) as a person reads it in plain text; null when empty. */
export function displayText(valueType: ValueTypeName, value: unknown, context: DisplayContext): string | null {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  return TEXT_DISPLAYS[valueType](value, context);
}
