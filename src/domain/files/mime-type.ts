import contentType from 'content-type';

/**
 * `Text/Plain; charset=utf-8` → `text/plain`. Undefined when the value is no valid media type
 * (RFC 9110): one that could not be sent back as the `Content-Type` of an upload or download.
 */
export function mimeEssence(value: string): string | undefined {
  try {
    return contentType.parse(value).type;
  } catch {
    return undefined;
  }
}
