import { badValue, quote, wrongKind } from './faults.js';
import type { ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 with two leniencies the contract asks for: seconds may be left out, and the offset
// may drop its colon (`+0530`). An offset is required: a bare local time names no instant.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;

const EXPECTED = 'an RFC 3339 date-time with an offset (2026-03-16T12:00:00Z) or a full date (2026-03-16)';

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

function parse(text: string): Parts | undefined {
  const date = FULL_DATE.exec(text);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    return { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: 0 };
  }
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const n = (index: number): number => Number(m[index] ?? 0);
  // Storage keeps milliseconds; finer digits are cut, not rounded, so a value never moves forward.
  const millisecond = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const sign = m[8] === '-' ? -1 : 1;
  if (n(10) > 59 || n(9) > 23) return undefined;
  const offsetMinutes = sign * (n(9) * 60 + n(10));
  return { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), millisecond, offsetMinutes };
}

/** Milliseconds since the epoch, or undefined for a calendar date or clock time that does not exist. */
function instant(p: Parts): number | undefined {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month)) return undefined;
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  const date = new Date(0);
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, p.millisecond);
  return date.getTime() - p.offsetMinutes * 60_000;
}

export const DATETIME: ValueType = {
  name: 'DATETIME',
  checkShape: (raw, field) => (typeof raw === 'string' ? undefined : wrongKind(field, EXPECTED, raw)),
  normalize(raw, field) {
    const text = raw as string;
    if (text === '') return null;
    const parts = parse(text);
    if (!parts) return badValue(field, `expects ${EXPECTED}, got ${quote(text)}`);
    const time = instant(parts);
    if (time === undefined) return badValue(field, `got ${quote(text)}, which is not a real date and time`);
    const year = new Date(time).getUTCFullYear();
    // Outside years 0000–9999 the ISO form grows a sign and six digits and no longer sorts as text.
    if (year < 0 || year > 9999) return badValue(field, `got ${quote(text)}, which falls outside years 0000–9999 in UTC`);
    return new Date(time).toISOString();
  },
  render: (stored) => (typeof stored === 'string' ? stored : null),
  indexTerms: (stored) => (typeof stored === 'string' ? [stored] : []),
  filterTerm(raw, field) {
    const instant = DATETIME.normalize(raw.trim(), field);
    return typeof instant === 'string' ? instant : undefined;
  },
  operators: ['equal', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual'],
  capabilities: capabilities({ sortable: true }),
};
