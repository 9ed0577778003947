/** Half of a surrogate pair without the other: no UTF-8 encoding exists for it, so it cannot be stored as given. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Limits count Unicode code points, so an emoji counts as one character, not two UTF-16 units. */
export function codePointLength(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      surrogatePairs++;
      i++;
    }
  }
  return text.length - surrogatePairs;
}

/** Whether `text` has more than `max` code points; a string of at most `max` UTF-16 units needs no counting. */
export function exceedsCodePoints(text: string, max: number): boolean {
  return text.length > max && codePointLength(text) > max;
}
