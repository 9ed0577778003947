import contentDisposition from 'content-disposition';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import parseRange from 'range-parser';
import type { Readable } from 'node:stream';
import { DomainError } from '../../domain/errors.js';
import { findDownload, type ByteRange } from '../../domain/files/find-download.js';
import { receiveUpload } from '../../domain/files/receive-upload.js';
import type { TransferContext } from '../../domain/files/transfer-context.js';
import type { AppContext } from '../context.js';

/**
 * The signed URLs `file.create` and `file.url` hand out: PUT the bytes, GET them back. They sit
 * outside `/v1` and its pipeline: the token in the URL, not an API key, is what admits a request.
 */
export const fileTransferRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const transfer: TransferContext = { db: ctx.storage.db, blobs: ctx.blobs, urlSecret: ctx.fileUrlSecret, now: () => ctx.clock.now(), receiving: new Map() };

  // Any body, as a stream: the bytes go to the blob store as they arrive, never whole into memory.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  // A Content-Type header that does not parse at all; the app-wide answer would ask for JSON.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw error;
    throw new DomainError('unsupported_media_type', "The Content-Type header is not a valid media type; send the one uploadHeaders names.");
  });

  // A refusal before the body is all read closes its connection: plugins/request-timeout.ts does so for every route.
  app.put<{ Params: { id: string }; Querystring: { token?: unknown } }>('/uploads/:id', { config: { streamedBody: true } }, async (request, reply) => {
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
    const download = await findDownload(transfer, request.params.id, request.query.token);
    const etag = `"${download.md5}"`;
    const ifRange = request.headers['if-range'];
    const range = requestedRange(request.headers.range, Array.isArray(ifRange) ? ifRange[0] : ifRange, etag, download.sizeBytes);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${download.sizeBytes}`);
      throw new DomainError('range_not_satisfiable', `The file is ${download.sizeBytes} bytes; the Range asks for none of them.`);
    }
    reply
      .header('content-type', download.file.mime_type)
      // An ASCII filename for every client, and the exact one (filename*) for those that read it.
      .header('content-disposition', contentDisposition(download.file.filename, { fallback: download.file.filename.replace(/[^\x20-\x7e]/g, '_') }))
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'private, no-cache')
      // The bytes are anyone's upload: never run them as a page on fieldhouse's own origin.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox");
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (range === undefined) return reply.header('content-length', String(download.sizeBytes)).send(await download.open());
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${download.sizeBytes}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(await download.open(range));
  });
};

/**
 * The one range a download serves, from a `Range: bytes=…` header: undefined for the whole file
 * (no header, one that does not parse, several ranges, or an If-Range naming another version).
 */
function requestedRange(header: string | undefined, ifRange: string | undefined, etag: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined || (ifRange !== undefined && ifRange !== etag)) return undefined;
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  return { start: ranges[0]!.start, end: ranges[0]!.end };
}
