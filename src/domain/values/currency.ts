import { numericType } from './numeric.js';

export const CURRENCY = numericType('CURRENCY');
