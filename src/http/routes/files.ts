import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { FileRequestContext } from '../../domain/files/file-context.js';
import {
  cancelFile,
  completeFile,
  createFileSession,
  fileDownloadUrl,
  listFilePage,
  retrieveFile,
  type NewFileSession,
} from '../../domain/files/file-sessions.js';
import { FILE_PURPOSES, MAX_FILE_BYTES } from '../../domain/files/purposes.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { idempotentEffectOf } from '../plugins/idempotency.js';
import { principalOf } from '../record-context.js';
import { apiRoute } from '../route-config.js';

const createBody = {
  type: 'object',
  properties: {
    purpose: { enum: FILE_PURPOSES },
    filename: { type: 'string', minLength: 1, maxLength: 255 },
    mimeType: { type: 'string', minLength: 1, maxLength: 255 },
    sizeBytes: { type: 'integer', minimum: 1, maximum: MAX_FILE_BYTES },
  },
  required: ['filename', 'mimeType', 'sizeBytes'],
  additionalProperties: false,
} as const;

const completeBody = {
  type: ['object', 'null'],
  properties: { md5: { type: 'string', pattern: '^[a-f0-9]{32}$' } },
  additionalProperties: false,
} as const;

const emptyBody = { type: ['object', 'null'], properties: {}, additionalProperties: false } as const;

export function fileRequestContext(ctx: AppContext, request: FastifyRequest): FileRequestContext {
  const principal = principalOf(request);
  return {
    db: ctx.storage.db,
    blobs: ctx.blobs,
    urlSecret: ctx.fileUrlSecret,
    publicUrl: ctx.publicUrl(),
    now: ctx.clock.now(),
    jobAttempts: ctx.config.jobs.maxAttempts,
    organizationId: principal.organizationId,
    memberId: principal.memberId,
    idempotency: idempotentEffectOf(request),
  };
}

/** The six `file.*` operations: upload sessions, their completion or cancellation, and download URLs. */
export const fileRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const write = (operation: string) => apiRoute({ operation: `file.${operation}`, scope: 'files:create', category: 'write', idempotent: true });
  const read = (operation: string, category: 'read' | 'search') => apiRoute({ operation: `file.${operation}`, scope: 'files:read', category });

  app.post<{ Body: NewFileSession }>('/v1/files', { ...write('create'), schema: { body: createBody } }, async (request) =>
    createFileSession(fileRequestContext(ctx, request), request.body),
  );
  app.get('/v1/files', read('list', 'search'), async (request) => listFilePage(fileRequestContext(ctx, request), parsePage(request.query)));
  app.get<{ Params: { id: string } }>('/v1/files/:id', read('retrieve', 'read'), async (request) =>
    retrieveFile(fileRequestContext(ctx, request), request.params.id),
  );
  app.post<{ Params: { id: string }; Body: { md5?: string } | null }>('/v1/files/:id/complete', { ...write('complete'), schema: { body: completeBody } }, async (request) =>
    completeFile(fileRequestContext(ctx, request), request.params.id, request.body ?? {}),
  );
  app.post<{ Params: { id: string } }>('/v1/files/:id/cancel', { ...write('cancel'), schema: { body: emptyBody } }, async (request) =>
    cancelFile(fileRequestContext(ctx, request), request.params.id),
  );
  app.get<{ Params: { id: string } }>('/v1/files/:id/url', read('url', 'read'), async (request) =>
    fileDownloadUrl(fileRequestContext(ctx, request), request.params.id),
  );
};
