import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runClientCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const fieldhouse = runClientCli;

describe('fieldhouse import csv FILE', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    t = await startTestServer();
    env = { LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: t.key };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-csv-'));
    for (const field of [
      { key: 'seats', label: 'Seats', valueType: 'NUMBER' },
      { key: 'tier', label: 'Tier', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['Gold', 'Silver'] } },
      { key: 'renews-at', label: 'Renews at', valueType: 'DATETIME' },
      { key: 'partner', label: 'Partner', valueType: 'CHECKBOX' },
    ]) {
      const res = await t.request({ path: '/v1/accounts/definitions/fields', json: field });
      assert.equal(res.status, 200, res.text);
    }
  });
  after(async () => {
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  /** Every record of a collection (`accounts`, `contacts`, `objects/invoice`), by `$name` as text. */
  async function all(collection: string): Promise<{ total: number; byName: Map<string, any> }> {
    const res = await t.request({ path: `/v1/${collection}?limit=25` });
    assert.equal(res.status, 200, res.text);
    const name = (r: any) => {
      const v = r.fields.$name.value;
      return typeof v === 'string' ? v : [v.firstName, v.lastName].filter(Boolean).join(' ');
    };
    return { total: res.body.totalCount, byName: new Map(res.body.data.map((r: any) => [name(r), r])) };
  }

  /** Option labels of a type's select fields, by option id. */
  async function optionLabels(type: string): Promise<Map<string, string>> {
    const res = await t.request({ path: `/v1/${type}/definitions` });
    assert.equal(res.status, 200, res.text);
    return new Map(Object.values<any>(res.body.fieldDefinitions).flatMap((f) => (f.typeConfiguration.options ?? []).map((o: any) => [o.id, o.label] as [string, string])));
  }

  it('imports a CSV of accounts, cells converted by field type, and creates nothing twice when run again', async () => {
    const file = write(
      'accounts.csv',
      [
        '$name,Website,$headcount,industry,seats,Tier,renews-at,partner,$primaryAddress.city,$primaryAddress.country',
        '"Acme, Inc.",acme.test; https://www.acme.test/,11-50,Software;retail,"1,200",gold,2026-03-16T12:00:00+02:00,yes,Paris,fr',
        '',
        'Globex,globex.test,,,7.5,Silver,2026-01-01,no,,',
        'Initech,,,,,,,,,',
      ].join('\n') + '\n',
    );
    const first = await fieldhouse(['import', 'csv', file, '--type', 'account'], env);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, 'Imported 3 of 3 rows; 0 failed.\n');
    assert.match(first.stderr, /^Read .*accounts\.csv \(CSV\): 3 rows for account\.$/m);

    const seen = await all('accounts');
    assert.equal(seen.total, 3);
    const label = await optionLabels('accounts');
    const acme = seen.byName.get('Acme, Inc.');
    assert.ok(acme, 'the quoted comma stays in the name');
    assert.deepEqual(acme.fields.$website.value, ['https://acme.test', 'https://www.acme.test']);
    assert.equal(label.get(acme.fields.$headcount.value), '11-50');
    assert.deepEqual(acme.fields.$industry.value.map((id: string) => label.get(id)), ['Software', 'Retail']);
    assert.equal(acme.fields.seats.value, 1200);
    assert.equal(label.get(acme.fields.tier.value), 'Gold');
    assert.equal(acme.fields['renews-at'].value, '2026-03-16T10:00:00.000Z');
    assert.equal(acme.fields.partner.value, true);
    assert.deepEqual([acme.fields.$primaryAddress.value.city, acme.fields.$primaryAddress.value.country], ['Paris', 'FR']);
    const globex = seen.byName.get('Globex');
    assert.deepEqual(globex.fields.$website.value, ['https://globex.test']);
    assert.deepEqual([globex.fields.seats.value, label.get(globex.fields.tier.value), globex.fields.partner.value], [7.5, 'Silver', false]);
    assert.equal(globex.fields['renews-at'].value, '2026-01-01T00:00:00.000Z');
    assert.deepEqual([globex.fields.$headcount.value, globex.fields.$primaryAddress.value], [null, null], 'empty cells give no value');
    const initech = seen.byName.get('Initech');
    assert.deepEqual([initech.fields.$website.value, initech.fields.seats.value], [null, null]);

    const second = await fieldhouse(['import', 'csv', file, '--type', 'account'], env);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, 'Imported 3 of 3 rows; 0 failed. 3 of them had been created by an earlier run of this file.\n');
    const again = await all('accounts');
    assert.equal(again.total, 3);
    for (const [name, record] of seen.byName) assert.equal(again.byName.get(name)?.id, record.id, name);
  });

  it('imports a JSON Lines file of contacts as it is, with their relationships to an account', async () => {
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Umbrella' } } });
    assert.equal(account.status, 200, account.text);
    const file = write(
      'contacts.jsonl',
      [
        JSON.stringify({ fields: { $name: { firstName: 'Alice', lastName: 'Ng' }, $email: ['alice@umbrella.test'] }, relationships: { $account: [account.body.id] } }),
        '',
        JSON.stringify({ fields: { $name: { firstName: 'Bob', lastName: 'Ray' }, $title: 'CTO' }, relationships: { $account: account.body.id } }),
        '',
      ].join('\n'),
    );
    const run = await fieldhouse(['import', 'csv', file, '--type', 'contact'], env);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'Imported 2 of 2 rows; 0 failed.\n');
    assert.match(run.stderr, /\(JSON Lines\): 2 rows for contact\./);
    const contacts = await all('contacts');
    const alice = contacts.byName.get('Alice Ng');
    const bob = contacts.byName.get('Bob Ray');
    assert.deepEqual(alice.fields.$email.value, ['alice@umbrella.test']);
    assert.equal(bob.fields.$title.value, 'CTO');
    assert.deepEqual([alice.relationships.$account.values, bob.relationships.$account.values], [[account.body.id], [account.body.id]]);
    const umbrella = await t.request({ path: `/v1/accounts/${account.body.id}` });
    assert.deepEqual([...umbrella.body.relationships.$contact.values].sort(), [alice.id, bob.id].sort());
  });

  it('reports a row the API refuses as LINE N with its code and param, imports the others, and exits 1', async () => {
    const file = write(
      'people.csv',
      [
        '$name,$email,$title,$doNotContact,$account',
        'Ada Lovelace,ada@engine.test,"Countess,',
        'Mathematician",true,',
        'Bad Row,not-an-email,,,',
        'Grace Brewster Hopper,grace@navy.test;gh@navy.test,Admiral,no,',
      ].join('\r\n'),
    );
    const run = await fieldhouse(['import', 'csv', file, '--type', 'contact'], env);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, 'Imported 2 of 3 rows; 1 failed.\n');
    assert.match(run.stderr, /^LINE 4: [a-z_]+: .+ \(invalid_value, fields\.\$email(\[0\])?\)$/m);
    assert.doesNotMatch(run.stderr, /LINE [235]/);
    const contacts = await all('contacts');
    const ada = contacts.byName.get('Ada Lovelace');
    assert.deepEqual(ada.fields.$name.value, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(ada.fields.$title.value, 'Countess,\r\nMathematician', 'a quoted cell over two lines');
    assert.equal(ada.fields.$doNotContact.value, true);
    const grace = contacts.byName.get('Grace Brewster Hopper');
    assert.deepEqual(grace.fields.$name.value, { firstName: 'Grace', lastName: 'Brewster Hopper' });
    assert.deepEqual(grace.fields.$email.value, ['grace@navy.test', 'gh@navy.test']);
    assert.equal(contacts.byName.get('Bad Row'), undefined);

    const stopping = write('stop.csv', ['$name,$email', 'First Bad,nope', 'Never Sent,never@sent.test'].join('\n'));
    const stopped = await fieldhouse(['import', 'csv', stopping, '--type', 'contact', '--stop-on-error', '--concurrency', '1'], env);
    assert.equal(stopped.status, 1);
    assert.match(stopped.stderr, /^LINE 2: .*\(invalid_value, fields\.\$email(\[0\])?\)$/m);
    assert.equal(stopped.stdout, 'Imported 0 of 2 rows; 1 failed. Stopped: 1 rows not tried.\n');
    assert.equal((await all('contacts')).byName.get('Never Sent'), undefined);
  });

  it('refuses a file with an unknown column, bad CSV or a bad JSON line, naming it, and creates nothing', async () => {
    const before = (await all('accounts')).total;
    const unknown = await fieldhouse(['import', 'csv', write('unknown.csv', '$name,Colour\nHooli,blue\n'), '--type', 'account'], env);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^fieldhouse: .*unknown\.csv: unknown column 'Colour': .*Nothing was imported\.$/m);
    assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);

    const readOnly = await fieldhouse(['import', 'csv', write('ro.csv', '$name,$accountStatus\nHooli,Customer\n'), '--type', 'account'], env);
    assert.equal(readOnly.status, 1);
    assert.match(readOnly.stderr, /column '\$accountStatus': \$accountStatus is read-only/);

    const badCsv = await fieldhouse(['import', 'csv', write('bad.csv', '$name,seats\nHooli,1\nPied Piper,"2\nAviato,3\n'), '--type', 'account'], env);
    assert.equal(badCsv.status, 1);
    assert.match(badCsv.stderr, /^fieldhouse: .*bad\.csv: line 3: not valid CSV: Quote Not Closed/m);

    const badJson = await fieldhouse(['import', 'csv', write('bad.ndjson', '{"fields": {"$name": "Hooli"}}\n{"fields": {"$name": \n'), '--type', 'account'], env);
    assert.equal(badJson.status, 1);
    assert.match(badJson.stderr, /^fieldhouse: .*bad\.ndjson: line 2: not valid JSON/m);

    const neither = await fieldhouse(['import', 'csv', write('x.csv', '$name\nHooli\n')], env);
    assert.equal(neither.status, 1);
    assert.match(neither.stderr, /--type .* or --object SLUG/);
    assert.equal((await all('accounts')).total, before);
  });

  it('imports into a custom object type, and writes plain progress lines when stderr is not a terminal', async () => {
    const type = await t.request({ path: '/v1/objects', json: { slug: 'invoice', label: 'Invoice' } });
    assert.ok(type.status === 200 || type.status === 201, type.text);
    const field = await t.request({ path: '/v1/objects/invoice/definitions/fields', json: { key: 'total', label: 'Total', valueType: 'CURRENCY' } });
    assert.equal(field.status, 200, field.text);
    const rows = ['Name,Total', ...Array.from({ length: 5 }, (_, i) => `INV-${i + 1},$${i + 1}00.50`)];
    const run = await fieldhouse(['import', 'csv', write('invoices.txt', rows.join('\n')), '--object', 'invoice', '--progress-every', '2', '--format', 'csv'], env);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'Imported 5 of 5 rows; 0 failed.\n');
    assert.match(run.stderr, /^\.\.\. 2 imported, 0 failed \[2\/5 rows\]$/m);
    assert.match(run.stderr, /^\.\.\. 4 imported, 0 failed \[4\/5 rows\]$/m);
    assert.doesNotMatch(run.stderr, /\x1b\[/, 'no bar drawn');
    const invoices = await all('objects/invoice');
    assert.equal(invoices.total, 5);
    assert.equal(invoices.byName.get('INV-3').fields.total.value, 300.5);
  });
});
