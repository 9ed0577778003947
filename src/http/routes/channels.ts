import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Upserted } from '../../domain/records/upsert-record.js';
import { channelType, messageType, writeChannel, writeMessage } from '../../domain/channels/write-channel.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { recordWriteBody } from './records.js';

const intakeBody = { ...recordWriteBody, properties: { ...recordWriteBody.properties, externalId: {} } } as const;

/**
 * The `channel.*` and `message.*` reads, which show each caller only what it may see, and
 * fieldhouse's admin intake that brings channels and messages in without a provider connection.
 */
export const channelRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const channels = channelType(ctx);
  const messages = messageType(ctx);
  const intake = (operation: string, namespaceParam?: string) => ({
    ...apiRoute({ operation, scope: 'admin', category: 'write', idempotent: true, ...(namespaceParam ? { namespaceParam } : {}) }),
    schema: { body: intakeBody },
  });

  // Only limit and offset, as the public API: a filter on a message's text would tell what METADATA hides.
  app.get('/v1/channels', apiRoute({ operation: 'channel.list', scope: 'channels:read', category: 'search' }), async (request) =>
    listRecordPage(recordContext(ctx, request), channels, parsePage(request.query)),
  );
  app.get<{ Params: { id: string } }>('/v1/channels/:id', apiRoute({ operation: 'channel.retrieve', scope: 'channels:read', category: 'read' }), async (request) =>
    retrieveRecord(recordContext(ctx, request), channels, request.params.id),
  );
  app.get('/v1/messages', apiRoute({ operation: 'message.list', scope: 'messages:read', category: 'search' }), async (request) =>
    listRecordPage(recordContext(ctx, request), messages, parsePage(request.query)),
  );
  app.get<{ Params: { id: string } }>('/v1/messages/:id', apiRoute({ operation: 'message.retrieve', scope: 'messages:read', category: 'read' }), async (request) =>
    retrieveRecord(recordContext(ctx, request), messages, request.params.id),
  );

  // 201 for a record the intake made, 200 for one it wrote over: what lets an import count what is new.
  const answer = (reply: FastifyReply, { view, created }: Upserted) => reply.code(created ? 201 : 200).send(view);
  app.post('/v1/channels', intake('channel.create'), async (request, reply) => answer(reply, await writeChannel(recordContext(ctx, request), request.body)));
  app.post<{ Params: { id: string } }>('/v1/channels/:id/messages', intake('message.create', 'id'), async (request, reply) =>
    answer(reply, await writeMessage(recordContext(ctx, request), request.params.id, request.body)),
  );
};
