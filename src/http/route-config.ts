import type { Scope } from '../domain/access/scopes.js';
import type { Principal } from '../domain/access/api-keys.js';

/** The three buckets of the public rate limits. */
export type RateCategory = 'read' | 'write' | 'search';

/** What the pipeline needs to know about a `/v1` route; routes without it skip the pipeline. */
export interface ApiRoute {
  /** The public operation id, e.g. `opportunity.create`; also the idempotency namespace. */
  operation: string;
  /** null: any valid key may call it (auth.validate); several: it needs every one (a list's members). */
  scope: Scope | readonly Scope[] | null;
  category: RateCategory;
  /** Honours `Idempotency-Key` (every POST write does). */
  idempotent?: boolean;
  /** A path parameter that splits the idempotency namespace, e.g. the slug of `object.create`. */
  namespaceParam?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: ApiRoute;
    /** The body is a stream of any length with an idle timeout of its own: FIELDHOUSE_REQUEST_TIMEOUT_MS does not bound it. */
    streamedBody?: true;
  }
  interface FastifyRequest {
    /** Set by the auth plugin on every `/v1` route that reaches its handler. */
    principal?: Principal;
  }
}

export function apiRoute(route: ApiRoute): { config: { api: ApiRoute } } {
  return { config: { api: route } };
}
