import { capabilities } from './capabilities.js';
import { boundedStringType } from './bounded-string.js';

export const TEXT = boundedStringType('TEXT', 10_000, ['equal', 'startsWith'], capabilities({ sortable: true, configuration: ['unique'] }));
