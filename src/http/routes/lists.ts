import type { FastifyPluginAsync } from 'fastify';
import { LIST_MEMBER_TYPES } from '../../domain/lists/list-member-types.js';
import { listListPage, listMemberPage, readList } from '../../domain/lists/read-lists.js';
import { createList, updateList } from '../../domain/lists/write-list.js';
import { builtinType } from '../../domain/objects.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { recordWriteBody } from './records.js';

/** `accounts` → `listAccounts`: the operation that pages a list's members of that type. */
function memberOperation(plural: string): string {
  return `list.list${plural[0]!.toUpperCase()}${plural.slice(1)}`;
}

/** The seven `list.*` operations: lists themselves, and a page of members for each type a list can hold. */
export const listRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const write = (operation: string, scope: 'lists:create' | 'lists:update') => ({
    ...apiRoute({ operation: `list.${operation}`, scope, category: 'write', idempotent: true }),
    schema: { body: recordWriteBody },
  });
  const read = (operation: string, category: 'read' | 'search') => apiRoute({ operation: `list.${operation}`, scope: 'lists:read', category });

  app.post('/v1/lists', write('create', 'lists:create'), async (request) => createList(recordContext(ctx, request), request.body));
  app.get('/v1/lists', read('list', 'search'), async (request) => listListPage(recordContext(ctx, request), parsePage(request.query)));
  app.get<{ Params: { id: string } }>('/v1/lists/:id', read('retrieve', 'read'), async (request) => readList(recordContext(ctx, request), request.params.id));
  app.post<{ Params: { id: string } }>('/v1/lists/:id', write('update', 'lists:update'), async (request) =>
    updateList(recordContext(ctx, request), request.params.id, request.body),
  );
  for (const memberType of LIST_MEMBER_TYPES) {
    const type = builtinType(memberType, ctx.objectTypes);
    const route = apiRoute({ operation: memberOperation(type.collection), scope: ['lists:read', type.readScope], category: 'search' });
    app.get<{ Params: { listId: string } }>(`/v1/lists/:listId/${type.collection}`, route, async (request) =>
      listMemberPage(recordContext(ctx, request), request.params.listId, memberType, parsePage(request.query, { filters: true }), request.query as Record<string, unknown>),
    );
  }
};
