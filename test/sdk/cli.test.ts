import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Lightfield from '@fieldhouse/sdk';
import { runClientCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.js';
import { toYaml } from '../../src/cli/yaml.js';

const fieldhouse = runClientCli;

describe('fieldhouse <resource> <command> against a running server', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let accountId: string;
  let smtp: SmtpTestServer;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestServer({ env: { FIELDHOUSE_SMTP_URL: smtp.url } });
    env = { LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: t.key };
    accountId = (await new Lightfield({ apiKey: t.key, baseURL: t.url }).account.create({ fields: { $name: 'Acme Corp' } })).id;
  });
  after(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('sends an email with --to given twice and a text body, drafts one, and lists them', async () => {
    const sent = await fieldhouse(['email', 'send', '--from', 'admin@fieldhouse.local', '--to', 'a@cli.test,b@cli.test', '--to', 'c@cli.test', '--subject', 'From the CLI', '--text', 'Hello'], env);
    assert.equal(sent.status, 0, sent.stderr);
    assert.match(JSON.parse(sent.stdout).sentAt, /^\d{4}-/);
    assert.equal(smtp.received.length, 1);
    assert.deepEqual(smtp.received[0]!.envelope.to, ['a@cli.test', 'b@cli.test', 'c@cli.test']);
    assert.equal(smtp.received[0]!.parsed.text?.trim(), 'Hello');
    const drafted = await fieldhouse(['email', 'draft', '--from', 'admin@fieldhouse.local', '--subject', 'Later'], env);
    assert.equal(drafted.status, 0, drafted.stderr);
    const listed = JSON.parse((await fieldhouse(['email', 'list', '--format', 'json'], env)).stdout);
    assert.deepEqual(listed.data.map((e: any) => e.fields.$subject.value), ['Later', 'From the CLI']);
    const wrong = await fieldhouse(['email', 'send', '--from', 'else@where.test', '--to', 'a@cli.test', '--subject', 'x', '--text', 'y'], env);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /\(invalid_value, from\)/);
  });

  it('creates an opportunity and lists it with a filter', async () => {
    const created = await fieldhouse(
      ['opportunity', 'create', '--fields', '{"$name": "CLI deal", "$stage": "Demo", "$amount": 1200}', '--relationships', JSON.stringify({ $account: accountId })],
      env,
    );
    assert.equal(created.status, 0, created.stderr);
    const opp = JSON.parse(created.stdout);
    assert.match(opp.id, /^opp_/);
    assert.equal(opp.fields.$amount.value, 1200);
    assert.match(created.stdout, /^\{\n {2}"id"/, 'pretty by default');

    const listed = await fieldhouse(['opportunity', 'list', '--filter', '$amount[greaterThan]=1000', '--filter', '$stage=Demo', '--limit', '5', '--format', 'json'], env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal(listed.stdout.trim().split('\n').length, 1, 'json is one line');
    const page = JSON.parse(listed.stdout);
    assert.deepEqual([page.object, page.totalCount, page.data.map((o: { id: string }) => o.id)], ['list', 1, [opp.id]]);

    const yaml = await fieldhouse(['opportunity', 'list', '--sort', '-$amount', '--format', 'yaml'], env);
    assert.equal(yaml.status, 0, yaml.stderr);
    assert.match(yaml.stdout, new RegExp(`^object: list\\ndata:\\n  - id: ${opp.id}\\n    createdAt: "`));
    assert.match(yaml.stdout, /\ntotalCount: 1\n$/);
  });

  it('updates, retrieves and reads definitions; flags take the place of the environment', async () => {
    const flags = ['--api-key', t.key, '--base-url', t.url];
    const created = await fieldhouse(['account', 'create', '--fields', '{"$name": "Initech"}', ...flags], {});
    assert.equal(created.status, 0, created.stderr);
    const id = JSON.parse(created.stdout).id as string;
    const updated = await fieldhouse(['account', 'update', id, '--fields', '{"$headcount": "11-50"}', '--idempotency-key', 'cli-1', ...flags], {});
    assert.equal(updated.status, 0, updated.stderr);
    const retrieved = await fieldhouse(['account', 'retrieve', id, '--format', 'yaml', ...flags], {});
    assert.match(retrieved.stdout, new RegExp(`^id: ${id}\\n`));
    assert.match(retrieved.stdout, /\n {2}\$name:\n {4}valueType: TEXT\n {4}value: Initech\n/);
    const defs = await fieldhouse(['task', 'definitions', '--format', 'json'], env);
    assert.equal(JSON.parse(defs.stdout).objectType, 'task');
    const auth = await fieldhouse(['auth', 'validate'], env);
    assert.deepEqual(JSON.parse(auth.stdout).scopes, []);
  });

  it('creates a meeting with --auto-create-records, and its attendee becomes a contact', async () => {
    const fields = { $title: 'CLI sync', $startDate: '2026-01-05T15:00:00Z', $endDate: '2026-01-05T15:30:00Z', $attendeeEmails: ['cli.person@cli-co.test'] };
    const created = await fieldhouse(['meeting', 'create', '--fields', JSON.stringify(fields), '--auto-create-records'], env);
    assert.equal(created.status, 0, created.stderr);
    const meeting = JSON.parse(created.stdout);
    assert.equal(meeting.objectType, 'meeting');
    assert.equal(meeting.relationships.$contact.values.length, 1, 'the attendee became a contact');
    const contact = await fieldhouse(['contact', 'retrieve', meeting.relationships.$contact.values[0]], env);
    assert.deepEqual(JSON.parse(contact.stdout).fields.$email.value, ['cli.person@cli-co.test']);
    const refused = await fieldhouse(['account', 'create', '--fields', '{"$name": "X"}', '--auto-create-records'], env);
    assert.equal(refused.status, 1, 'only meetings take the flag');
  });

  it('deletes and restores records, lists and custom-object records by slug', async () => {
    const sdk = new Lightfield({ apiKey: t.key, baseURL: t.url });
    const account = await sdk.account.create({ fields: { $name: 'Trash via CLI' } });
    const deleted = await fieldhouse(['account', 'delete', account.id, '--format', 'json'], env);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal(JSON.parse(deleted.stdout).id, account.id, 'answers the record');
    const gone = await fieldhouse(['account', 'retrieve', account.id], env);
    assert.deepEqual([gone.status, gone.stderr], [1, "not_found: No resource found in 'accounts' with the given ID.\n"]);
    const restored = await fieldhouse(['account', 'restore', account.id, '--idempotency-key', 'cli-restore-1', '--format', 'yaml'], env);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, new RegExp(`^id: ${account.id}\\n`));
    assert.equal((await sdk.account.retrieve(account.id)).id, account.id);

    const list = await sdk.list.create({ fields: { $name: 'CLI list', $objectType: '$account' } });
    assert.equal((await fieldhouse(['list', 'delete', list.id], env)).status, 0);
    assert.equal((await sdk.list.list()).data.some((l) => l.id === list.id), false);
    assert.equal((await fieldhouse(['list', 'restore', list.id], env)).status, 0);
    assert.equal((await sdk.list.retrieve(list.id)).id, list.id);

    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'gadgets', label: 'Gadget' } })).status, 200);
    const gadget = await sdk.object.create('gadgets', { fields: { $name: 'Widget' } });
    const objectDeleted = await fieldhouse(['object', 'delete', 'gadgets', gadget.id, '--format', 'json'], env);
    assert.equal(objectDeleted.status, 0, objectDeleted.stderr);
    assert.equal(JSON.parse(objectDeleted.stdout).fields.$name.value, 'Widget');
    assert.equal((await fieldhouse(['object', 'restore', 'gadgets', gadget.id], env)).status, 0);
    assert.equal((await sdk.object.retrieve(gadget.id, { entitySlug: 'gadgets' })).id, gadget.id);
    const wrongSlug = await fieldhouse(['object', 'delete', 'nope', gadget.id], env);
    assert.equal(wrongSlug.status, 1);
    assert.match(wrongSlug.stderr, /^not_found: /);
  });

  it('prints field history one page at a time, or every page with --all', async () => {
    const sdk = new Lightfield({ apiKey: t.key, baseURL: t.url });
    const opp = await sdk.opportunity.create({ fields: { $name: 'History', $stage: 'Demo', $amount: 1 }, relationships: { $account: accountId } });
    for (const amount of [2, 3, 4, 5]) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await sdk.opportunity.update(opp.id, { fields: { $amount: amount } });
    }
    const page = await fieldhouse(['opportunity', 'field-history', opp.id, '$amount', '--limit', '2', '--format', 'json'], env);
    assert.equal(page.status, 0, page.stderr);
    const first = JSON.parse(page.stdout);
    assert.deepEqual([first.data.map((e: { value: number }) => e.value), first.hasMore, typeof first.nextCursor], [[5, 4], true, 'string']);
    assert.deepEqual(Object.keys(first.data[0]).sort(), ['displayValue', 'isCreate', 'recordedAt', 'value', 'valueType']);
    const next = JSON.parse((await fieldhouse(['opportunity', 'field-history', opp.id, '$amount', '--limit', '2', '--after', first.nextCursor, '--format', 'json'], env)).stdout);
    assert.deepEqual(next.data.map((e: { value: number }) => e.value), [3, 2]);
    const all = await fieldhouse(['opportunity', 'field-history', opp.id, '$amount', '--limit', '2', '--all', '--format', 'json'], env);
    assert.equal(all.status, 0, all.stderr);
    const whole = JSON.parse(all.stdout);
    assert.deepEqual([whole.data.map((e: { value: number }) => e.value), whole.hasMore, whole.nextCursor], [[5, 4, 3, 2, 1], false, null]);
    const yaml = await fieldhouse(['account', 'field-history', accountId, '$name', '--format', 'yaml'], env);
    assert.equal(yaml.status, 0, yaml.stderr);
    assert.match(yaml.stdout, /^data:\n {2}- value: Acme Corp\n {4}valueType: TEXT\n {4}displayValue: Acme Corp\n/);
    assert.match(yaml.stdout, /\nhasMore: false\nnextCursor: null\n$/);

    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'widgets', label: 'Widget' } })).status, 200);
    const widget = await sdk.object.create('widgets', { fields: { $name: 'W1' } });
    await sdk.object.update(widget.id, { entitySlug: 'widgets', fields: { $name: 'W2' } });
    const objectHistory = await fieldhouse(['object', 'field-history', 'widgets', widget.id, '$name', '--all', '--format', 'json'], env);
    assert.equal(objectHistory.status, 0, objectHistory.stderr);
    assert.deepEqual(JSON.parse(objectHistory.stdout).data.map((e: { value: string }) => e.value), ['W2', 'W1']);
    const unknown = await fieldhouse(['contact', 'field-history', 'con_01ARZ3NDEKTSV4RRFFQ69G5FAV', '$nope'], env);
    assert.equal(unknown.status, 1);
  });

  it('merges with --dry-run, --resolutions and --multi-select-union; reads and undoes the merge', async () => {
    const sdk = new Lightfield({ apiKey: t.key, baseURL: t.url });
    const primary = await sdk.contact.create({ fields: { $name: { firstName: 'Ada', lastName: null }, $email: 'ada@cli-merge.test' } });
    const duplicate = await sdk.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'lovelace@cli-merge.test' } });
    const args = ['contact', 'merge', '--primary', primary.id, '--duplicate', duplicate.id, '--resolutions', '{"$name": "duplicate"}', '--multi-select-union'];

    const dry = await fieldhouse([...args, '--dry-run', '--format', 'json'], env);
    assert.equal(dry.status, 0, dry.stderr);
    const dryRun = JSON.parse(dry.stdout);
    assert.equal(dryRun.merge.status, 'dry_run');
    assert.deepEqual(dryRun.primary.fields.$email.value, ['ada@cli-merge.test', 'lovelace@cli-merge.test']);
    assert.equal((await sdk.contact.retrieve(duplicate.id)).id, duplicate.id, 'a dry run merges nothing');

    const real = await fieldhouse([...args, '--idempotency-key', 'cli-merge-1'], env);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /^\{\n {2}"merge"/, 'pretty by default');
    const merged = JSON.parse(real.stdout);
    assert.equal(merged.merge.status, 'done');
    assert.deepEqual(merged.primary.fields.$name.value, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.deepEqual(Object.keys(merged.summary).sort(), ['fieldWriteCount', 'syncRepointedCount', 'warnings']);
    const replay = JSON.parse((await fieldhouse([...args, '--idempotency-key', 'cli-merge-1'], env)).stdout);
    assert.equal(replay.merge.id, merged.merge.id, 'the same key answers the same merge');

    const view = await fieldhouse(['merge', 'retrieve', merged.merge.id, '--format', 'yaml'], env);
    assert.equal(view.status, 0, view.stderr);
    assert.match(view.stdout, new RegExp(`^id: ${merged.merge.id}\\n`));
    assert.match(view.stdout, new RegExp(`\\nprimaryId: ${primary.id}\\nduplicateId: ${duplicate.id}\\nentityType: contact\\nstatus: done\\n$`));
    const undo = await fieldhouse(['merge', 'undo', merged.merge.id, '--format', 'json'], env);
    assert.equal(undo.status, 0, undo.stderr);
    const undone = JSON.parse(undo.stdout);
    assert.deepEqual([undone.merge.status, undone.primary.id, undone.duplicate.id], ['undone', primary.id, duplicate.id]);
    const twice = await fieldhouse(['merge', 'undo', merged.merge.id], env);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /^conflict: /);

    const a = await sdk.account.create({ fields: { $name: 'Merge A' } });
    const b = await sdk.account.create({ fields: { $name: 'Merge B' } });
    const accounts = await fieldhouse(['account', 'merge', '--primary', a.id, '--duplicate', b.id, '--format', 'json'], env);
    assert.equal(accounts.status, 0, accounts.stderr);
    assert.equal(JSON.parse(accounts.stdout).primary.fields.$name.value, 'Merge A');
    const o1 = await sdk.opportunity.create({ fields: { $name: 'O1', $stage: 'Demo' }, relationships: { $account: a.id } });
    const o2 = await sdk.opportunity.create({ fields: { $name: 'O2', $stage: 'Demo', $amount: 7 }, relationships: { $account: a.id } });
    const opps = await fieldhouse(['opportunity', 'merge', '--primary', o1.id, '--duplicate', o2.id, '--resolutions', '{"$name": {"value": "O"}}', '--format', 'json'], env);
    assert.equal(opps.status, 0, opps.stderr);
    assert.deepEqual([JSON.parse(opps.stdout).primary.fields.$name.value, JSON.parse(opps.stdout).primary.fields.$amount.value], ['O', 7]);

    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'boats', label: 'Boat' } })).status, 200);
    const x = await sdk.object.create('boats', { fields: { $name: 'Dinghy' } });
    const y = await sdk.object.create('boats', { fields: { $name: 'Big dinghy' } });
    const boats = await fieldhouse(['object', 'merge', 'boats', '--primary', x.id, '--duplicate', y.id, '--resolutions', '{"$name": "duplicate"}', '--format', 'json'], env);
    assert.equal(boats.status, 0, boats.stderr);
    assert.equal(JSON.parse(boats.stdout).primary.fields.$name.value, 'Big dinghy');

    const badJson = await fieldhouse(['contact', 'merge', '--primary', primary.id, '--duplicate', duplicate.id, '--resolutions', '{nope'], env);
    assert.equal(badJson.status, 1);
    assert.match(badJson.stderr, /--resolutions must be JSON/);
    const missing = await fieldhouse(['contact', 'merge', '--primary', primary.id], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--duplicate/);
    const same = await fieldhouse(['contact', 'merge', '--primary', primary.id, '--duplicate', primary.id], env);
    assert.equal(same.status, 1);
    assert.match(same.stderr, /\(invalid_type, duplicateId\)/);
    assert.equal((await fieldhouse(['task', 'merge', '--primary', 'a', '--duplicate', 'b'], env)).status, 1, 'tasks have no merge');
  });

  it('prints an API error as `type: message (code, param)` on stderr and exits 1', async () => {
    const run = await fieldhouse(['opportunity', 'create', '--fields', '{"$name": "No stage"}', '--relationships', JSON.stringify({ $account: accountId })], env);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "bad_request: Missing required field '$stage'. (parameter_missing, fields.$stage)\n");
    const missing = await fieldhouse(['note', 'retrieve', 'nte_00000000000000000000000000'], env);
    assert.deepEqual([missing.status, missing.stderr], [1, "not_found: No resource found in 'notes' with the given ID.\n"]);
    const noKey = await fieldhouse(['member', 'list'], { LIGHTFIELD_BASE_URL: t.url });
    assert.equal(noKey.status, 1);
    assert.match(noKey.stderr, /LIGHTFIELD_API_KEY/);
  });
});

describe('the CLI YAML emitter', () => {
  it('writes block YAML, quoting what would read back as something other than the same string', () => {
    const value = {
      id: 'opp_1',
      n: 1.5,
      ok: true,
      none: null,
      empty: [],
      nothing: {},
      tricky: ['true', '123', '2026-12-31T00:00:00.000Z', 'a: b', '-x', '', 'line\nbreak', "it's", 'x #y', '~'],
      nested: [{ a: 1, b: [1, [2]] }],
    };
    assert.equal(
      toYaml(value),
      [
        'id: opp_1',
        '"n": 1.5',
        'ok: true',
        'none: null',
        'empty: []',
        'nothing: {}',
        'tricky:',
        '  - "true"',
        '  - "123"',
        '  - "2026-12-31T00:00:00.000Z"',
        '  - "a: b"',
        '  - "-x"',
        '  - ""',
        '  - "line\\nbreak"',
        "  - it's",
        '  - "x #y"',
        '  - "~"',
        'nested:',
        '  - a: 1',
        '    b:',
        '      - 1',
        '      - - 2',
        '',
      ].join('\n'),
    );
    assert.equal(toYaml([]), '[]\n');
    assert.equal(toYaml('plain'), 'plain\n');
  });
});
