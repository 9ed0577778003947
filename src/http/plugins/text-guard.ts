import { Stream } from 'node:stream';
import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';

const NUL = '\u0000';

interface Frame {
  value: unknown;
  key: string;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
}

/**
 * The dotted location of a key or string holding U+0000, if any. A loop, not recursion: a body
 * nested past the call stack's depth must reach the check that refuses it, not overflow here.
 */
function findNul(root: unknown): string | undefined {
  const stack: Frame[] = [{ value: root, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return pathOf(frame);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: frame });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const child = { value: item, key, parent: frame };
        if (key.includes(NUL)) return pathOf(child);
        stack.push(child);
      }
    }
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
      if (findNul(request.params) !== undefined) throw new DomainError('not_found', 'No resource found with the given ID.');
      const inQuery = findNul(request.query);
      if (inQuery !== undefined) throw new DomainError('invalid_filter', `Query parameter '${printable(inQuery)}' must not contain the NUL character (U+0000).`, printable(inQuery));
      // A body left as a stream (an upload's bytes) is data, not text; walking the stream object would never end.
      const inBody = request.body instanceof Stream ? undefined : findNul(request.body);
      if (inBody !== undefined) throw new DomainError('invalid_value', `'${printable(inBody)}' must not contain the NUL character (U+0000).`, printable(inBody) || 'body');
    });
  },
  { name: 'fieldhouse-text-guard' },
);
