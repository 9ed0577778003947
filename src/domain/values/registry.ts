import { ADDRESS } from './address.js';
import { CHECKBOX } from './checkbox.js';
import { CURRENCY } from './currency.js';
import { DATETIME } from './datetime.js';
import { EMAIL } from './email.js';
import { FULL_NAME } from './full-name.js';
import { HTML } from './html.js';
import { MARKDOWN } from './markdown.js';
import { MULTI_SELECT } from './multi-select.js';
import { NUMBER } from './number.js';
import { SINGLE_SELECT } from './single-select.js';
import { SOCIAL_HANDLE } from './social-handle.js';
import { TELEPHONE } from './telephone.js';
import { TEXT } from './text.js';
import { URL_TYPE } from './url.js';
import { VALUE_TYPE_NAMES, type ValueType, type ValueTypeCapabilities, type ValueTypeName } from './value-type.js';

/** Every value type by name; a name without an entry does not compile. */
export const VALUE_TYPES = {
  TEXT,
  NUMBER,
  CURRENCY,
  DATETIME,
  CHECKBOX,
  EMAIL,
  TELEPHONE,
  URL: URL_TYPE,
  SOCIAL_HANDLE,
  ADDRESS,
  FULL_NAME,
  SINGLE_SELECT,
  MULTI_SELECT,
  MARKDOWN,
  HTML,
} satisfies Record<ValueTypeName, ValueType>;

export function valueType(name: ValueTypeName): ValueType {
  return VALUE_TYPES[name];
}

/** The names of the value types that have a capability, in VALUE_TYPE_NAMES order. */
export function valueTypesThat(capability: keyof Omit<ValueTypeCapabilities, 'configuration' | 'requiredConfiguration'>): ValueTypeName[] {
  return VALUE_TYPE_NAMES.filter((name) => VALUE_TYPES[name].capabilities[capability]);
}
