import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { FAST_JOBS, waitForRun } from './helpers.js';

type Mode = 'ok' | 'error' | 'hang';

/** A local stand-in for an OpenAI-compatible endpoint, speaking its chat-completions protocol. */
function fakeOpenAi() {
  const state = { mode: 'ok' as Mode, requests: [] as Array<{ path: string; auth: string | undefined; body: any }>, hung: [] as http.ServerResponse[] };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      state.requests.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(text || '{}') });
      if (state.mode === 'hang') return void state.hung.push(res);
      if (state.mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'fake-model',
          choices: [{ index: 0, message: { role: 'assistant', content: `Fake summary #${state.requests.length}` }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  return { state, server };
}

describe('the openai provider against a local OpenAI-compatible server', () => {
  const fake = fakeOpenAi();
  let t: TestServer;
  let opportunityId: string;

  before(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    t = await startTestServer({
      env: {
        ...FAST_JOBS,
        FIELDHOUSE_SUMMARY_PROVIDER: 'openai',
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OPENAI_API_KEY: 'sk-test',
        FIELDHOUSE_SUMMARY_MODEL: 'fake-model',
        FIELDHOUSE_SUMMARY_TIMEOUT_MS: '300',
        FIELDHOUSE_JOB_MAX_ATTEMPTS: '3',
      },
    });
  });
  after(async () => {
    await t.stop();
    for (const res of fake.state.hung) res.destroy();
    fake.server.closeAllConnections();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('writes the endpoint\'s answer as the summary, from a prompt built from the same data', async () => {
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Globex' } } });
    const opp = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'Globex deal', $stage: 'Proposal', $amount: 75000 }, relationships: { $account: account.body.id } } });
    opportunityId = opp.body.id;
    assert.equal(await waitForRun(t, opp.headers.get('fieldhouse-workflow-run')!), 'completed');
    const after = await t.request({ path: `/v1/opportunities/${opportunityId}` });
    assert.match(after.body.fields.$summary.value, /^Fake summary #\d+$/);
    const request = fake.state.requests.at(-1)!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.auth, 'Bearer sk-test');
    assert.equal(request.body.model, 'fake-model');
    const prompt = JSON.stringify(request.body.messages);
    assert.match(prompt, /Globex deal/);
    assert.match(prompt, /Proposal/);
    assert.ok(prompt.length < 12_000, 'the prompt is bounded');
  });

  it('retries a 500 with backoff up to the bound, keeps the old summary, and marks the run failed', async () => {
    const before = await t.request({ path: `/v1/opportunities/${opportunityId}` });
    fake.state.mode = 'error';
    const seen = fake.state.requests.length;
    const update = await t.request({ path: `/v1/opportunities/${opportunityId}`, json: { fields: { $amount: 80000 } } });
    const runId = update.headers.get('fieldhouse-workflow-run')!;
    assert.equal(await waitForRun(t, runId, (s) => s === 'failed'), 'failed');
    assert.equal(fake.state.requests.length - seen, 3, 'three tries, as FIELDHOUSE_JOB_MAX_ATTEMPTS says');
    const job = await t.server.storage.db.selectFrom('jobs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    assert.equal(job.attempts, 3);
    assert.match(job.last_error ?? '', /500|upstream exploded/);
    const after = await t.request({ path: `/v1/opportunities/${opportunityId}` });
    assert.equal(after.body.fields.$summary.value, before.body.fields.$summary.value, 'the old summary stays');
  });

  it('times out a hanging endpoint and fails the try, leaving the summary as it was', async () => {
    const before = await t.request({ path: `/v1/opportunities/${opportunityId}` });
    fake.state.mode = 'hang';
    const update = await t.request({ path: `/v1/opportunities/${opportunityId}`, json: { fields: { $amount: 90000 } } });
    const runId = update.headers.get('fieldhouse-workflow-run')!;
    assert.equal(await waitForRun(t, runId, (s) => s === 'failed'), 'failed');
    const job = await t.server.storage.db.selectFrom('jobs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    assert.match(job.last_error ?? '', /time/i);
    const after = await t.request({ path: `/v1/opportunities/${opportunityId}` });
    assert.equal(after.body.fields.$summary.value, before.body.fields.$summary.value);

    fake.state.mode = 'ok';
    const recovered = await t.request({ path: `/v1/opportunities/${opportunityId}`, json: { fields: { $amount: 95000 } } });
    assert.equal(await waitForRun(t, recovered.headers.get('fieldhouse-workflow-run')!), 'completed');
  });
});
