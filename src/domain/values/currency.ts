import { capabilities } from './capabilities.js';
import { numericType } from './numeric.js';

export const CURRENCY = numericType('CURRENCY', capabilities({ sortable: true, configuration: ['currency'] }));
