import { addressText, dateTimeText, fullName, moneyText, numberText, textItems, type DisplayContext } from '../domain/values/display-text.js';
import type { ValueTypeName } from '../domain/values/value-type.js';
import { EM_DASH, html, joinHtml, type Html } from './html.js';

export { fullName, type DisplayContext };

/** Shows one non-empty read value (the `value` of `{valueType, value}`) as people read it. */
type Display = (value: unknown, context: DisplayContext) => Html;

const joined = (items: Html[]): Html => (items.length === 0 ? EM_DASH : joinHtml(items, ', '));

const text: Display = (value) => html`${String(value)}`;
const preformatted: Display = (value) => html`<pre>${String(value)}</pre>`;
const orDash = (shown: string | null): Html => (shown === null ? EM_DASH : html`${shown}`);

function webLink(url: string): Html {
  // Stored URLs are http(s) already; anything else is shown, never made clickable.
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noopener noreferrer">${url}</a>` : html`${url}`;
}

function dateTime(value: unknown): Html {
  return html`<time datetime="${String(value)}">${dateTimeText(value)}</time>`;
}

/** Option ids to their labels, archived options marked: old values still read. */
function optionLabels(value: unknown, context: DisplayContext): Html {
  const options = context.config.options ?? [];
  return joined(
    textItems(value).map((id) => {
      const option = options.find((o) => o.id === id);
      if (!option) return html`<span class="empty">${id}</span>`;
      return option.archived ? html`${option.label} <span class="empty">(archived)</span>` : html`${option.label}`;
    }),
  );
}

/** Every value type's display; a type without one does not compile. */
const DISPLAYS = {
  TEXT: text,
  NUMBER: (value) => html`${numberText(value)}`,
  CURRENCY: (value, context) => html`${moneyText(value, context)}`,
  DATETIME: dateTime,
  CHECKBOX: (value) => html`${value === true ? 'Yes' : 'No'}`,
  EMAIL: (value) => joined(textItems(value).map((email) => html`<a href="mailto:${email}">${email}</a>`)),
  TELEPHONE: (value) => joined(textItems(value).map((phone) => html`<a href="tel:${phone}">${phone}</a>`)),
  URL: (value) => joined(textItems(value).map(webLink)),
  SOCIAL_HANDLE: (value) => joined(textItems(value).map(webLink)),
  ADDRESS: (value) => orDash(addressText(value)),
  FULL_NAME: (value) => orDash(fullName(value)),
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
