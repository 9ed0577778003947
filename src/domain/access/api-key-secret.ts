import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PREFIX = 'sk_lf_';
const SECRET_LENGTH = 40;
const LOOKUP_LENGTH = 12;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WELL_FORMED = /^sk_lf_[0-9A-Za-z]{32,128}$/;

export interface ApiKeySecret {
  plaintext: string;
  lookupPrefix: string;
  hash: string;
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext).digest('hex');
}

export function generateApiKeySecret(): ApiKeySecret {
  const body = randomBase62(SECRET_LENGTH);
  const plaintext = KEY_PREFIX + body;
  return { plaintext, lookupPrefix: body.slice(0, LOOKUP_LENGTH), hash: hashApiKey(plaintext) };
}

/** The lookup prefix of a well-formed key, or undefined for anything that cannot be one. */
export function lookupPrefixOf(candidate: string): string | undefined {
  if (!WELL_FORMED.test(candidate)) return undefined;
  return candidate.slice(KEY_PREFIX.length, KEY_PREFIX.length + LOOKUP_LENGTH);
}

export function matchesHash(candidate: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(candidate), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
