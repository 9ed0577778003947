import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { findDuplicateKey } from './json-duplicate-key.js';

/** What a parsed body holds: how many object keys, and the first key that could poison a prototype. */
function inspect(value: unknown): { keys: number; poisoned?: string } {
  let keys = 0;
  // A stack of our own, not recursion: a body may nest a hundred thousand levels deep.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      keys++;
      const child = record[key];
      if (key === '__proto__') return { keys, poisoned: "the key '__proto__'" };
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
        return { keys, poisoned: "a 'constructor' key holding a 'prototype' key" };
      }
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return { keys };
}

function countColons(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++;
  return count;
}

/**
 * A JSON request body, refused when it is not JSON, could poison a prototype, or names a key twice
 * in one object (JSON.parse would keep the last silently, so `{"name":"a","name":"b"}` would write "b").
 *
 * Every body comes through here, so the search for a duplicate (about as costly again as
 * JSON.parse) is skipped when it cannot find one: each key of the text is followed by a colon, so
 * when the parsed value has as many keys as the text has colons, the text repeated none. Colons
 * inside strings (URLs, times, so most CRM bodies) still send it to the search.
 */
export function parseJsonText(raw: string): unknown {
  // A leading byte order mark is no part of the JSON (the default parser skipped it too).
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
  if (typeof value !== 'object' || value === null) return value;
  const { keys, poisoned } = inspect(value);
  if (poisoned) throw new DomainError('invalid_type', `Request body must not contain ${poisoned}.`, 'body');
  if (keys < countColons(text)) {
    const repeated = findDuplicateKey(text);
    if (repeated) throw new DomainError('invalid_type', `Request body names the key '${repeated.join('.')}' more than once.`, 'body');
  }
  return value;
}

/** Fastify's content-type parser for application/json, in place of its default one. */
export function jsonBodyParser(_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.length === 0) return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY());
  try {
    done(null, parseJsonText(text));
  } catch (err) {
    done(err as Error);
  }
}

export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser);
}
