/**
 * Rounds to `places` decimals, half to even, on the decimal a number prints as rather than its
 * binary value: 2.675 is held as 2.67499999…, yet whoever wrote 2.675 expects 2.68.
 * Returns 0 for −0, so reads never show a signed zero.
 */
export function roundHalfEven(value: number, places = 2): number {
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const negative = value < 0;
  // String() gives the shortest decimal that reads back as this number, possibly with an exponent.
  const [mantissa = '', exponent = '0'] = Math.abs(value).toString().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  digits = digits.padEnd(point + places, '0');
  let kept = BigInt(digits.slice(0, point + places));
  const dropped = digits.slice(point + places);
  const first = dropped[0] ?? '0';
  const tieBroken = /[1-9]/.test(dropped.slice(1)) || kept % 2n === 1n;
  if (first > '5' || (first === '5' && tieBroken)) kept += 1n;
  const text = kept.toString().padStart(places + 1, '0');
  const rounded = Number(`${text.slice(0, -places)}.${text.slice(-places)}`);
  return negative && rounded !== 0 ? -rounded : rounded;
}
