import { numericType } from './numeric.js';

export const NUMBER = numericType('NUMBER');
