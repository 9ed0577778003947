import type { TypeConfiguration, ValueTypeName } from '../domain/values/value-type.js';
import { EM_DASH, html, joinHtml, type Html } from './html.js';

/** What a value needs besides itself to be shown to a person. */
export interface DisplayContext {
  /** The field's configuration: select options (archived ones too), currency. */
  config: TypeConfiguration;
  /** Currency of CURRENCY fields that name none. */
  currency: string;
}

/** Shows one non-empty read value (the `value` of `{valueType, value}`) as people read it. */
type Display = (value: unknown, context: DisplayContext) => Html;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');

const joined = (items: Html[]): Html => (items.length === 0 ? EM_DASH : joinHtml(items, ', '));

const text: Display = (value) => html`${String(value)}`;
const preformatted: Display = (value) => html`<pre>${String(value)}</pre>`;

function webLink(url: string): Html {
  // Stored URLs are http(s) already; anything else is shown, never made clickable.
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noopener noreferrer">${url}</a>` : html`${url}`;
}

function number(value: unknown, options: Intl.NumberFormatOptions = { maximumFractionDigits: 20 }): string {
  return typeof value === 'number' ? new Intl.NumberFormat('en-US', options).format(value) : String(value);
}

function money(value: unknown, context: DisplayContext): Html {
  const currency = context.config.currency ?? context.currency;
  try {
    return html`${number(value, { style: 'currency', currency, maximumFractionDigits: 20 })}`;
  } catch {
    // A code Intl does not know still shows its amount and its code.
    return html`${number(value)} ${currency}`;
  }
}

function dateTime(value: unknown): Html {
  const iso = String(value);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const [day = iso, time = ''] = date.toISOString().split('T');
  // Dates written without a time are stored at midnight UTC; show them as the date they were.
  const shown = time === '00:00:00.000Z' ? day : `${day} ${time.slice(0, 5)} UTC`;
  return html`<time datetime="${iso}">${shown}</time>`;
}

function members(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const nonEmpty = (parts: unknown[]): string[] => parts.filter((p): p is string | number => (typeof p === 'string' && p.trim() !== '') || typeof p === 'number').map(String);

/** "Ada Lovelace": first and last name as people say them, or null when both are unset. */
export function fullName(value: unknown): string | null {
  const name = members(value);
  const text = nonEmpty([name.firstName, name.lastName]).join(' ');
  return text === '' ? null : text;
}

function address(value: unknown): Html {
  const a = members(value);
  const line = nonEmpty([a.street, a.street2, a.city, nonEmpty([a.state, a.postalCode]).join(' '), a.country]).join(', ');
  if (line !== '') return html`${line}`;
  const coordinates = nonEmpty([a.latitude, a.longitude]).join(', ');
  return coordinates === '' ? EM_DASH : html`${coordinates}`;
}

/** Option ids to their labels, archived options included: old values still read. */
function optionLabels(value: unknown, context: DisplayContext): Html {
  const options = context.config.options ?? [];
  return joined(
    list(value).map((id) => {
      const option = options.find((o) => o.id === id);
      if (!option) return html`<span class="empty">${id}</span>`;
      return option.archived ? html`${option.label} <span class="empty">(archived)</span>` : html`${option.label}`;
    }),
  );
}

/** Every value type's display; a type without one does not compile. */
const DISPLAYS = {
  TEXT: text,
  NUMBER: (value) => html`${number(value)}`,
  CURRENCY: money,
  DATETIME: dateTime,
  CHECKBOX: (value) => html`${value === true ? 'Yes' : 'No'}`,
  EMAIL: (value) => joined(list(value).map((email) => html`<a href="mailto:${email}">${email}</a>`)),
  TELEPHONE: (value) => joined(list(value).map((phone) => html`<a href="tel:${phone}">${phone}</a>`)),
  URL: (value) => joined(list(value).map(webLink)),
  SOCIAL_HANDLE: (value) => joined(list(value).map(webLink)),
  ADDRESS: address,
  FULL_NAME: (value) => {
    const name = fullName(value);
    return name === null ? EM_DASH : html`${name}`;
  },
  SINGLE_SELECT: optionLabels,
  MULTI_SELECT: optionLabels,
  MARKDOWN: preformatted,
  // An email body is shown as its source text: rendering stored HTML would run whatever it holds.
  HTML: preformatted,
} satisfies Record<ValueTypeName, Display>;

export function displayValue(valueType: ValueTypeName, value: unknown, context: DisplayContext): Html {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return EM_DASH;
  return DISPLAYS[valueType](value, context);
}
