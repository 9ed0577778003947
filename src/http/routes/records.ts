import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Scope } from '../../domain/access/scopes.js';
import { resolveCustomObject } from '../../domain/custom-objects.js';
import { loadDefinitions } from '../../domain/definitions/load.js';
import { renderDefinitions } from '../../domain/definitions/render-definitions.js';
import type { ObjectTypeInfo, ObjectTypeRegistry, WriteScopes } from '../../domain/object-types/object-type.js';
import { CUSTOM_OBJECT_TYPE } from '../../domain/object-types/registry.js';
import { registeredType } from '../../domain/objects.js';
import type { RecordContext } from '../../domain/records/context.js';
import { createRecord } from '../../domain/records/create-record.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import { updateRecord } from '../../domain/records/update-record.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext, writeNamingRuns } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { definitionWriteRoutes } from './admin-definitions.js';

// Only the top level is fixed here; what `fields` and `relationships` hold is the domain's to check, in order.
export const recordWriteBody = {
  type: 'object',
  properties: { fields: {}, relationships: {} },
  additionalProperties: false,
} as const;

/**
 * The record routes of one registry entry: a built-in type under `/v1/{plural}`, or every custom
 * object type under `/v1/objects/{slug}`, whose records are at `…/values`.
 */
export interface RecordRouteFamily {
  /** The first part of each operation name: `opportunity`, or `object`. */
  operationPrefix: string;
  /** Where list and definitions are: `/v1/opportunities`, `/v1/objects/:entitySlug`. */
  base: string;
  /** Where create is, and each record at `{records}/:id`. */
  records: string;
  readScope: Scope;
  writeScopes: WriteScopes;
  /** A path parameter that splits idempotency keys by type (the slug). */
  namespaceParam?: string;
  /** Admins may add fields and relationships (admin-definitions.ts). */
  customizable: boolean;
  /** The type a request addresses; an unknown slug is a 404. */
  resolve(request: FastifyRequest, rc: RecordContext): Promise<ObjectTypeInfo>;
}

/** One family per registry entry served as records, and one for all custom object types. */
export function recordRouteFamilies(registry: ObjectTypeRegistry): RecordRouteFamily[] {
  const builtin = Object.entries(registry).flatMap(([name, entry]): RecordRouteFamily[] => {
    if (!entry.recordRoutes) return [];
    const type = registeredType(registry, name)!;
    const base = `/v1/${entry.plural}`;
    return [
      { operationPrefix: name, base, records: base, readScope: entry.readScope, writeScopes: entry.recordRoutes, customizable: entry.customizable, resolve: async () => type },
    ];
  });
  const custom: RecordRouteFamily = {
    operationPrefix: 'object',
    base: '/v1/objects/:entitySlug',
    records: '/v1/objects/:entitySlug/values',
    readScope: CUSTOM_OBJECT_TYPE.readScope,
    writeScopes: CUSTOM_OBJECT_TYPE.recordRoutes,
    namespaceParam: 'entitySlug',
    customizable: CUSTOM_OBJECT_TYPE.customizable,
    resolve: (request, rc) => resolveCustomObject(rc.db, rc.organizationId, (request.params as { entitySlug: string }).entitySlug),
  };
  return [...builtin, custom];
}

/** create, retrieve, update, list and definitions of one family, the same for every object type. */
export function recordRoutes(family: RecordRouteFamily): FastifyPluginAsync<{ ctx: AppContext }> {
  const { operationPrefix: prefix, readScope, writeScopes, namespaceParam } = family;
  const read = (operation: string, category: 'read' | 'search') => apiRoute({ operation: `${prefix}.${operation}`, scope: readScope, category });
  const write = (operation: string, scope: Scope) => ({
    ...apiRoute({ operation: `${prefix}.${operation}`, scope, category: 'write', idempotent: true, ...(namespaceParam ? { namespaceParam } : {}) }),
    schema: { body: recordWriteBody },
  });
  return async (app, { ctx }) => {
    app.post(family.records, write('create', writeScopes.create), async (request, reply) =>
      writeNamingRuns(ctx, request, reply, async (rc) => createRecord(rc, await family.resolve(request, rc), request.body)),
    );
    app.get(`${family.base}/definitions`, read('definitions', 'read'), async (request) => {
      const rc = recordContext(ctx, request);
      const type = await family.resolve(request, rc);
      return renderDefinitions(await loadDefinitions(rc.db, rc.organizationId, type.objectType), rc.settings);
    });
    app.get<{ Params: { id: string } }>(`${family.records}/:id`, read('retrieve', 'read'), async (request) => {
      const rc = recordContext(ctx, request);
      return retrieveRecord(rc, await family.resolve(request, rc), request.params.id);
    });
    app.post<{ Params: { id: string } }>(`${family.records}/:id`, write('update', writeScopes.update), async (request, reply) =>
      writeNamingRuns(ctx, request, reply, async (rc) => updateRecord(rc, await family.resolve(request, rc), request.params.id, request.body)),
    );
    app.get(family.base, read('list', 'search'), async (request) => {
      const rc = recordContext(ctx, request);
      const type = await family.resolve(request, rc);
      return listRecordPage(rc, type, parsePage(request.query, { filters: true }), request.query as Record<string, unknown>);
    });
    if (family.customizable) await app.register(definitionWriteRoutes(family), { ctx });
  };
}
