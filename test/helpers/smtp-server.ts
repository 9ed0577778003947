import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One message as the relay took it: the envelope the client gave, and the message parsed. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  user: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  /** `smtp://user:password@127.0.0.1:port`, to give fieldhouse as its relay. */
  url: string;
  received: ReceivedMail[];
  /** Answers every DATA with this error reply from now on (undefined: accept again). */
  refuseWith(reply: { code: number; message: string } | undefined): void;
  /** From now on keeps each message but never answers its DATA: the sender waits until it gives up. */
  stallAfterData(stall: boolean): void;
  /** Runs once a message has been read whole, before it is accepted: a test may kill its sender here. */
  onMessage(hook: ((mail: ReceivedMail) => void) | undefined): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that requires AUTH PLAIN/LOGIN with
 * these credentials and keeps what it is sent. Plain (smtp://) unless given a certificate (smtps://).
 */
export async function startSmtpServer(
  credentials = { user: 'relay-user', password: 'relay-pass' },
  /** TLS from the first byte (`smtps://`) with this key and certificate. */
  tls?: { key: string; cert: string },
): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let refusal: { code: number; message: string } | undefined;
  let hook: ((mail: ReceivedMail) => void) | undefined;
  let stalled = false;
  const server = new SMTPServer({
    ...(tls ? { secure: true, key: tls.key, cert: tls.cert } : {}),
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    // No DNS here: a reverse lookup of 127.0.0.1 would wait for a resolver that is not there.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void simpleParser(Buffer.concat(chunks)).then((parsed) => {
          if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const mail: ReceivedMail = { envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, user: session.user as string | undefined, parsed };
          received.push(mail);
          if (stalled) return;
          callback();
          hook?.(mail);
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `${tls ? 'smtps' : 'smtp'}://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@${tls ? 'localhost' : '127.0.0.1'}:${port}`,
    received,
    refuseWith(reply) {
      refusal = reply;
    },
    stallAfterData(stall) {
      stalled = stall;
    },
    onMessage(next) {
      hook = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
