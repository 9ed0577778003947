import contentDisposition from 'content-disposition';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError } from '../../domain/errors.js';
import { openDownload, receiveUpload, type TransferContext } from '../../domain/files/transfers.js';
import type { AppContext } from '../context.js';

/**
 * The signed URLs `file.create` and `file.url` hand out: PUT the bytes, GET them back. They sit
 * outside `/v1` and its pipeline: the token in the URL, not an API key, is what admits a request.
 */
export const fileTransferRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const transfer: TransferContext = { db: ctx.storage.db, blobs: ctx.blobs, urlSecret: ctx.fileUrlSecret, now: () => ctx.clock.now() };

  // Any body, as a stream: the bytes go to the blob store as they arrive, never whole into memory.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  // A Content-Type header that does not parse at all; the app-wide answer would ask for JSON.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw error;
    throw new DomainError('unsupported_media_type', "The Content-Type header is not a valid media type; send the one uploadHeaders names.");
  });

  // A refusal can come before the body is read (or while it is): close that connection after the
  // answer, or it would wait on bytes nobody reads, and hold the server's close() open with it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && !request.raw.complete) reply.header('connection', 'close');
    return payload;
  });

  app.put<{ Params: { id: string }; Querystring: { token?: unknown } }>('/uploads/:id', async (request, reply) => {
    // A client that stops sending would otherwise hold its connection, and its bytes so far, for ever.
    request.raw.setTimeout(ctx.config.uploadIdleTimeoutMs, () => {
      request.raw.destroy(new Error(`No bytes arrived for ${ctx.config.uploadIdleTimeoutMs} ms.`));
    });
    const length = request.headers['content-length'];
    const stored = await receiveUpload(transfer, request.params.id, {
      token: request.query.token,
      contentType: request.headers['content-type'],
      contentLength: length === undefined ? undefined : Number(length),
      body: (request.body as Readable | undefined) ?? request.raw,
    });
    return reply.code(200).header('etag', `"${stored.md5}"`).send();
  });

  app.get<{ Params: { id: string }; Querystring: { token?: unknown } }>('/downloads/:id', async (request, reply) => {
    const { file, body } = await openDownload(transfer, request.params.id, request.query.token);
    return reply
      .header('content-type', file.mime_type)
      .header('content-length', String(file.uploaded_size))
      // An ASCII filename for every client, and the exact one (filename*) for those that read it.
      .header('content-disposition', contentDisposition(file.filename, { fallback: file.filename.replace(/[^\x20-\x7e]/g, '_') }))
      .header('etag', `"${file.uploaded_md5}"`)
      .header('cache-control', 'private, no-cache')
      // The bytes are anyone's upload: never run them as a page on fieldhouse's own origin.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(body);
  });
};
