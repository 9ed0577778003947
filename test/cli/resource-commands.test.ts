import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Lightfield from '@fieldhouse/sdk';
import { runClientCli as fieldhouse } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// `fieldhouse file|list|object <command>` as a user runs them: a real CLI process against a real server.
describe('fieldhouse file, list and object commands against a running server', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let sdk: Lightfield;
  let dir: string;

  /** Runs the CLI with --format json, expects exit 0 and answers the parsed stdout. */
  const json = async (argv: string[]): Promise<any> => {
    const run = await fieldhouse([...argv, '--format', 'json'], env);
    assert.equal(run.status, 0, `fieldhouse ${argv.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout.trim().split('\n').length, 1, 'json is one line');
    return JSON.parse(run.stdout);
  };
  const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  before(async () => {
    t = await startTestServer();
    env = { LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: t.key };
    sdk = new Lightfield({ apiKey: t.key, baseURL: t.url });
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldhouse-cli-'));
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a file session, completes it after the PUT, gives its URL, retrieves, lists and cancels', async () => {
    const bytes = Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHello from the CLI');
    const session = await json(['file', 'create', '--filename', 'call.vtt', '--mime-type', 'text/vtt', '--size-bytes', String(bytes.length), '--purpose', 'meeting_transcript']);
    assert.deepEqual([session.status, session.filename, session.mimeType, session.sizeBytes], ['PENDING', 'call.vtt', 'text/vtt', bytes.length]);
    assert.match(session.id, /^fil_/);
    const put = await fetch(session.uploadUrl, { method: 'PUT', headers: session.uploadHeaders, body: bytes });
    assert.equal(put.status, 200);

    const wrongMd5 = await fieldhouse(['file', 'complete', session.id, '--md5', '0'.repeat(32)], env);
    assert.equal(wrongMd5.status, 1);
    assert.match(wrongMd5.stderr, /^\w+: .*\n$/, 'one line on stderr');
    const completed = await json(['file', 'complete', session.id, '--md5', createHash('md5').update(bytes).digest('hex')]);
    assert.deepEqual([completed.id, completed.status], [session.id, 'COMPLETED']);

    const { url, expiresAt } = await json(['file', 'url', session.id]);
    assert.match(expiresAt, /^\d{4}-/);
    assert.equal((await download(url)).toString(), bytes.toString());
    const yaml = await fieldhouse(['file', 'retrieve', session.id, '--format', 'yaml'], env);
    assert.equal(yaml.status, 0, yaml.stderr);
    assert.match(yaml.stdout, new RegExp(`^id: ${session.id}\\n`));
    assert.match(yaml.stdout, /\nstatus: COMPLETED\n/);

    const other = await json(['file', 'create', '--filename', 'later.txt', '--mime-type', 'text/plain', '--size-bytes', '5', '--idempotency-key', 'cli-file-1']);
    const cancelled = await json(['file', 'cancel', other.id]);
    assert.deepEqual([cancelled.id, cancelled.status], [other.id, 'CANCELLED']);
    const again = await fieldhouse(['file', 'cancel', other.id], env);
    assert.equal(again.status, 1, 'only a PENDING file cancels');

    const page = await json(['file', 'list', '--limit', '5']);
    assert.deepEqual(
      page.data.map((f: { id: string; status: string }) => [f.id, f.status]),
      [[other.id, 'CANCELLED'], [session.id, 'COMPLETED']],
    );
    const offset = await json(['file', 'list', '--offset', '1']);
    assert.deepEqual(offset.data.map((f: { id: string }) => f.id), [session.id]);

    const missing = await fieldhouse(['file', 'create', '--filename', 'x.txt', '--size-bytes', '1'], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--mime-type/);
  });

  it('uploads a local file in one command: COMPLETED, named after it, its size and bytes', async () => {
    const text = 'Agenda\n1. pricing\n2. rollout\n';
    const file = path.join(dir, 'agenda.txt');
    await writeFile(file, text);
    const uploaded = await json(['file', 'upload', file]);
    assert.deepEqual(
      [uploaded.status, uploaded.filename, uploaded.mimeType, uploaded.sizeBytes],
      ['COMPLETED', 'agenda.txt', 'text/plain', Buffer.byteLength(text)],
    );
    assert.equal((await sdk.file.retrieve(uploaded.id)).status, 'COMPLETED');
    assert.equal((await download((await sdk.file.url(uploaded.id)).url)).toString(), text);

    const renamed = await json(['file', 'upload', file, '--filename', 'notes.md', '--mime-type', 'text/markdown']);
    assert.deepEqual([renamed.filename, renamed.mimeType, renamed.status], ['notes.md', 'text/markdown', 'COMPLETED']);

    const absent = await fieldhouse(['file', 'upload', path.join(dir, 'nope.txt')], env);
    assert.equal(absent.status, 1);
    assert.equal(absent.stdout, '');
    assert.match(absent.stderr, /^fieldhouse: Cannot read .*nope\.txt: ENOENT/);
    await writeFile(path.join(dir, 'empty.txt'), '');
    const empty = await fieldhouse(['file', 'upload', path.join(dir, 'empty.txt')], env);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /^fieldhouse: file\.upload has no bytes to send/);
  });

  it('creates, updates, retrieves and lists lists, and pages their accounts, contacts and opportunities', async () => {
    const acme = await sdk.account.create({ fields: { $name: 'Acme' } });
    const globex = await sdk.account.create({ fields: { $name: 'Globex' } });
    const ada = await sdk.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@lists.test' } });
    const deal = await sdk.opportunity.create({ fields: { $name: 'Deal', $stage: 'Demo' }, relationships: { $account: acme.id } });

    const accounts = await json(['list', 'create', '--fields', '{"$name": "Key accounts", "$objectType": "$account"}', '--relationships', JSON.stringify({ $accounts: [acme.id] })]);
    assert.match(accounts.id, /^lst_/);
    assert.deepEqual(accounts.fields.$name, { valueType: 'TEXT', value: 'Key accounts' });
    const updated = await json(['list', 'update', accounts.id, '--fields', '{"$name": "Top accounts"}', '--relationships', JSON.stringify({ $accounts: { add: [globex.id] } })]);
    assert.equal(updated.fields.$name.value, 'Top accounts');
    const retrieved = await json(['list', 'retrieve', accounts.id]);
    assert.deepEqual(retrieved, updated);

    const members = await json(['list', 'list-accounts', accounts.id]);
    assert.deepEqual([members.object, members.totalCount, members.data.map((a: { id: string }) => a.id).sort()], ['list', 2, [acme.id, globex.id].sort()]);
    const sorted = await json(['list', 'list-accounts', accounts.id, '--sort', '-$name']);
    assert.deepEqual(sorted.data.map((a: any) => a.fields.$name.value), ['Globex', 'Acme']);
    const filtered = await json(['list', 'list-accounts', accounts.id, '--filter', '$name=Acme']);
    assert.deepEqual(filtered.data.map((a: { id: string }) => a.id), [acme.id]);
    const limited = await json(['list', 'list-accounts', accounts.id, '--limit', '1', '--sort', '$name']);
    assert.deepEqual([limited.data.map((a: { id: string }) => a.id), limited.totalCount], [[acme.id], 2]);

    const people = await json(['list', 'create', '--fields', '{"$name": "People", "$objectType": "$contact"}', '--relationships', JSON.stringify({ $contacts: [ada.id] })]);
    const deals = await json(['list', 'create', '--fields', '{"$name": "Deals", "$objectType": "$opportunity"}', '--relationships', JSON.stringify({ $opportunities: [deal.id] })]);
    assert.deepEqual((await json(['list', 'list-contacts', people.id])).data.map((c: { id: string }) => c.id), [ada.id]);
    const dealsYaml = await fieldhouse(['list', 'list-opportunities', deals.id, '--format', 'yaml'], env);
    assert.equal(dealsYaml.status, 0, dealsYaml.stderr);
    assert.match(dealsYaml.stdout, new RegExp(`^object: list\\ndata:\\n  - id: ${deal.id}\\n`));

    const all = await json(['list', 'list']);
    assert.deepEqual([all.totalCount, all.data.map((l: { id: string }) => l.id)], [3, [deals.id, people.id, accounts.id]]);
    const pretty = await fieldhouse(['list', 'list', '--limit', '1'], env);
    assert.match(pretty.stdout, /^\{\n {2}"object": "list"/, 'pretty by default');
    assert.equal(JSON.parse(pretty.stdout).data.length, 1);

    // A list of accounts holds no contacts: an empty page, as the API answers it.
    assert.deepEqual(await json(['list', 'list-contacts', accounts.id]), { object: 'list', data: [], totalCount: 0 });
    const badJson = await fieldhouse(['list', 'create', '--fields', '{nope'], env);
    assert.equal(badJson.status, 1);
    assert.match(badJson.stderr, /--fields must be JSON/);
  });

  it('creates, retrieves, updates and lists custom object records; reads definitions and the types', async () => {
    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'gizmos', label: 'Gizmo' } })).status, 200);

    const created = await json(['object', 'create', 'gizmos', '--fields', '{"$name": "Sprocket"}', '--idempotency-key', 'cli-gizmo-1']);
    assert.equal(created.fields.$name.value, 'Sprocket');
    const replay = await json(['object', 'create', 'gizmos', '--fields', '{"$name": "Sprocket"}', '--idempotency-key', 'cli-gizmo-1']);
    assert.equal(replay.id, created.id, 'the same key answers the same record');
    const second = await json(['object', 'create', 'gizmos', '--fields', '{"$name": "Cog"}']);

    const retrieved = await json(['object', 'retrieve', 'gizmos', created.id]);
    assert.deepEqual([retrieved.id, retrieved.fields.$name.value], [created.id, 'Sprocket']);
    const updated = await json(['object', 'update', 'gizmos', created.id, '--fields', '{"$name": "Big sprocket"}']);
    assert.deepEqual([updated.id, updated.fields.$name.value], [created.id, 'Big sprocket']);
    assert.equal((await sdk.object.retrieve(created.id, { entitySlug: 'gizmos' })).fields.$name!.value, 'Big sprocket');

    const everything = await json(['object', 'list', 'gizmos']);
    assert.deepEqual([everything.totalCount, everything.data.map((r: { id: string }) => r.id)], [2, [second.id, created.id]]);
    const filtered = await json(['object', 'list', 'gizmos', '--filter', '$name=Cog']);
    assert.deepEqual([filtered.totalCount, filtered.data.map((r: { id: string }) => r.id)], [1, [second.id]]);
    const sorted = await json(['object', 'list', 'gizmos', '--sort', '$name', '--limit', '1']);
    assert.deepEqual(sorted.data.map((r: { id: string }) => r.id), [created.id]);

    const definitions = await json(['object', 'definitions', 'gizmos']);
    assert.equal(definitions.objectType, 'gizmos');
    assert.ok('$name' in definitions.fieldDefinitions, JSON.stringify(definitions));
    const types = await fieldhouse(['object', 'list-definitions', '--format', 'yaml'], env);
    assert.equal(types.status, 0, types.stderr);
    assert.match(types.stdout, /^data:\n/);
    assert.deepEqual((await json(['object', 'list-definitions'])).data.filter((d: { objectType: string }) => d.objectType === 'gizmos'), [{ objectType: 'gizmos', label: 'Gizmo' }]);

    const unknown = await fieldhouse(['object', 'list', 'nope'], env);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^not_found: /);
  });
});
