import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The runs a write names in `Fieldhouse-Workflow-Run` follow the record's links as they were,
 * then the ones it added: a link removed keeps its place.
 */
describe('the order of the runs a write names', () => {
  let t: TestServer;
  let first: string;
  let second: string;
  before(async () => {
    t = await startTestServer();
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Order Co' } } });
    const opportunity = (name: string) =>
      t.request({ path: '/v1/opportunities', json: { fields: { $name: name, $stage: 'Demo' }, relationships: { $account: account.body.id } } });
    first = (await opportunity('First')).body.id;
    second = (await opportunity('Second')).body.id;
  });
  after(() => t.stop());

  /** The opportunity each named run summarizes, in the header's order. */
  async function targetsOf(header: string | null): Promise<string[]> {
    assert.ok(header, 'the write names its runs');
    const ids = header.split(', ');
    const rows = await t.server.storage.db.selectFrom('jobs').select(['id', 'target_id']).where('id', 'in', ids).execute();
    return ids.map((id) => rows.find((r) => r.id === id)!.target_id);
  }

  it('a note losing its first opportunity names that one first, then the one it keeps', async () => {
    const note = await t.request({ path: '/v1/notes', json: { fields: { $title: 'Call' }, relationships: { $opportunity: [first, second] } } });
    assert.deepEqual(await targetsOf(note.headers.get('fieldhouse-workflow-run')), [first, second]);
    const updated = await t.request({ path: `/v1/notes/${note.body.id}`, json: { relationships: { $opportunity: { remove: [first] } } } });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(await targetsOf(updated.headers.get('fieldhouse-workflow-run')), [first, second]);
  });

  it('a task moved to another opportunity names the one it left, then the one it joined', async () => {
    const members = await t.request({ path: '/v1/members' });
    const task = await t.request({
      path: '/v1/tasks',
      json: { fields: { $title: 'Follow up', $status: 'TODO' }, relationships: { $assignedTo: members.body.data[0].id, $opportunity: second } },
    });
    const moved = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { relationships: { $opportunity: { replace: first } } } });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(await targetsOf(moved.headers.get('fieldhouse-workflow-run')), [second, first]);
  });
});
