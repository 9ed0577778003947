import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { FAST_JOBS, waitForRun } from './helpers.js';

describe('opportunity summaries in the background (offline provider)', () => {
  let t: TestServer;
  let accountId: string;
  before(async () => {
    t = await startTestServer({ env: FAST_JOBS });
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Acme Corp' } } });
    accountId = account.body.id;
  });
  after(() => t.stop());

  it('creates with $summary null, names the run, and the run writes a summary naming account, stage and amount', async () => {
    const champion = await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' } } } });
    const created = await t.request({
      path: '/v1/opportunities',
      json: { fields: { $name: 'Acme expansion', $stage: 'Qualification', $amount: 50000, $closeDate: '2026-12-31' }, relationships: { $account: accountId, $champion: champion.body.id } },
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.body.fields.$summary, { valueType: 'MARKDOWN', value: null });
    const runId = created.headers.get('fieldhouse-workflow-run');
    assert.match(runId ?? '', /^wfr_[0-9A-Z]{26}$/);
    assert.equal(await waitForRun(t, runId!), 'completed');

    const after = await t.request({ path: `/v1/opportunities/${created.body.id}` });
    const summary = after.body.fields.$summary.value as string;
    assert.match(summary, /Acme Corp/);
    assert.match(summary, /Qualification/);
    assert.match(summary, /\$50,000/);
    assert.match(summary, /Champion: Ada Lovelace/);
    assert.ok(after.body.fields.$summaryGeneratedAt.value);
    assert.equal(after.body.updatedAt, created.body.updatedAt, 'a summary is not an update by the user');
  });

  it('re-summarizes when a linked note or task changes, and names the run on that response', async () => {
    const opp = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'Notes deal', $stage: 'Demo' }, relationships: { $account: accountId } } });
    await waitForRun(t, opp.headers.get('fieldhouse-workflow-run')!);
    const note = await t.request({ path: '/v1/notes', json: { fields: { $title: 'Pricing call', $content: 'They want a discount.' }, relationships: { $opportunity: opp.body.id } } });
    const runId = note.headers.get('fieldhouse-workflow-run');
    assert.ok(runId, 'the note names the summary run it caused');
    await waitForRun(t, runId);
    const after = await t.request({ path: `/v1/opportunities/${opp.body.id}` });
    assert.match(after.body.fields.$summary.value, /Pricing call: They want a discount\./);
  });

  it('folds 20 rapid updates into one run after the burst', async () => {
    const burst = await startTestServer({ env: { ...FAST_JOBS, FIELDHOUSE_SUMMARY_DEBOUNCE_MS: '1500' } });
    try {
      const account = await burst.request({ path: '/v1/accounts', json: { fields: { $name: 'Bursty' } } });
      const opp = await burst.request({ path: '/v1/opportunities', json: { fields: { $name: 'v0', $stage: 'Demo' }, relationships: { $account: account.body.id } } });
      const runs = new Set([opp.headers.get('fieldhouse-workflow-run')]);
      for (let i = 1; i <= 20; i++) {
        const res = await burst.request({ path: `/v1/opportunities/${opp.body.id}`, json: { fields: { $name: `v${i}`, $amount: i } } });
        runs.add(res.headers.get('fieldhouse-workflow-run'));
      }
      assert.equal(runs.size, 1, 'every response names the same waiting run');
      const [runId] = [...runs];
      assert.equal(await waitForRun(burst, runId!), 'completed');
      const jobs = await burst.server.storage.db.selectFrom('jobs').selectAll().where('target_id', '=', opp.body.id).execute();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.attempts, 1);
      const after = await burst.request({ path: `/v1/opportunities/${opp.body.id}` });
      assert.match(after.body.fields.$summary.value, /\*\*v20\*\*/, 'the run saw the last edit');
    } finally {
      await burst.stop();
    }
  });

  it('answers workflowRun.status only within the organization', async () => {
    const opp = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'Private', $stage: 'Demo' }, relationships: { $account: accountId } } });
    const runId = opp.headers.get('fieldhouse-workflow-run')!;
    const other = await t.addOrganization('Nosy');
    const res = await t.request({ path: `/v1/workflowRun/${runId}/status`, key: other.key });
    assert.deepEqual([res.status, res.body.error.type], [404, 'not_found']);
    const unknown = await t.request({ path: '/v1/workflowRun/wfr_01JD8X3Q9Z4K7M2N5P6R8S0T1V/status' });
    assert.equal(unknown.status, 404);
  });
});
