import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FAST_JOBS } from '../jobs/helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACME = `<!doctype html><html><head>
<title>Acme Rockets | Home</title>
<meta property="og:site_name" content="Acme Rockets">
<meta property="og:description" content="Acme sells rockets to coyotes, by subscription.">
</head><body>
<a href="https://www.linkedin.com/company/acme-rockets">LinkedIn</a>
<a href="https://twitter.com/intent/tweet?text=hi">Share</a>
<a href="https://twitter.com/acmerockets">Follow us</a>
<a href="https://www.facebook.com/acmerockets">Facebook</a>
<a href="https://www.instagram.com/acmerockets/">Instagram</a>
</body></html>`;

/** A company website on loopback: a page with og tags and social links, a slow page, and one that never finishes. */
async function startSite(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  const hanging = new Set<ServerResponse>();
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    if (req.url === '/hang') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head>');
      hanging.add(res);
      return;
    }
    const send = () => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(ACME);
    };
    if (req.url === '/slow') setTimeout(send, 400);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const FINISHED = new Set(['completed', 'failed', 'timed_out']);

async function waitForEnrichment(t: TestServer, runId: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const res = await t.request({ path: `/v1/enrichmentRun/${runId}` });
    assert.equal(res.status, 200, res.text);
    if (FINISHED.has(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`enrichment run ${runId} did not finish`);
}

/** The run a create started, named like every run the write queued. */
function creationRun(res: { headers: Headers }): string {
  const runs = (res.headers.get('fieldhouse-workflow-run') ?? '').split(', ').filter((id) => id.startsWith('enr_'));
  assert.equal(runs.length, 1, `one enrichment run named: ${res.headers.get('fieldhouse-workflow-run')}`);
  return runs[0]!;
}

describe('enrichment runs against a website', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let t: TestServer;
  const env = { ...FAST_JOBS, FIELDHOUSE_ENRICHMENT_PROVIDER: 'web', FIELDHOUSE_ENRICHMENT_ALLOW_PRIVATE: '1', FIELDHOUSE_ENRICHMENT_TIMEOUT_MS: '1500' };
  const post = (path: string, json?: unknown, key?: string) => t.request({ method: 'POST', path, ...(json === undefined ? {} : { json }), ...(key ? { key } : {}) });
  const get = (path: string) => t.request({ path });

  before(async () => {
    site = await startSite();
    t = await startTestServer({ env });
  });
  after(async () => {
    await t.stop();
    await site.close();
  });

  it('starts a run on create that fills what the page states, leaving what a person wrote', async () => {
    const created = await post('/v1/accounts', { fields: { $name: 'acme', $website: `${site.url}/`, $twitter: 'roadrunner' } });
    assert.equal(created.status, 200, created.text);
    const runId = creationRun(created);
    const first = (await get(`/v1/enrichmentRun/${runId}`)).body;
    assert.deepEqual(
      { entityId: first.entityId, entityType: first.entityType, trigger: first.trigger, targetFields: first.targetFields },
      { entityId: created.body.id, entityType: 'account', trigger: 'creation', targetFields: ['$howTheyMakeMoney', '$linkedIn', '$facebook', '$instagram'] },
      'the empty fields it can fill: not $name nor $twitter, which the person wrote',
    );
    const run = await waitForEnrichment(t, runId);
    assert.equal(run.status, 'completed', JSON.stringify(run));
    assert.ok(run.startedAt && run.completedAt && run.completedAt >= run.startedAt);

    const account = (await get(`/v1/accounts/${created.body.id}`)).body;
    assert.equal(account.fields.$name.value, 'acme', 'the name a person wrote stays');
    assert.equal(account.fields.$twitter.value, 'https://x.com/roadrunner', 'so does their handle');
    assert.equal(account.fields.$howTheyMakeMoney.value, 'Acme sells rockets to coyotes, by subscription.');
    assert.match(String(account.fields.$linkedIn.value), /acme-rockets/);
    assert.match(String(account.fields.$facebook.value), /acmerockets/);
    assert.match(String(account.fields.$instagram.value), /acmerockets/);
    const history = (await get(`/v1/accounts/${created.body.id}/fields/$howTheyMakeMoney/history`)).body;
    assert.equal(history.data.length, 1, 'written through the write path, with its history');

    // Named fields are refreshed even when set.
    const refresh = await post(`/v1/enrichmentRun/accounts/${created.body.id}`, { fields: ['$name', '$twitter'] });
    assert.equal(refresh.status, 200, refresh.text);
    assert.deepEqual([refresh.body.status, refresh.body.reason, refresh.body.enrichmentRun.trigger], ['started', null, 'manual']);
    assert.deepEqual(refresh.body.enrichmentRun.targetFields, ['$name', '$twitter']);
    assert.equal((await waitForEnrichment(t, refresh.body.enrichmentRun.id)).status, 'completed');
    const refreshed = (await get(`/v1/accounts/${created.body.id}`)).body;
    assert.deepEqual([refreshed.fields.$name.value, refreshed.fields.$twitter.value], ['Acme Rockets', 'https://x.com/acmerockets']);

    const nothingLeft = await post(`/v1/enrichmentRun/accounts/${created.body.id}`);
    assert.deepEqual(nothingLeft.body, { status: 'skipped', reason: 'no_targets', enrichmentRun: null });
  });

  it('runs at most one run per record: ten requests at once start one', async () => {
    const account = await post('/v1/accounts', { fields: { $name: 'Slow Co' } });
    assert.equal(account.headers.get('fieldhouse-workflow-run'), null, 'no website, no run on create');
    const noSite = await post(`/v1/enrichmentRun/accounts/${account.body.id}`, {});
    assert.deepEqual(noSite.body, { status: 'skipped', reason: 'no_operations', enrichmentRun: null }, 'nowhere to look');
    assert.equal((await post(`/v1/accounts/${account.body.id}`, { fields: { $website: `${site.url}/slow` } })).status, 200);

    const answers = await Promise.all(Array.from({ length: 10 }, () => post(`/v1/enrichmentRun/accounts/${account.body.id}`, { fields: ['$name'] })));
    for (const a of answers) assert.equal(a.status, 200, a.text);
    const statuses = answers.map((a) => a.body.status).sort();
    assert.deepEqual(statuses, ['already_running', ...Array(8).fill('already_running'), 'started'].sort());
    assert.equal(new Set(answers.map((a) => a.body.enrichmentRun.id)).size, 1, 'every answer names the one run');
    const run = await waitForEnrichment(t, answers[0]!.body.enrichmentRun.id);
    assert.equal(run.status, 'completed');
    assert.equal((await get(`/v1/accounts/${account.body.id}`)).body.fields.$name.value, 'Acme Rockets');
    const next = await post(`/v1/enrichmentRun/accounts/${account.body.id}`, { fields: ['$name'] });
    assert.equal(next.body.status, 'started', 'once it finished, another may start');
    await waitForEnrichment(t, next.body.enrichmentRun.id);
  });

  it('ends a run on a site that never answers as timed_out', async () => {
    const created = await post('/v1/accounts', { fields: { $name: 'Hang', $website: `${site.url}/hang` } });
    const runId = creationRun(created);
    const run = await waitForEnrichment(t, runId);
    assert.equal(run.status, 'timed_out', JSON.stringify(run));
    assert.equal((await get(`/v1/workflowRun/${runId}/status`)).body.status, 'failed', 'its workflow run does not read as completed');
    assert.equal((await get(`/v1/accounts/${created.body.id}`)).body.fields.$howTheyMakeMoney.value, null);
  });

  it("links a contact to the account of its work email's domain", async () => {
    // The account's own run reads a site that does not resolve; the contact's reads no site at all.
    const account = await post('/v1/accounts', { fields: { $name: 'Coyote', $website: 'https://www.coyote.test/' } });
    await waitForEnrichment(t, creationRun(account));
    const contact = await post('/v1/contacts', { fields: { $email: 'wile@coyote.test' } });
    const run = await waitForEnrichment(t, creationRun(contact));
    assert.deepEqual([run.entityType, run.targetFields, run.status], ['contact', ['$account'], 'completed']);
    assert.deepEqual((await get(`/v1/contacts/${contact.body.id}`)).body.relationships.$account.values, [account.body.id]);
    const later = await post('/v1/accounts', { fields: { $name: 'Coyote again', $website: 'https://coyote.test' } });
    await waitForEnrichment(t, creationRun(later));
    const refresh = await post(`/v1/enrichmentRun/contacts/${contact.body.id}`, { fields: ['$account'] });
    assert.equal((await waitForEnrichment(t, refresh.body.enrichmentRun.id)).status, 'completed');
    assert.deepEqual((await get(`/v1/contacts/${contact.body.id}`)).body.relationships.$account.values, [account.body.id], 'a refresh that finds the account still right adds none');
    const personal = await post('/v1/contacts', { fields: { $email: 'wile@gmail.com' } });
    assert.equal(personal.headers.get('fieldhouse-workflow-run'), null, 'a free-mail address names no company');
  });

  it('refuses bad requests with the field named, and holds runs to their record read scope', async () => {
    const account = (await post('/v1/accounts', { fields: { $name: 'Checks' } })).body;
    for (const [body, status, code, param] of [
      [{ fields: '$name' }, 400, 'invalid_type', 'fields'],
      [{ fields: ['$nope'] }, 400, 'unknown_field', 'fields.0'],
      [{ fields: ['$name', 7] }, 400, 'invalid_type', 'fields.1'],
      [{ fields: ['$industry'] }, 422, 'invalid_value', 'fields.0'],
      [{ everything: true }, 400, 'unknown_field', 'everything'],
    ] as const) {
      const res = await post(`/v1/enrichmentRun/accounts/${account.id}`, body);
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], res.text);
    }
    assert.equal((await post('/v1/enrichmentRun/accounts/acc_01JD8X3Q9Z4K7M2N5P6R8S0T1V', {})).status, 404);
    assert.equal((await get('/v1/enrichmentRun/enr_01JD8X3Q9Z4K7M2N5P6R8S0T1V')).status, 404);
    const readOnly = (await t.createKey(['accounts:read'])).key;
    assert.equal((await post(`/v1/enrichmentRun/accounts/${account.id}`, {}, readOnly)).status, 403);
    const created = await post('/v1/accounts', { fields: { $name: 'Scoped', $website: `${site.url}/` } });
    const runId = creationRun(created);
    const contactsOnly = (await t.createKey(['contacts:read'])).key;
    assert.equal((await t.request({ path: `/v1/enrichmentRun/${runId}`, key: contactsOnly })).status, 403);
    assert.equal((await t.request({ path: `/v1/enrichmentRun/${runId}`, key: readOnly })).status, 200);
    await waitForEnrichment(t, runId);
  });
});

describe('enrichment runs: where a provider may not go, and when there is none', () => {
  it('frees the record of a run whose job ended without it', async () => {
    // Worker off: the run waits. Its job then fails for good, as the queue fails one whose workers kept dying.
    const t = await startTestServer({ env: { FIELDHOUSE_ENRICHMENT_PROVIDER: 'web' } });
    try {
      const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Stuck', $website: 'https://stuck.example' } } });
      const runId = creationRun(account);
      const again = await t.request({ method: 'POST', path: `/v1/enrichmentRun/accounts/${account.body.id}`, json: { fields: ['$name'] } });
      assert.deepEqual([again.body.status, again.body.enrichmentRun.id], ['already_running', runId]);
      await t.server.storage.db.updateTable('jobs').set({ status: 'failed', last_error: 'worker died' }).where('id', '=', runId).execute();
      const fresh = await t.request({ method: 'POST', path: `/v1/enrichmentRun/accounts/${account.body.id}`, json: { fields: ['$name'] } });
      assert.equal(fresh.body.status, 'started', fresh.text);
      assert.notEqual(fresh.body.enrichmentRun.id, runId);
      assert.equal((await t.request({ path: `/v1/enrichmentRun/${runId}` })).body.status, 'failed');
    } finally {
      await t.stop();
    }
  });

  it('refuses a private address unless FIELDHOUSE_ENRICHMENT_ALLOW_PRIVATE is set', async () => {
    const site = await startSite();
    const t = await startTestServer({ env: { ...FAST_JOBS, FIELDHOUSE_ENRICHMENT_PROVIDER: 'web' } });
    try {
      const created = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Inside', $website: `${site.url}/` } } });
      const run = await waitForEnrichment(t, creationRun(created));
      assert.equal(run.status, 'failed', JSON.stringify(run));
      assert.equal(site.hits(), 0, 'the loopback site was never asked');
      assert.equal((await t.request({ path: `/v1/accounts/${created.body.id}` })).body.fields.$howTheyMakeMoney.value, null);
    } finally {
      await t.stop();
      await site.close();
    }
  });

  it('skips every request with no_operations when the provider is off, and starts nothing on create', async () => {
    const t = await startTestServer({ env: { FIELDHOUSE_ENRICHMENT_PROVIDER: 'off' } });
    try {
      const created = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Off', $website: 'https://off.example' } } });
      assert.equal(created.headers.get('fieldhouse-workflow-run'), null);
      const res = await t.request({ method: 'POST', path: `/v1/enrichmentRun/accounts/${created.body.id}`, json: { fields: ['$name'] } });
      assert.deepEqual(res.body, { status: 'skipped', reason: 'no_operations', enrichmentRun: null });
    } finally {
      await t.stop();
    }
  });
});
