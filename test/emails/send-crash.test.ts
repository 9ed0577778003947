import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { API_VERSION } from '../helpers/server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { createTestDatabase } from '../helpers/test-database.js';

const KEY_LINE = /^API key: (sk_lf_[0-9A-Za-z]+)$/m;

describe('a send survives its process dying between the relay’s accept and the answer', () => {
  it('SIGKILL right after the SMTP server accepted: the retry under the same key answers sentAt and sends nothing again', async () => {
    const smtp = await startSmtpServer();
    const database = await createTestDatabase('fieldhouse-mail-crash-');
    // A short idempotency lock, so the retry may take over the dead request's key a moment later.
    // Short enough for the test: the dead send's lease has lapsed by the retry.
    const env = { ...database.env, FIELDHOUSE_SMTP_URL: smtp.url, FIELDHOUSE_IDEMPOTENCY_LOCK_MS: '1000', FIELDHOUSE_SMTP_LEASE_MS: '1000', FIELDHOUSE_WORKER: 'off' };
    let server: ServerProcess = await startServerProcess(env);
    const key = KEY_LINE.exec(server.output())![1]!;
    const send = (url: string) =>
      fetch(`${url}/v1/emails/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json', 'idempotency-key': 'crash-send-1' },
        body: JSON.stringify({ from: 'admin@fieldhouse.local', to: ['lead@example.test'], subject: 'Exactly once', messageBody: { content: '<p>Once.</p>' } }),
      });
    try {
      const first = server;
      // Killed in the same tick the relay accepts: the sender never reads the 250.
      smtp.onMessage(() => first.child.kill('SIGKILL'));
      const died = await send(first.url).then(
        (res) => `answered ${res.status}`,
        (err: Error) => err.message,
      );
      assert.equal(died, 'fetch failed', 'the process died before it answered');
      await first.exited;
      smtp.onMessage(undefined);
      assert.equal(smtp.received.length, 1, 'the relay has the message');

      server = await startServerProcess(env);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const retry = await send(server.url);
      const body = (await retry.json()) as { sentAt?: string };
      assert.equal(retry.status, 200, JSON.stringify(body));
      assert.equal(retry.headers.get('idempotent-replayed'), 'true', 'answered as the earlier try');
      assert.match(body.sentAt ?? '', /^\d{4}-\d\d-\d\dT/);
      assert.equal(smtp.received.length, 1, 'not sent a second time');

      const list = await fetch(`${server.url}/v1/emails`, { headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION } });
      const emails = (await list.json()) as { data: Array<{ id: string; fields: Record<string, { value: unknown }> }> };
      assert.equal(emails.data.length, 1, 'one email record');
      assert.equal(emails.data[0]!.fields.$sentAt!.value, body.sentAt);
      assert.equal(smtp.received[0]!.parsed.messageId, `<${emails.data[0]!.id}@fieldhouse.local>`, 'the record is the message the relay holds');

      const again = await send(server.url);
      assert.equal(again.status, 200);
      assert.equal(smtp.received.length, 1, 'a later replay sends nothing either');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
      await smtp.stop();
    }
  });
  it('a send without a key, left unsettled by a dead process, is recorded as sent by the next start and not sent again', async () => {
    const smtp = await startSmtpServer();
    const database = await createTestDatabase('fieldhouse-mail-sweep-');
    // A send whose lease (1 s here, 15 s unless set) lapsed was left by a dead process.
    const env = { ...database.env, FIELDHOUSE_SMTP_URL: smtp.url, FIELDHOUSE_SMTP_LEASE_MS: '1000', FIELDHOUSE_WORKER: 'off' };
    let server: ServerProcess = await startServerProcess(env);
    const key = KEY_LINE.exec(server.output())![1]!;
    const headers = { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json' };
    try {
      const first = server;
      smtp.onMessage(() => first.child.kill('SIGKILL'));
      const died = await fetch(`${first.url}/v1/emails/send`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ from: 'admin@fieldhouse.local', to: ['lead@example.test'], subject: 'No key', messageBody: { content: 'Hello', contentType: 'TEXT' } }),
      }).then(async (res) => `answered ${res.status} ${await res.text()}`, (err: Error) => err.message);
      assert.equal(died, 'fetch failed');
      await first.exited;
      smtp.onMessage(undefined);
      await new Promise((resolve) => setTimeout(resolve, 1100));

      server = await startServerProcess(env);
      const list = await fetch(`${server.url}/v1/emails`, { headers });
      const emails = (await list.json()) as { data: Array<{ id: string; fields: Record<string, { value: unknown }> }> };
      assert.equal(emails.data.length, 1, 'the send is on record');
      assert.equal(emails.data[0]!.fields.$subject!.value, 'No key');
      assert.match(String(emails.data[0]!.fields.$sentAt!.value), /^\d{4}-/);
      assert.equal(smtp.received.length, 1, 'and was not sent again');
      assert.match(server.output(), /recorded sends whose process stopped before the relay answered as sent/);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
      await smtp.stop();
    }
  });
});
