import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { DomainError } from '../errors.js';
import { badValue, quote, type Step } from './faults.js';
import { lowerCasedTerms, trimmedTextFilterTerm } from './index-terms.js';
import { checkStringList, normalizeStringList, renderStringList } from './string-list.js';
import type { FieldContext, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

/** An unknown region gives no default: only numbers written with `+` can then be read. */
function regionOf(field: FieldContext): CountryCode | undefined {
  const region = field.defaultRegion.toUpperCase();
  return isSupportedCountry(region) ? region : undefined;
}

function normalizeNumber(text: string, field: FieldContext, ...steps: Step[]): string | DomainError {
  const defaultCountry = regionOf(field);
  // The `max` metadata knows each region's number ranges, so isValid() refuses numbers that
  // merely have the right length.
  const phone = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : {});
  if (!phone?.isValid()) return badValue(field, `got ${quote(text)}, which is not a valid telephone number`, ...steps);
  // RFC 3966 spelling, which libphonenumber-js reads back, so a stored value normalizes to itself.
  return phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number;
}

export const TELEPHONE: ValueType = {
  name: 'TELEPHONE',
  checkShape: (raw, field) => checkStringList(raw, field, 'a telephone number string'),
  normalize: (raw, field) => normalizeStringList(raw, field, normalizeNumber),
  render: renderStringList,
  indexTerms: lowerCasedTerms,
  filterTerm: trimmedTextFilterTerm,
  operators: ['contains'],
  capabilities: capabilities({ configuration: ['multipleValues'] }),
};
