import net from 'node:net';

/** What a server wrote back on one raw connection, and whether it closed it. */
export interface RawExchange {
  /** undefined when nothing that parses as a response arrived. */
  status: number | undefined;
  headers: Record<string, string>;
  text: string;
  body: any;
  /** The server closed the connection (rather than the wait running out). */
  closedByServer: boolean;
  /** From connecting until the server closed, or until the wait ran out. */
  elapsedMs: number;
}

export interface RawConnection {
  socket: net.Socket;
  /** Writes, then resolves once the socket took the bytes. */
  send(bytes: string): Promise<void>;
  /** Resolves once the server closed the connection or `waitMs` passed (then the test closes it). */
  finish(waitMs: number): Promise<RawExchange>;
  /** Resolves with the first complete response, leaving the connection open. */
  response(waitMs: number): Promise<RawExchange>;
}

/**
 * A connection driven byte by byte, for what fetch cannot send: half a body, a negative
 * Content-Length, headers of any size, or nothing at all.
 */
export async function connectRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = Date.now();
  let received = '';
  let closed = false;
  const onClose: Array<() => void> = [];
  const onData: Array<() => void> = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
    for (const f of onData) f();
  });
  // A reset after the server's answer is still a close by the server.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    for (const f of onClose) f();
  });

  const exchange = (): RawExchange => {
    const parsed = parseResponse(received);
    return { ...parsed, closedByServer: closed, elapsedMs: Date.now() - started };
  };

  return {
    socket,
    send: (bytes) => new Promise((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve()))),
    finish: (waitMs) =>
      new Promise((resolve) => {
        if (closed) return resolve(exchange());
        const timer = setTimeout(() => {
          const result = exchange();
          socket.destroy();
          resolve(result);
        }, waitMs);
        onClose.push(() => {
          clearTimeout(timer);
          resolve(exchange());
        });
      }),
    response: (waitMs) =>
      new Promise((resolve) => {
        const done = (result: RawExchange) => {
          clearTimeout(timer);
          // A later call waits for the next response, not this one.
          for (const list of [onData, onClose]) list.splice(list.indexOf(check), 1);
          resolve(result);
        };
        const check = () => {
          const parsed = parseResponse(received);
          if (!parsed.complete) return;
          received = received.slice(parsed.length);
          done({ ...parsed, closedByServer: closed, elapsedMs: Date.now() - started });
        };
        const timer = setTimeout(() => done(exchange()), waitMs);
        onData.push(check);
        onClose.push(check);
        check();
      }),
  };
}

function parseResponse(raw: string): Omit<RawExchange, 'closedByServer' | 'elapsedMs'> & { complete: boolean; length: number } {
  const headEnd = raw.indexOf('\r\n\r\n');
  const none = { status: undefined, headers: {}, text: raw, body: undefined, complete: false, length: 0 };
  if (headEnd === -1) return none;
  const [statusLine, ...lines] = raw.slice(0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1];
  if (!status) return none;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const text = raw.slice(headEnd + 4, headEnd + 4 + length);
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  // Bodies here are ASCII JSON, so characters count bytes.
  return { status: Number(status), headers, text, body, complete: text.length >= length, length: headEnd + 4 + length };
}
