import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';

const NUL = '\u0000';

/** The dotted location of the first key or string holding U+0000, if any. */
function findNul(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], at === '' ? String(i) : `${at}.${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = at === '' ? key : `${at}.${key}`;
    if (key.includes(NUL)) return path;
    const found = findNul(item, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

const printable = (path: string): string => path.replace(/\u0000/g, '\\u0000');

/**
 * Refuses U+0000 anywhere in a request's path parameters, query or body. PostgreSQL text cannot
 * hold it, and no CRM value needs it; refusing it up front makes both engines answer alike, before
 * anything (an idempotency key included) is written.
 */
export const textGuardPlugin = fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      // An id or key holding it names nothing that can exist.
      if (findNul(request.params, '') !== undefined) throw new DomainError('not_found', 'No resource found with the given ID.');
      const inQuery = findNul(request.query, '');
      if (inQuery !== undefined) throw new DomainError('invalid_filter', `Query parameter '${printable(inQuery)}' must not contain the NUL character (U+0000).`, printable(inQuery));
      const inBody = findNul(request.body, '');
      if (inBody !== undefined) throw new DomainError('invalid_value', `'${printable(inBody)}' must not contain the NUL character (U+0000).`, printable(inBody) || 'body');
    });
  },
  { name: 'fieldhouse-text-guard' },
);
