import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSession, upload } from '../files/helpers.js';
import { manualClock } from '../helpers/clock.js';
import { runCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.js';
import { page, signIn } from '../web/browser.js';

const ADMIN = 'admin@fieldhouse.local';

describe('email.* operations: sending through a real SMTP server, drafts, privacy, links', () => {
  let t: TestServer;
  let smtp: SmtpTestServer;
  const clock = manualClock();
  let ada: string;
  let acme: string;
  let boKey: string;

  const send = (json: unknown, options: { key?: string; idempotencyKey?: string } = {}) =>
    t.request({ path: '/v1/emails/send', json, ...(options.key ? { key: options.key } : {}), headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {} });
  const message = (extra: Record<string, unknown> = {}) => ({
    from: ADMIN,
    to: ['ada@acme.test'],
    subject: 'Following up',
    messageBody: { contentType: 'HTML', content: '<p>Hi <b>Ada</b>,</p><p>Following up on our chat.</p>' },
    ...extra,
  });
  const emails = async (key?: string) => {
    const res = await t.request({ path: '/v1/emails?limit=25', ...(key ? { key } : {}) });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const completedFile = async (filename: string, bytes: string, mimeType = 'text/plain') => {
    const file = await createSession(t, { filename, mimeType, sizeBytes: Buffer.byteLength(bytes), purpose: 'email_attachment' });
    assert.equal((await upload(file.uploadUrl, bytes, file.uploadHeaders)).status, 200);
    assert.equal((await t.request({ path: `/v1/files/${file.id}/complete`, json: {} })).status, 200);
    return file.id as string;
  };

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestServer({ clock, env: { FIELDHOUSE_SMTP_URL: smtp.url } });
    acme = (await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Acme', $website: ['https://acme.test'] } } })).body.id;
    ada = (await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Ada', lastName: 'L' }, $email: 'Ada@Acme.test' }, relationships: { $account: acme } } })).body.id;
    const env = t.database.env;
    assert.equal(runCli(['members', 'add', '--email', 'bo@fieldhouse.local', '--first', 'Bo', '--last', 'Other'], env).status, 0);
    const made = runCli(['keys', 'create', '--name', 'bo', '--member', 'bo@fieldhouse.local'], env);
    boKey = /sk_lf_\S+/.exec(made.stdout)![0];
  });
  after(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('delivers the message with its headers, envelope, both body parts and the attachment, and answers sentAt', async () => {
    const attachment = await completedFile('pricing.txt', 'Plan A: $10\n');
    clock.advance(1000);
    const res = await send(message({ to: ['Ada@acme.test'], cc: ['cc@partner.test'], bcc: ['hidden@partner.test'], attachments: [attachment] }));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body), ['sentAt']);
    assert.equal(res.body.sentAt, clock.now().toISOString());

    assert.equal(smtp.received.length, 1);
    const [mail] = smtp.received;
    assert.equal(mail!.user, 'relay-user', 'the relay was logged in to with the URL’s credentials');
    assert.equal(mail!.envelope.from, ADMIN);
    assert.deepEqual(mail!.envelope.to.sort(), ['Ada@acme.test', 'cc@partner.test', 'hidden@partner.test'].sort(), 'Bcc is in the envelope');
    const parsed = mail!.parsed;
    assert.equal(parsed.from?.text, ADMIN);
    assert.equal((parsed.to as { text: string }).text, 'Ada@acme.test');
    assert.equal((parsed.cc as { text: string }).text, 'cc@partner.test');
    assert.equal(parsed.bcc, undefined, 'Bcc is not a header');
    assert.equal(parsed.subject, 'Following up');
    assert.equal(parsed.html, '<p>Hi <b>Ada</b>,</p><p>Following up on our chat.</p>');
    assert.match(parsed.text ?? '', /Hi Ada,\s+Following up on our chat\./, 'HTML mail carries a text part');
    assert.match(parsed.messageId ?? '', /^<eml_[0-9A-Z]+@/);
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]!.filename, 'pricing.txt');
    assert.equal(parsed.attachments[0]!.content.toString(), 'Plan A: $10\n');

    const [sent] = (await emails()).data;
    assert.equal(sent.id, parsed.messageId!.slice(1, parsed.messageId!.indexOf('@')), 'the record is the message');
    assert.equal(sent.objectType, 'email');
    assert.equal(sent.accessLevel, 'FULL');
    assert.equal(sent.fields.$subject.value, 'Following up');
    assert.equal(sent.fields.$sentAt.value, res.body.sentAt);
    assert.deepEqual(sent.fields.$from.value, [ADMIN]);
    assert.deepEqual(sent.fields.$bcc.value, ['hidden@partner.test']);
    assert.ok(!('$body' in sent.fields), 'list items leave the body out');
    assert.deepEqual(sent.relationships.$attachments.values, [attachment]);

    const full = await t.request({ path: `/v1/emails/${sent.id}` });
    assert.equal(full.status, 200, full.text);
    assert.equal(full.body.fields.$body.value, '<p>Hi <b>Ada</b>,</p><p>Following up on our chat.</p>');
    assert.equal(full.body.fields.$body.valueType, 'HTML');
  });

  it('links a sent email to the contacts among its recipients and their accounts, and makes it their last interaction', async () => {
    const [sent] = (await emails()).data;
    assert.deepEqual(sent.relationships.$contact.values, [ada], 'matched case-insensitively');
    assert.deepEqual(sent.relationships.$account.values, [acme]);
    const contact = (await t.request({ path: `/v1/contacts/${ada}` })).body;
    assert.equal(contact.fields.$lastInteractionAt.value, sent.createdAt);
    const account = (await t.request({ path: `/v1/accounts/${acme}` })).body;
    assert.equal(account.fields.$lastInteractionAt.value, sent.createdAt);
  });

  it('sends a TEXT body as a text part only, and stores it as HTML that reads the same', async () => {
    clock.advance(1000);
    const res = await send(message({ messageBody: { contentType: 'TEXT', content: 'Line one\nline <two>\n\nBye' } }));
    assert.equal(res.status, 200, res.text);
    const parsed = smtp.received.at(-1)!.parsed;
    assert.equal(parsed.html, false);
    assert.equal(parsed.text?.trim(), 'Line one\nline <two>\n\nBye');
    const id = (await emails()).data[0].id;
    assert.equal((await t.request({ path: `/v1/emails/${id}` })).body.fields.$body.value, '<p>Line one<br>line &lt;two&gt;</p><p>Bye</p>');
  });

  it('refuses a from that is not the key member’s mailbox (any capitals accepted), and bad input, sending nothing', async () => {
    const before = smtp.received.length;
    const total = (await emails()).totalCount;
    const wrongFrom = await send(message({ from: 'someone@else.test' }));
    assert.equal(wrongFrom.status, 422, wrongFrom.text);
    assert.deepEqual([wrongFrom.body.error.code, wrongFrom.body.error.param], ['invalid_value', 'from']);
    const cases: Array<[unknown, number, string, string]> = [
      [message({ to: [] }), 400, 'invalid_type', 'to'],
      [message({ to: ['not-an-address'] }), 422, 'invalid_value', 'to.0'],
      [message({ cc: ['ok@fine.test', 'bad@'] }), 422, 'invalid_value', 'cc.1'],
      [message({ subject: '' }), 400, 'invalid_type', 'subject'],
      [message({ messageBody: { content: '' } }), 400, 'invalid_type', 'messageBody.content'],
      [message({ to: Array.from({ length: 501 }, (_, i) => `p${i}@many.test`) }), 400, 'invalid_type', 'to'],
      [message({ attachments: ['fil_1', 'fil_2', 'fil_3', 'fil_4', 'fil_5', 'fil_6'] }), 400, 'invalid_type', 'attachments'],
      [message({ attachments: ['fil_missing'] }), 400, 'referenced_resource_missing', 'attachments.0'],
      [message({ replyTo: 'x@y.test' }), 400, 'unknown_field', 'replyTo'],
      [{ ...message(), subject: undefined }, 400, 'parameter_missing', 'subject'],
      [message({ subject: '   ' }), 422, 'invalid_value', 'subject'],
      [message({ subject: 'x'.repeat(10_001) }), 400, 'invalid_type', 'subject'],
      [message({ messageBody: { content: '<div>'.repeat(100_000) } }), 422, 'invalid_value', 'messageBody.content'],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await send(body);
      assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
      assert.deepEqual([res.body.error.code, res.body.error.param], [code, param], res.text);
    }
    const pending = await createSession(t, { filename: 'later.txt', mimeType: 'text/plain', sizeBytes: 3, purpose: 'email_attachment' });
    const notYet = await send(message({ attachments: [pending.id] }));
    assert.equal(notYet.status, 422, notYet.text);
    assert.deepEqual([notYet.body.error.code, notYet.body.error.param], ['invalid_value', 'attachments.0']);
    assert.equal(smtp.received.length, before, 'nothing was sent');
    assert.equal((await emails()).totalCount, total, 'nothing was recorded');

    clock.advance(1000);
    const capitals = await send(message({ from: ADMIN.toUpperCase(), subject: 'Capitals' }));
    assert.equal(capitals.status, 200, capitals.text);
    assert.equal(smtp.received.at(-1)!.parsed.from?.text, ADMIN, 'sent as the mailbox spells its address');
    assert.deepEqual((await emails()).data[0].fields.$from.value, [ADMIN]);
  });

  it('answers 503 naming the server’s reply when the relay refuses, or cannot be reached, and nothing reads as sent', async () => {
    const before = smtp.received.length;
    const total = (await emails()).totalCount;
    smtp.refuseWith({ code: 554, message: 'Transaction failed: relaying denied' });
    try {
      const refused = await send(message(), { idempotencyKey: 'refused-once' });
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.body.error.type, 'service_unavailable');
      assert.match(refused.body.error.message, /554.*relaying denied/);
    } finally {
      smtp.refuseWith(undefined);
    }
    assert.equal((await emails()).totalCount, total, 'no sent record');
    const outbox = await t.server.storage.db.selectFrom('email_outbox').select(['state', 'relay_reply']).where('state', '=', 'failed').execute();
    assert.equal(outbox.length, 1);
    assert.match(outbox[0]!.relay_reply ?? '', /554/);

    // A refusal frees the key: the same send, retried once the relay takes mail, goes out.
    clock.advance(1000);
    const retried = await send(message(), { idempotencyKey: 'refused-once' });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(smtp.received.length, before + 1);

    const env = t.database.env;
    assert.equal(runCli(['mailboxes', 'set', '--member', ADMIN, '--smtp-url', 'smtp://u:p@127.0.0.1:9'], env).status, 0);
    try {
      const unreachable = await send(message());
      assert.equal(unreachable.status, 503, unreachable.text);
      assert.match(unreachable.body.error.message, /127\.0\.0\.1:9.*ECONNREFUSED/);
    } finally {
      assert.equal(runCli(['mailboxes', 'set', '--member', ADMIN, '--smtp-url', 'server'], env).status, 0);
    }
    assert.equal((await emails()).totalCount, total + 1);
  });

  it('an attachment whose bytes left the file store fails the send before anything is outstanding', async () => {
    const fileId = await completedFile('gone.txt', 'soon gone');
    const row = await t.server.storage.db.selectFrom('files').select('blob_key').where('id', '=', fileId).executeTakeFirstOrThrow();
    fs.rmSync(path.join(t.database.dataDir, 'files', row.blob_key!));
    const before = smtp.received.length;
    const res = await send(message({ attachments: [fileId] }), { idempotencyKey: 'gone-bytes' });
    assert.equal(res.status, 503, res.text);
    assert.match(res.body.error.message, /missing from the file store/);
    assert.equal(smtp.received.length, before);
    const sending = await t.server.storage.db.selectFrom('email_outbox').select('id').where('state', '=', 'sending').execute();
    assert.deepEqual(sending, [], 'no send left for the sweep to record as sent');
    const again = await send(message(), { idempotencyKey: 'gone-bytes' });
    assert.notEqual(again.status, 409, 'the key was freed');
  });

  it('an idempotent replay answers the same and never sends again', async () => {
    const before = smtp.received.length;
    clock.advance(1000);
    const first = await send(message({ subject: 'Once only' }), { idempotencyKey: 'send-once' });
    assert.equal(first.status, 200, first.text);
    clock.advance(1000);
    const again = await send(message({ subject: 'Once only' }), { idempotencyKey: 'send-once' });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, first.text);
    assert.equal(smtp.received.length, before + 1);
    assert.equal((await emails()).data.filter((e: any) => e.fields.$subject.value === 'Once only').length, 1);
  });

  it('stores drafts, which send nothing, need more than from, and are no interaction', async () => {
    const before = smtp.received.length;
    const fromOnly = await t.request({ path: '/v1/emails/draft', json: { from: ADMIN } });
    assert.equal(fromOnly.status, 400, fromOnly.text);
    assert.equal(fromOnly.body.error.code, 'parameter_missing');
    const emptyLists = await t.request({ path: '/v1/emails/draft', json: { from: ADMIN, to: [], subject: '' } });
    assert.equal(emptyLists.status, 400, emptyLists.text);
    const wrongFrom = await t.request({ path: '/v1/emails/draft', json: { from: 'bo@fieldhouse.local', subject: 'x' } });
    assert.deepEqual([wrongFrom.status, wrongFrom.body.error.param], [422, 'from']);

    const interactionBefore = (await t.request({ path: `/v1/contacts/${ada}` })).body.fields.$lastInteractionAt.value;
    clock.advance(60_000);
    const res = await t.request({ path: '/v1/emails/draft', json: { from: ADMIN, to: ['ada@acme.test'], subject: 'Draft: proposal' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { draftedAt: clock.now().toISOString() });
    assert.equal(smtp.received.length, before, 'a draft is not sent');
    const draft = (await emails()).data[0];
    assert.equal(draft.fields.$subject.value, 'Draft: proposal');
    assert.equal(draft.fields.$sentAt.value, null);
    assert.deepEqual(draft.relationships.$contact.values, [ada], 'linked like a sent email');
    assert.equal((await t.request({ path: `/v1/contacts/${ada}` })).body.fields.$lastInteractionAt.value, interactionBefore, 'a draft reached nobody yet');
  });

  it('reads another member’s mail as METADATA until the sender shares the mailbox', async () => {
    const mine = (await emails()).data.find((e: any) => e.fields.$subject.value === 'Following up' && e.relationships.$attachments.values.length === 1);
    const theirs = await t.request({ path: `/v1/emails/${mine.id}`, key: boKey });
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal(theirs.body.accessLevel, 'METADATA');
    assert.equal(theirs.body.fields.$subject.value, null);
    assert.equal(theirs.body.fields.$body.value, null);
    assert.ok(!('$attachments' in theirs.body.relationships), 'attachments are left out');
    assert.deepEqual(theirs.body.fields.$to.value, ['Ada@acme.test'], 'who and when stay visible');
    assert.deepEqual(theirs.body.fields.$bcc.value, [], 'Bcc is the sender’s secret');
    const searched = await t.request({ path: '/v1/emails?$subject[startsWith]=Foll', key: boKey });
    assert.equal(searched.status, 400, 'no filter could tell what METADATA hides');
    const listed = (await emails(boKey)).data.find((e: any) => e.id === mine.id);
    assert.equal(listed.accessLevel, 'METADATA');
    assert.equal(listed.fields.$subject.value, null);
    const pathname = new URL(mine.httpLink).pathname;
    const mineOnTheWeb = await page(t, pathname, { cookie: await signIn(t, t.key) });
    assert.equal(mineOnTheWeb.status, 200);
    assert.match(mineOnTheWeb.text, /Following up on our chat/);
    assert.match(mineOnTheWeb.text, /&lt;p&gt;Hi/, 'the body is shown as its source, never run as HTML');
    const theirsOnTheWeb = await page(t, pathname, { cookie: await signIn(t, boKey) });
    assert.equal(theirsOnTheWeb.status, 200);
    assert.doesNotMatch(theirsOnTheWeb.text, /Following up/, 'the web page keeps the privacy the API keeps');

    const shared = runCli(['mailboxes', 'set', '--member', ADMIN, '--share', 'full'], t.database.env);
    assert.equal(shared.status, 0, shared.stderr);
    const now = await t.request({ path: `/v1/emails/${mine.id}`, key: boKey });
    assert.equal(now.body.accessLevel, 'FULL');
    assert.equal(now.body.fields.$subject.value, 'Following up');
    assert.deepEqual(now.body.relationships.$attachments.values, mine.relationships.$attachments.values);
  });

  it('sends through a member’s own relay and address, set with fieldhouse mailboxes set', async () => {
    const own = await startSmtpServer({ user: 'bo', password: 's3cret' });
    try {
      const env = t.database.env;
      const set = runCli(['mailboxes', 'set', '--member', 'bo@fieldhouse.local', '--smtp-url', own.url, '--address', 'Bo@Sales.fieldhouse.test'], env);
      assert.equal(set.status, 0, set.stderr);
      assert.ok(!set.stdout.includes('s3cret'), `the password is not printed: ${set.stdout}`);
      const listed = runCli(['mailboxes', 'list'], env);
      assert.match(listed.stdout, /bo@fieldhouse\.local: sends as Bo@Sales\.fieldhouse\.test/);
      assert.ok(!listed.stdout.includes('s3cret'));

      const asMember = await send(message({ from: 'bo@fieldhouse.local' }), { key: boKey });
      assert.deepEqual([asMember.status, asMember.body.error?.param], [422, 'from'], 'the mailbox address replaces the member email');
      const res = await send(message({ from: 'bo@sales.fieldhouse.test' }), { key: boKey });
      assert.equal(res.status, 200, res.text);
      assert.equal(own.received.length, 1);
      assert.equal(own.received[0]!.user, 'bo');
      const bad = runCli(['mailboxes', 'set', '--member', 'bo@fieldhouse.local', '--smtp-url', 'http://nope'], env);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /smtp:\/\/ or smtps:\/\//);
    } finally {
      await own.stop();
    }
  });

  it('needs emails:create to send and emails:read to read', async () => {
    const reader = await t.createKey(['emails:read']);
    const denied = await send(message(), { key: reader.key });
    assert.equal(denied.status, 403, denied.text);
    assert.equal((await t.request({ path: '/v1/emails', key: reader.key })).status, 200);
    const writer = await t.createKey(['emails:create']);
    assert.equal((await t.request({ path: '/v1/emails', key: writer.key })).status, 403);
    assert.equal((await t.request({ path: '/v1/emails/eml_nope' })).status, 404);
  });
});
