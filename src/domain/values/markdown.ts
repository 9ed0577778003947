import { capabilities } from './capabilities.js';
import { boundedStringType } from './bounded-string.js';

/** Long-form notes: not filterable, so no operators and nothing indexed. */
export const MARKDOWN = boundedStringType('MARKDOWN', 100_000, [], capabilities({ indexed: false }));
