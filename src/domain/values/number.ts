import { capabilities } from './capabilities.js';
import { numericType } from './numeric.js';

export const NUMBER = numericType('NUMBER', capabilities({ sortable: true }));
