import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startServerProcess, type ServerProcess } from './helpers/processes.js';
import { API_VERSION } from './helpers/server.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from './helpers/test-database.js';

const KEY_LINE = /^API key: (sk_lf_[0-9A-Za-z]+)$/m;

async function validate(url: string, key: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/v1/auth/validate`, { headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION } });
  return { status: res.status, body: await res.json() };
}

describe('fieldhouse serve and the key and member commands, as processes on one database', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let server: ServerProcess;
  let adminKey: string;

  before(async () => {
    database = await createTestDatabase('fieldhouse-cli-');
    env = database.env;
    server = await startServerProcess(env);
    adminKey = KEY_LINE.exec(server.output())?.[1] ?? '';
  });
  after(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await server.exited;
    await database.drop();
  });

  it('prints one full-access key on its own line at first start', async () => {
    assert.match(adminKey, /^sk_lf_[0-9A-Za-z]{32,}$/);
    assert.equal(server.output().match(/API key: /g)?.length, 1);
    const res = await validate(server.url, adminKey);
    assert.deepEqual([res.status, res.body.scopes], [200, []]);
  });

  it('creates a scoped key the running server accepts at once, lists it without secrets, and revokes it at once', async () => {
    const created = runCli(['keys', 'create', '--name', 'reporting', '--scopes', 'accounts:read,opportunities:read'], env);
    assert.equal(created.status, 0, created.stderr);
    const key = KEY_LINE.exec(created.stdout)?.[1];
    assert.ok(key);
    const id = /Created (key_[0-9A-Z]+)/.exec(created.stdout)?.[1];
    assert.ok(id);
    const ok = await validate(server.url, key);
    assert.deepEqual([ok.status, ok.body.scopes], [200, ['accounts:read', 'opportunities:read']]);

    const listed = runCli(['keys', 'list', '--json'], env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.ok(!listed.stdout.includes(key) && !listed.stdout.includes(adminKey), 'keys list shows no secret');
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; name: string; revokedAt: string | null }>;
    assert.deepEqual(
      keys.map((k) => k.name),
      ['Admin key', 'reporting'],
    );

    const revoked = runCli(['keys', 'revoke', id], env);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal((await validate(server.url, key)).status, 401);
    assert.equal((await validate(server.url, adminKey)).status, 200);

    const again = runCli(['keys', 'revoke', id], env);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /No active API key/);
  });

  it('adds a member and creates a key acting as them', async () => {
    const added = runCli(['members', 'add', '--email', 'Ada@Example.com', '--first', 'Ada', '--last', 'Lovelace'], env);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Added mem_[0-9A-Z]+ ada@example\.com \(MEMBER\)/);
    const duplicate = runCli(['members', 'add', '--email', 'ada@example.com', '--first', 'A', '--last', 'L'], env);
    assert.equal(duplicate.status, 1);
    assert.match(duplicate.stderr, /already exists/);

    const created = runCli(['keys', 'create', '--name', 'ada', '--member', 'ada@example.com'], env);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /for ada@example\.com \(full access\)/);
  });

  it('refuses unknown scopes, unknown members and bad emails with a message and exit code 1', () => {
    const badScope = runCli(['keys', 'create', '--name', 'x', '--scopes', 'accounts:destroy'], env);
    assert.deepEqual([badScope.status, /Unknown scope: accounts:destroy/.test(badScope.stderr)], [1, true]);
    const noMember = runCli(['keys', 'create', '--name', 'x', '--member', 'nobody@example.com'], env);
    assert.deepEqual([noMember.status, /No member 'nobody@example.com'/.test(noMember.stderr)], [1, true]);
    const badEmail = runCli(['members', 'add', '--email', 'not-an-email', '--first', 'A', '--last', 'B'], env);
    assert.deepEqual([badEmail.status, /not an email address/.test(badEmail.stderr)], [1, true]);
  });

  it('adds a custom field the running server serves at once', async () => {
    const api = (pathname: string, json?: unknown) =>
      fetch(`${server.url}${pathname}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'lightfield-version': API_VERSION, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    // The server has read (and keeps) the opportunity definitions before the CLI changes them.
    const before = (await (await api('/v1/opportunities/definitions')).json()) as { fieldDefinitions: Record<string, unknown> };
    assert.equal(before.fieldDefinitions.priority, undefined);
    const account = (await (await api('/v1/accounts', { fields: { $name: 'Cli Co' } })).json()) as { id: string };
    const unknownYet = await api('/v1/opportunities', { fields: { $name: 'Early', $stage: 'Demo', priority: 'High' }, relationships: { $account: account.id } });
    assert.equal(unknownYet.status, 400);

    const added = runCli(['fields', 'add', 'opportunity', 'priority', '--type', 'single_select', '--label', 'Priority', '--options', 'High, Low'], env);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Added ad_[0-9A-Z]+: opportunity\.priority \(SINGLE_SELECT\) "Priority"\./);
    const res = await fetch(`${server.url}/v1/opportunities/definitions`, {
      headers: { authorization: `Bearer ${adminKey}`, 'lightfield-version': API_VERSION },
    });
    const defs = (await res.json()) as { fieldDefinitions: Record<string, { label: string; typeConfiguration: { options: Array<{ label: string }> } }> };
    assert.equal(defs.fieldDefinitions.priority?.label, 'Priority');
    assert.deepEqual(defs.fieldDefinitions.priority?.typeConfiguration.options.map((o) => o.label), ['High', 'Low']);
    const withPriority = await api('/v1/opportunities', { fields: { $name: 'Late', $stage: 'Demo', priority: 'High' }, relationships: { $account: account.id } });
    assert.equal(withPriority.status, 200, await withPriority.clone().text());
    assert.equal(((await withPriority.json()) as { fields: { priority: { value: string } } }).fields.priority.value.startsWith('opt_'), true);

    const again = runCli(['fields', 'add', 'opportunity', 'priority', '--type', 'TEXT', '--label', 'P'], env);
    assert.deepEqual([again.status, /already exists/.test(again.stderr)], [1, true]);
    const badKey = runCli(['fields', 'add', 'account', '$mine', '--type', 'TEXT', '--label', 'Mine'], env);
    assert.deepEqual([badKey.status, /not a valid key/.test(badKey.stderr)], [1, true]);
    const noOptions = runCli(['fields', 'add', 'account', 'tier', '--type', 'SINGLE_SELECT', '--label', 'Tier'], env);
    assert.deepEqual([noOptions.status, /need a non-empty list of options/.test(noOptions.stderr)], [1, true]);
  });

  it('shuts down on SIGTERM with exit code 0, and a restart prints no key', async () => {
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.match(server.output(), /"msg":"shutting down"/);

    const restarted = await startServerProcess(env);
    try {
      assert.doesNotMatch(restarted.output(), /API key/);
      assert.equal((await validate(restarted.url, adminKey)).status, 200);
    } finally {
      restarted.child.kill('SIGTERM');
      assert.equal(await restarted.exited, 0);
    }
  });
});

