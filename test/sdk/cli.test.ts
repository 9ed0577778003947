import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import Lightfield from '@fieldhouse/sdk';
import { CLI_ARGS, REPO_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.js';
import { toYaml } from '../../src/cli/yaml.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `fieldhouse ARGS` as a process; asynchronous, so the in-process server keeps answering meanwhile. */
function fieldhouse(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LIGHTFIELD_API_KEY: undefined, LIGHTFIELD_BASE_URL: undefined, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

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
