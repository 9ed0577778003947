import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganization } from '../../src/domain/organizations.js';
import { runCli } from '../helpers/processes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

interface ListedKey {
  name: string;
  scopes: string[];
}

describe('fieldhouse keys create --scopes', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase('fieldhouse-keys-scopes-');
    const storage = await database.open();
    try {
      await createOrganization(storage.db, { name: 'Scopes Inc', admin: { email: 'admin@scopes.test', firstName: 'Ada', lastName: 'Admin' }, now: new Date() });
    } finally {
      await storage.close();
    }
  });
  after(() => database.drop());

  const keys = (): ListedKey[] => {
    const listed = runCli(['keys', 'list', '--json'], database.env);
    assert.equal(listed.status, 0, listed.stderr);
    return JSON.parse(listed.stdout) as ListedKey[];
  };

  it('refuses a list that names no scope, with one line and no key made', async () => {
    for (const scopes of [',', '', ' , ', ',,']) {
      const created = runCli(['keys', 'create', '--name', `empty ${JSON.stringify(scopes)}`, '--scopes', scopes], database.env);
      assert.notEqual(created.status, 0, `--scopes ${JSON.stringify(scopes)} must fail, printed: ${created.stdout}`);
      assert.doesNotMatch(created.stdout, /API key: /, 'no key is printed');
      assert.equal(created.stderr.trim().split('\n').length, 1, `one line: ${created.stderr}`);
      assert.match(created.stderr, /^fieldhouse: --scopes names no scope/);
    }
    assert.deepEqual(
      keys().map((k) => k.name),
      ['Admin key'],
      'no key was created',
    );
  });

  it('still makes a scoped key from a list, and a full-access key without --scopes', async () => {
    const scoped = runCli(['keys', 'create', '--name', 'reader', '--scopes', ' accounts:read , ,'], database.env);
    assert.equal(scoped.status, 0, scoped.stderr);
    assert.match(scoped.stdout, /\(accounts:read\)/);
    const full = runCli(['keys', 'create', '--name', 'everything'], database.env);
    assert.equal(full.status, 0, full.stderr);
    assert.match(full.stdout, /\(full access\)/);
    const byName = new Map(keys().map((k) => [k.name, k.scopes]));
    assert.deepEqual(byName.get('reader'), ['accounts:read']);
    assert.deepEqual(byName.get('everything'), []);
  });
});
