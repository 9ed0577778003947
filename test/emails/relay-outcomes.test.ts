import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import selfsigned from 'selfsigned';
import { startServerProcess } from '../helpers/processes.js';
import { API_VERSION, startTestServer } from '../helpers/server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { createTestDatabase } from '../helpers/test-database.js';

const message = { from: 'admin@fieldhouse.local', to: ['lead@example.test'], subject: 'Are you there?', messageBody: { content: '<p>Hello</p>' } };

describe('relay outcomes that are neither a plain yes nor a plain no', () => {
  it('a relay that goes silent after the message: 503 saying it may have arrived, the key stays held, and the retry settles it without resending', async () => {
    const smtp = await startSmtpServer();
    // Short lock, lease and relay timeout, so the test need not wait long for each.
    const t = await startTestServer({ env: { FIELDHOUSE_SMTP_URL: smtp.url, FIELDHOUSE_SMTP_TIMEOUT_MS: '500', FIELDHOUSE_IDEMPOTENCY_LOCK_MS: '1000', FIELDHOUSE_SMTP_LEASE_MS: '1000' } });
    const send = () => t.request({ path: '/v1/emails/send', json: message, headers: { 'idempotency-key': 'silent-relay' } });
    try {
      smtp.stallAfterData(true);
      const silent = await send();
      assert.equal(silent.status, 503, silent.text);
      assert.match(silent.body.error.message, /may have been delivered.*same Idempotency-Key/);
      assert.equal(smtp.received.length, 1, 'the relay has the whole message');
      smtp.stallAfterData(false);

      const atOnce = await send();
      assert.equal(atOnce.status, 409, 'the key is held, not freed for a second send');
      assert.equal(atOnce.body.error.code, 'idempotency_conflict');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const settled = await send();
      assert.equal(settled.status, 200, settled.text);
      assert.equal(settled.headers.get('idempotent-replayed'), 'true');
      assert.equal(smtp.received.length, 1, 'never handed over twice');
      const emails = await t.request({ path: '/v1/emails' });
      assert.deepEqual(emails.body.data.map((e: any) => e.fields.$sentAt.value), [settled.body.sentAt]);
    } finally {
      await t.stop();
      await smtp.stop();
    }
  });

  it('sends over smtps:// to a relay whose certificate the process trusts, and refuses one it does not', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-tls-'));
    const caFile = path.join(dir, 'relay.pem');
    fs.writeFileSync(caFile, pems.cert);
    const smtp = await startSmtpServer({ user: 'tls-user', password: 'tls-pass' }, { key: pems.private, cert: pems.cert });
    assert.match(smtp.url, /^smtps:\/\//);
    const database = await createTestDatabase('fieldhouse-smtps-');
    const run = async (extra: Record<string, string>) => {
      const server = await startServerProcess({ ...database.env, FIELDHOUSE_SMTP_URL: smtp.url, FIELDHOUSE_WORKER: 'off', ...extra });
      return server;
    };
    let server = await run({ NODE_EXTRA_CA_CERTS: caFile });
    const key = /^API key: (sk_lf_[0-9A-Za-z]+)$/m.exec(server.output())![1]!;
    const send = (url: string) =>
      fetch(`${url}/v1/emails/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json' },
        body: JSON.stringify(message),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
    try {
      const trusted = await send(server.url);
      assert.equal(trusted.status, 200, JSON.stringify(trusted.body));
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.received[0]!.user, 'tls-user');

      server.child.kill('SIGTERM');
      await server.exited;
      server = await run({});
      const untrusted = await send(server.url);
      assert.equal(untrusted.status, 503, JSON.stringify(untrusted.body));
      assert.match(untrusted.body.error.message, /did not take the message.*certificate/i, 'a refused handshake is a plain no');
      assert.equal(smtp.received.length, 1, 'nothing went to a relay whose certificate is not trusted');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
      await smtp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
