/** What `file.upload` takes: bytes, a Blob or File, or a stream of chunks (a Node Readable, a web ReadableStream). */
export type UploadSource = Uint8Array | ArrayBuffer | Blob | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/**
 * The whole source as one byte array. A stream is read to its end: the session needs the size
 * before the first byte is sent, and the MD5 that `complete` checks covers every byte.
 */
export async function bytesOf(source: UploadSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const iterable: AsyncIterable<Uint8Array | string> = 'getReader' in source ? readChunks(source) : source;
  for await (const chunk of iterable) chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

async function* readChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The name and type a File carries, for a session that names neither. */
export function describedBy(source: UploadSource): { filename?: string; mimeType?: string } {
  if (typeof File !== 'undefined' && source instanceof File) return { filename: source.name, ...(source.type ? { mimeType: source.type } : {}) };
  if (typeof Blob !== 'undefined' && source instanceof Blob && source.type) return { mimeType: source.type };
  return {};
}
