import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Scope } from '../../domain/access/scopes.js';
import { resolveCustomObject } from '../../domain/custom-objects.js';
import { DomainError } from '../../domain/errors.js';
import { deleteRecord } from '../../domain/lifecycle/delete-record.js';
import { readFieldHistory } from '../../domain/lifecycle/field-history.js';
import { mergeRecords } from '../../domain/lifecycle/merge-records.js';
import { restoreRecord } from '../../domain/lifecycle/restore-record.js';
import { findMergeOrFail, mergeView, undoMerge } from '../../domain/lifecycle/undo-merge.js';
import type { Lifecycle, ObjectTypeInfo, ObjectTypeRegistry } from '../../domain/object-types/object-type.js';
import { CUSTOM_OBJECT_TYPE } from '../../domain/object-types/registry.js';
import { registeredType, typeInfoOf } from '../../domain/objects.js';
import type { RecordContext } from '../../domain/records/context.js';
import type { RecordView } from '../../domain/records/render-record.js';
import type { AppContext } from '../context.js';
import { encodeCursor, parseCursorPage } from '../pagination.js';
import { recordContext, writeNamingRuns } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { acceptEmptyJson } from '../empty-json-body.js';
import { requireScopes } from '../require-scopes.js';

/** The lifecycle routes of one registry entry, or of every custom object type. */
interface LifecycleFamily {
  operationPrefix: string;
  /** Where merge is: `/v1/accounts`, `/v1/objects/:entitySlug`. */
  base: string;
  /** Each record at `{records}/:id`. */
  records: string;
  readScope: Scope;
  lifecycle: Lifecycle;
  namespaceParam?: string;
  resolve(request: FastifyRequest, rc: RecordContext): Promise<ObjectTypeInfo>;
}

function lifecycleFamilies(registry: ObjectTypeRegistry): LifecycleFamily[] {
  const builtin = Object.entries(registry).flatMap(([name, entry]): LifecycleFamily[] => {
    if (!entry.lifecycle) return [];
    const type = registeredType(registry, name)!;
    const base = `/v1/${entry.plural}`;
    return [{ operationPrefix: name, base, records: base, readScope: entry.readScope, lifecycle: entry.lifecycle, resolve: async () => type }];
  });
  const custom: LifecycleFamily = {
    operationPrefix: 'object',
    base: '/v1/objects/:entitySlug',
    records: '/v1/objects/:entitySlug/values',
    readScope: CUSTOM_OBJECT_TYPE.readScope,
    lifecycle: CUSTOM_OBJECT_TYPE.lifecycle,
    namespaceParam: 'entitySlug',
    resolve: (request, rc) => resolveCustomObject(rc.db, rc.organizationId, (request.params as { entitySlug: string }).entitySlug),
  };
  return [...builtin, custom];
}

function answer(lifecycle: Lifecycle, view: RecordView): object {
  return lifecycle.answer ? lifecycle.answer(view) : view;
}

function familyRoutes(family: LifecycleFamily): FastifyPluginAsync<{ ctx: AppContext }> {
  const { operationPrefix: prefix, lifecycle, namespaceParam } = family;
  const write = (operation: string, scope: Scope | readonly Scope[]) =>
    apiRoute({ operation: `${prefix}.${operation}`, scope, category: 'write', idempotent: true, ...(namespaceParam ? { namespaceParam } : {}) });
  return async (app, { ctx }) => {
    acceptEmptyJson(app);
    app.delete<{ Params: { id: string } }>(`${family.records}/:id`, write('delete', lifecycle.deleteScope), async (request, reply) =>
      writeNamingRuns(ctx, request, reply, async (rc) => answer(lifecycle, await deleteRecord(rc, await family.resolve(request, rc), request.params.id, request.body))),
    );
    app.post<{ Params: { id: string } }>(`${family.records}/:id/restore`, write('restore', lifecycle.deleteScope), async (request, reply) =>
      writeNamingRuns(ctx, request, reply, async (rc) => answer(lifecycle, await restoreRecord(rc, await family.resolve(request, rc), request.params.id, request.body))),
    );
    if (lifecycle.fieldHistory) {
      const route = apiRoute({ operation: `${prefix}.fieldHistory`, scope: family.readScope, category: 'read' });
      app.get<{ Params: { id: string; fieldKey: string } }>(`${family.records}/:id/fields/:fieldKey/history`, route, async (request) => {
        const rc = recordContext(ctx, request);
        const scope = JSON.stringify([request.params.id, request.params.fieldKey]);
        const page = parseCursorPage(request.query, { defaultLimit: 20, maxLimit: 100, scope });
        const history = await readFieldHistory(rc, await family.resolve(request, rc), request.params.id, request.params.fieldKey, page);
        return { data: history.data, hasMore: history.hasMore, nextCursor: history.lastId === null ? null : encodeCursor(scope, history.lastId) };
      });
    }
    if (lifecycle.merge) {
      app.post(`${family.base}/merge`, write('merge', [lifecycle.updateScope, lifecycle.deleteScope]), async (request, reply) =>
        writeNamingRuns(ctx, request, reply, async (rc) => mergeRecords(rc, await family.resolve(request, rc), request.body)),
      );
    } else {
      // Without this, `POST /v1/tasks/merge` would be read as an update of a task named "merge".
      app.post(`${family.base}/merge`, apiRoute({ operation: `${prefix}.merge`, scope: null, category: 'write' }), async () => {
        throw new DomainError('not_found', `Records of '${family.base.slice('/v1/'.length)}' cannot be merged; merges are for accounts, contacts, opportunities and custom objects.`);
      });
    }
  };
}

/** The merged type's lifecycle and info: a merge is read and undone with its type's scopes. */
function mergeType(ctx: AppContext, objectType: string): { type: ObjectTypeInfo; lifecycle: Lifecycle } {
  const type = typeInfoOf(objectType, ctx.objectTypes);
  return { type, lifecycle: type.lifecycle ?? CUSTOM_OBJECT_TYPE.lifecycle };
}

/** `GET /v1/merges/{id}` and its undo; which scopes they need depends on the merged type. */
const mergeRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  acceptEmptyJson(app);
  app.get<{ Params: { id: string } }>('/v1/merges/:id', apiRoute({ operation: 'merge.getMerge', scope: null, category: 'read' }), async (request) => {
    const rc = recordContext(ctx, request);
    const merge = await findMergeOrFail(rc, request.params.id);
    requireScopes(request, [mergeType(ctx, merge.object_type).type.readScope]);
    return mergeView(merge);
  });
  const undo = apiRoute({ operation: 'merge.undo', scope: null, category: 'write', idempotent: true });
  app.post<{ Params: { id: string } }>('/v1/merges/:id/undo', undo, async (request, reply) =>
    writeNamingRuns(ctx, request, reply, async (rc) => {
      const merge = await findMergeOrFail(rc, request.params.id);
      const { type, lifecycle } = mergeType(ctx, merge.object_type);
      requireScopes(request, [lifecycle.updateScope, lifecycle.deleteScope]);
      return undoMerge(rc, type, merge);
    }),
  );
};

export const lifecycleRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const family of lifecycleFamilies(ctx.objectTypes)) await app.register(familyRoutes(family), { ctx });
  await app.register(mergeRoutes, { ctx });
};
