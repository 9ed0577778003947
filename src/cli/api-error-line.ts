import { APIError } from '../../packages/sdk/src/index.js';

/** An API error as one line, `type: message (code, param)`; any other error by its message. */
export function describeApiError(err: unknown): string {
  if (err instanceof APIError && err.error) {
    const detail = [err.code, err.param].filter(Boolean).join(', ');
    return `${err.type}: ${err.error.message}${detail ? ` (${detail})` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
