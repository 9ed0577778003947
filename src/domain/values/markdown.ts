import { boundedStringType } from './bounded-string.js';

/** Long-form notes: not filterable, so no operators, though storage may still index the text. */
export const MARKDOWN = boundedStringType('MARKDOWN', 100_000, []);
