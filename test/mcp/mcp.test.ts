import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import Lightfield from '@fieldhouse/sdk';
import { CLI_ARGS, REPO_ROOT, runClientCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The MCP server as an agent meets it: the official MCP client, over stdio (`fieldhouse mcp` as a
// process) and over Streamable HTTP (`/mcp` on the running server), against a real server.

async function overHttp(t: TestServer, key: string): Promise<Client> {
  const client = new Client({ name: 'fieldhouse-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', t.url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return client;
}

async function overStdio(t: TestServer, key: string, args: string[] = []): Promise<Client> {
  const client = new Client({ name: 'fieldhouse-test', version: '1.0.0' });
  const env = { ...(process.env as Record<string, string>), LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: key };
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [...CLI_ARGS, 'mcp', ...args], cwd: REPO_ROOT, env, stderr: 'pipe' }));
  return client;
}

function tool(tools: Tool[], name: string): Tool {
  const found = tools.find((t) => t.name === name);
  assert.ok(found, `a tool named ${name} among ${tools.map((t) => t.name).join(', ')}`);
  return found;
}

function schemaAt(tool: Tool, ...path: string[]): Record<string, any> {
  let node: any = tool.inputSchema;
  for (const key of path) node = node?.properties?.[key];
  assert.ok(node, `${tool.name} has ${path.join('.')} in its input schema`);
  return node;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string; json: any }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { isError: result.isError === true, text, json };
}