describe('configuration errors', () => {
  it('refuses a DATABASE_URL that is not PostgreSQL, and a bad PORT, without a stack trace or the URL', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-cli-'));
    try {
      const mysql = runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dataDir, DATABASE_URL: 'mysql://root:hunter2@localhost/x' });
      assert.equal(mysql.status, 1);
      assert.match(mysql.stderr, /DATABASE_URL must be a PostgreSQL URL/);
      assert.doesNotMatch(mysql.stderr, /hunter2/);
      const port = runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dataDir, PORT: 'eighty' });
      assert.equal(port.status, 1);
      assert.match(port.stderr, /PORT must be an integer/);
      assert.doesNotMatch(port.stderr, /at .*\.ts/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says plainly when PostgreSQL cannot be reached, without the password', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-cli-'));
    try {
      // Port 1 on loopback: nothing listens there.
      const down = runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://fieldhouse:hunter2@127.0.0.1:1/fieldhouse' });
      assert.equal(down.status, 1);
      assert.match(down.stderr, /Cannot reach the database at postgres:\/\/fieldhouse:\*\*\*@127\.0\.0\.1:1\/fieldhouse/);
      assert.doesNotMatch(down.stderr, /hunter2|at .*\.ts/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe(`fieldhouse migrate (${TEST_ENGINE})`, () => {
  it('brings a new database up to date, and refuses a schema newer than it knows, changing nothing', async () => {
    const database = await createTestDatabase('fieldhouse-migrate-');
    try {
      const first = runCli(['migrate'], database.env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Schema is up to date/);
      assert.equal(runCli(['migrate'], database.env).status, 0, 'running it again is harmless');

      const storage = await database.open();
      try {
        await storage.db.insertInto('kysely_migration' as any).values({ name: '9999_from_the_future', timestamp: new Date().toISOString() }).execute();
      } finally {
        await storage.close();
      }
      for (const args of [['migrate'], ['serve'], ['keys', 'list']]) {
        const refused = runCli(args, { ...database.env, PORT: '0' });
        assert.equal(refused.status, 1, `${args.join(' ')} must refuse: ${refused.stdout}${refused.stderr}`);
        assert.match(refused.stderr, /schema is newer than this fieldhouse knows: it has run migration 9999_from_the_future/);
        assert.doesNotMatch(refused.stderr, /at .*\.ts/);
      }
    } finally {
      await database.drop();
    }
  });
});
