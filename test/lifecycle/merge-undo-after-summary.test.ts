import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { FAST_JOBS, waitForRun } from '../jobs/helpers.js';

describe('merge undo with the worker running', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: FAST_JOBS });
  });
  after(() => t.stop());

  it('a summary the worker writes on the primary after the merge does not block the undo', async () => {
    const create = async (plural: string, json: unknown) => {
      const res = await t.request({ path: `/v1/${plural}`, json });
      assert.equal(res.status, 200, res.text);
      return res.body.id as string;
    };
    const account = await create('accounts', { fields: { $name: 'Summit' } });
    const primary = await create('opportunities', { fields: { $name: 'Renewal', $stage: 'Demo' }, relationships: { $account: account } });
    const duplicate = await create('opportunities', { fields: { $name: 'Renewal (dup)', $stage: 'Demo' }, relationships: { $account: account } });
    await create('notes', { fields: { $title: 'Pricing call', $content: 'They want a 3-year term.' }, relationships: { $opportunity: [duplicate] } });
    const merged = await t.request({ path: '/v1/opportunities/merge', json: { primaryId: primary, duplicateId: duplicate } });
    assert.equal(merged.status, 200, merged.text);
    const runs = (merged.headers.get('fieldhouse-workflow-run') ?? '').split(', ').filter(Boolean);
    assert.ok(runs.length > 0, 'the merge queued the primary’s summary');
    for (const run of runs) assert.equal(await waitForRun(t, run), 'completed');
    const summarized = (await t.request({ path: `/v1/opportunities/${primary}` })).body;
    assert.match(String(summarized.fields.$summary.value), /Pricing call/, 'the worker summarized the merged record');

    const undo = await t.request({ method: 'POST', path: `/v1/merges/${merged.body.merge.id}/undo` });
    assert.equal(undo.status, 200, undo.text);
    assert.equal(undo.body.duplicate.id, duplicate);
  });
});