describe('fieldhouse MCP tools, over Streamable HTTP and stdio', () => {
  let t: TestServer;
  let api: Lightfield;
  let accountId: string;

  before(async () => {
    t = await startTestServer();
    api = new Lightfield({ apiKey: t.key, baseURL: t.url });
    accountId = (await api.account.create({ fields: { $name: 'Acme Corp', $website: ['acme.com'], $headcount: '11-50' } })).id;
    await api.account.create({ fields: { $name: 'Globex' } });
  });
  after(() => t.stop());

  it('lists tools made from the definitions: writable fields with their options, no read-only ones, no destructive tools', async () => {
    const mcp = await overHttp(t, t.key);
    try {
      const { tools } = await mcp.listTools();
      const names = tools.map((x) => x.name);
      for (const name of ['search_accounts', 'get_account', 'create_account', 'update_account', 'search_opportunities', 'create_opportunity', 'add_note', 'add_task', 'log_meeting', 'list_members']) {
        assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      }
      assert.deepEqual(names.filter((n) => n.startsWith('delete_') || n.startsWith('merge_')), [], 'no deletes or merges unless allowed');

      for (const { name } of tools) assert.match(name, /^[A-Za-z0-9_-]{1,64}$/);
      assert.equal(new Set(tools.map((x) => x.name)).size, tools.length, 'tool names are unique');

      const definitions = await api.account.definitions();
      const writable = Object.entries(definitions.fieldDefinitions).filter(([, d]) => !d.readOnly).map(([k]) => k).sort();
      const offered = Object.keys(schemaAt(tool(tools, 'create_account'), 'fields').properties).sort();
      assert.deepEqual(offered, writable);
      assert.ok(!offered.includes('$accountStatus'), 'a derived field is not offered for writing');
      assert.deepEqual(schemaAt(tool(tools, 'create_account'), 'fields', '$headcount').enum, definitions.fieldDefinitions.$headcount!.typeConfiguration.options!.map((o) => o.label));
      assert.equal(tool(tools, 'get_account').annotations?.readOnlyHint, true);
      const stage = schemaAt(tool(tools, 'create_opportunity'), 'fields', '$stage');
      assert.ok(stage.enum.includes('Closed Won'));
      assert.equal(schemaAt(tool(tools, 'create_opportunity'), 'relationships', '$account').type, 'string');
    } finally {
      await mcp.close();
    }
  });

  it('offers a custom field and a custom object type added while connected, and writes them', async () => {
    const mcp = await overHttp(t, t.key);
    try {
      const before = await mcp.listTools();
      assert.equal(schemaAt(tool(before.tools, 'create_account'), 'fields').properties.tier, undefined);
      const added = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'tier', label: 'Tier', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['Gold', 'Silver'] } } });
      assert.equal(added.status, 200, added.text);
      const type = await t.request({ path: '/v1/objects', json: { slug: 'vendors', label: 'Vendor' } });
      assert.equal(type.status, 200, type.text);

      const { tools } = await mcp.listTools();
      assert.deepEqual(schemaAt(tool(tools, 'create_account'), 'fields', 'tier').enum, ['Gold', 'Silver']);
      for (const name of ['search_vendors', 'get_vendors', 'create_vendors', 'update_vendors']) tool(tools, name);

      const made = await call(mcp, 'update_account', { id: accountId, fields: { tier: 'Gold' } });
      assert.equal(made.isError, false, made.text);
      assert.equal(made.json.fields.tier, 'Gold', 'an option reads as its label');
      const vendor = await call(mcp, 'create_vendors', { fields: { $name: 'Initech' } });
      assert.equal(vendor.isError, false, vendor.text);
      assert.equal((await api.object.retrieve(vendor.json.id, { entitySlug: 'vendors' })).fields.$name!.value, 'Initech');
    } finally {
      await mcp.close();
    }
  });

  it('creates through a tool what the API then retrieves, and searches with filters and a sort', async () => {
    const mcp = await overHttp(t, t.key);
    try {
      const created = await call(mcp, 'create_opportunity', { fields: { $name: 'MCP deal', $stage: 'Demo', $amount: 5000 }, relationships: { $account: accountId } });
      assert.equal(created.isError, false, created.text);
      const stored = await api.opportunity.retrieve(created.json.id);
      assert.equal(stored.fields.$name!.value, 'MCP deal');
      assert.equal(stored.fields.$amount!.value, 5000);
      assert.deepEqual(stored.relationships.$account!.values, [accountId]);
      assert.equal(created.json.fields.$stage, 'Demo');
      assert.equal(created.json.fields.$summary, undefined, 'unset fields are left out');

      const found = await call(mcp, 'search_accounts', { filters: [{ key: '$name', operator: 'startsWith', value: 'acme' }] });
      assert.equal(found.isError, false, found.text);
      assert.deepEqual([found.json.totalCount, found.json.records.map((r: any) => r.id)], [1, [accountId]]);
      const sorted = await call(mcp, 'search_accounts', { sort: '$name', limit: 1 });
      assert.deepEqual([sorted.json.records[0].fields.$name, sorted.json.hasMore], ['Acme Corp', true]);
      const negated = await call(mcp, 'search_accounts', { filters: [{ key: '$name', value: 'Acme Corp', negate: true }] });
      assert.ok(!negated.json.records.some((r: any) => r.id === accountId));

      const champion = await api.contact.create({ fields: { $name: { firstName: 'Grace', lastName: 'Hopper' } } });
      const updated = await call(mcp, 'update_opportunity', { id: created.json.id, fields: { $amount: null }, relationships: { $champion: { replace: champion.id } } });
      assert.equal(updated.isError, false, updated.text);
      const after = await api.opportunity.retrieve(created.json.id);
      assert.deepEqual([after.fields.$amount!.value, after.relationships.$champion!.values], [null, [champion.id]]);
    } finally {
      await mcp.close();
    }
  });

  it('keeps answers small: a search cuts long texts that get answers whole', async () => {
    const mcp = await overHttp(t, t.key);
    try {
      const content = 'Wants a demo. '.repeat(400);
      const note = await call(mcp, 'add_note', { fields: { $title: 'Call recap', $content: content }, relationships: { $account: accountId } });
      assert.equal(note.isError, false, note.text);
      assert.equal((await api.note.retrieve(note.json.id)).fields.$content!.value, content);
      const found = await call(mcp, 'search_notes', { filters: [{ key: '$account', value: accountId }] });
      assert.equal(found.json.records.length, 1);
      assert.ok(found.text.length < 1_000, `a search answers ${found.text.length} characters for a note of ${content.length}`);
      assert.match(found.json.records[0].fields.$content, /^Wants a demo\. .*… \(cut; get the record for all of it\)$/);
      const whole = await call(mcp, 'get_note', { id: note.json.id });
      assert.equal(whole.json.fields.$content, content);
    } finally {
      await mcp.close();
    }
  });

  it('answers refusals as tool errors the model can act on, and the server keeps serving', async () => {
    const readOnly = await t.createKey(['accounts:read']);
    const mcp = await overHttp(t, readOnly.key);
    try {
      const names = (await mcp.listTools()).tools.map((x) => x.name);
      assert.ok(names.includes('search_accounts'));
      assert.ok(!names.includes('search_contacts'), 'no tools for a type the key may not read');
      const refused = await call(mcp, 'create_account', { fields: { $name: 'Not allowed' } });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /^forbidden: .*accounts:create/);
      assert.equal((await api.account.list({ filter: { $name: 'Not allowed' } })).totalCount, 0, 'nothing was written');
      const unreadable = await call(mcp, 'add_note', { fields: { $title: 'Not allowed either' } });
      assert.equal(unreadable.isError, true, 'a tool of a type the key may not read is refused, not unknown');
      assert.match(unreadable.text, /^forbidden: .*notes:read/);
      const found = await call(mcp, 'get_account', { id: accountId });
      assert.equal(found.isError, false, 'the same connection still works');
    } finally {
      await mcp.close();
    }

    const admin = await overHttp(t, t.key);
    try {
      const invalid = await call(admin, 'create_account', { fields: { $name: 'Bad', $headcount: 'lots' } });
      assert.equal(invalid.isError, true);
      assert.match(invalid.text, /\/fields\/\$headcount must be equal to one of the allowed values: 1-10/);
      const unknown = await call(admin, 'create_account', { fields: { $name: 'Bad', nope: 1 } });
      assert.match(unknown.text, /must NOT have additional properties 'nope'/);
      const api422 = await call(admin, 'create_account', { fields: { $name: 'Bad', $website: ['not a url'] } });
      assert.equal(api422.isError, true);
      assert.match(api422.text, /^unprocessable_content: .*\(invalid_value, fields\.\$website\[0\]\)$/);
      const missing = await call(admin, 'get_account', { id: 'acc_00000000000000000000000000' });
      assert.match(missing.text, /^not_found: /);
      await assert.rejects(admin.callTool({ name: 'delete_account', arguments: { id: accountId } }), /No tool named delete_account.*--allow-destructive/);
    } finally {
      await admin.close();
    }
  });

  it('refuses /mcp without a valid key, in the API error envelope', async () => {
    const res = await fetch(new URL('/mcp', t.url), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).error.type, 'unauthorized');
    const get = await fetch(new URL('/mcp', t.url), { headers: { authorization: `Bearer ${t.key}` } });
    assert.equal(get.status, 405);
  });

  it('`fieldhouse mcp` over stdio: the same tools, a create the API retrieves, deletes only with --allow-destructive', async () => {
    const mcp = await overStdio(t, t.key);
    try {
      const names = (await mcp.listTools()).tools.map((x) => x.name);
      assert.ok(names.includes('create_contact') && names.includes('create_account'));
      assert.ok(!names.includes('delete_contact'));
      const created = await call(mcp, 'create_contact', { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: ['ada@stdio.test'] }, relationships: { $account: [accountId] } });
      assert.equal(created.isError, false, created.text);
      const stored = await api.contact.retrieve(created.json.id);
      assert.deepEqual(stored.fields.$email!.value, ['ada@stdio.test']);
    } finally {
      await mcp.close();
    }

    const destructive = await overStdio(t, t.key, ['--allow-destructive']);
    try {
      const names = (await destructive.listTools()).tools.map((x) => x.name);
      assert.ok(names.includes('delete_account') && names.includes('merge_accounts') && names.includes('delete_vendors'));
      const doomed = await api.account.create({ fields: { $name: 'Doomed' } });
      const deleted = await call(destructive, 'delete_account', { id: doomed.id });
      assert.equal(deleted.isError, false, deleted.text);
      await assert.rejects(async () => api.account.retrieve(doomed.id), (err: any) => err.status === 404);
    } finally {
      await destructive.close();
    }
  });

  it('`fieldhouse mcp` with a wrong key says so in one line on stderr and exits 1', async () => {
    const result = await runClientCli(['mcp'], { LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: 'lf_wrong' });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '', 'stdout is the protocol channel');
    assert.match(result.stderr, /^unauthorized: Invalid API key\.\n$/);
  });
});
