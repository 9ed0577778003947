import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, storeCounts, type Seeded } from './helpers.js';

describe('tasks and notes, linked from accounts and opportunities', () => {
  const clock = manualClock();
  let t: TestServer;
  let s: Seeded;
  before(async () => {
    t = await startTestServer({ clock });
    s = await seedBasics(t);
  });
  after(() => t.stop());

  it('a task created with $opportunity appears in the opportunity\'s $task; $completedAt follows COMPLETE', async () => {
    const task = await t.request({
      path: '/v1/tasks',
      json: {
        fields: { $title: 'Send proposal', $status: 'todo', $dueAt: '2026-03-20' },
        relationships: { $assignedTo: s.memberId, $opportunity: s.opportunityId, $account: s.accountId },
      },
    });
    assert.equal(task.status, 200, task.text);
    assert.match(task.body.id, /^tsk_/);
    assert.deepEqual(task.body.relationships.$createdBy.values, [s.memberId]);
    assert.equal(task.body.fields.$completedAt.value, null);
    const opp = await t.request({ path: `/v1/opportunities/${s.opportunityId}` });
    assert.deepEqual(opp.body.relationships.$task.values, [task.body.id]);
    const account = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.deepEqual(account.body.relationships.$task.values, [task.body.id]);

    clock.advance(60_000);
    const done = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { fields: { $status: 'COMPLETE' } } });
    assert.equal(done.body.fields.$completedAt.value, clock.now().toISOString());
    const completedAt = done.body.fields.$completedAt.value;
    clock.advance(60_000);
    const renamed = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { fields: { $title: 'Sent proposal' } } });
    assert.equal(renamed.body.fields.$completedAt.value, completedAt, 'stays while the task stays complete');
    const reopened = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { fields: { $status: 'IN_PROGRESS' } } });
    assert.equal(reopened.body.fields.$completedAt.value, null);

    const written = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { fields: { $completedAt: '2026-01-01' } } });
    assert.deepEqual([written.status, written.body.error.code], [422, 'read_only']);
    const unassigned = await t.request({ path: `/v1/tasks/${task.body.id}`, json: { relationships: { $assignedTo: { replace: null } } } });
    assert.deepEqual([unassigned.status, unassigned.body.error.code, unassigned.body.error.param], [422, 'invalid_value', 'relationships.$assignedTo']);
    const missing = await t.request({ path: '/v1/tasks', json: { fields: { $title: 'x', $status: 'TODO' } } });
    assert.deepEqual([missing.status, missing.body.error.param], [400, 'relationships.$assignedTo']);
  });

  it('a note with $account and $opportunity appears in both $note; its author is the key\'s member; replace is refused', async () => {
    const note = await t.request({
      path: '/v1/notes',
      json: { fields: { $title: 'Call notes', $content: '# Budget\nApproved.' }, relationships: { $account: s.accountId, $opportunity: [s.opportunityId] } },
    });
    assert.equal(note.status, 200, note.text);
    assert.deepEqual(note.body.relationships.$createdBy.values, [s.memberId]);
    const opp = await t.request({ path: `/v1/opportunities/${s.opportunityId}` });
    const account = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.deepEqual(opp.body.relationships.$note.values, [note.body.id]);
    assert.deepEqual(account.body.relationships.$note.values, [note.body.id]);

    const author = await t.request({ path: '/v1/notes', json: { fields: { $title: 'x' }, relationships: { $createdBy: s.memberId } } });
    assert.deepEqual([author.status, author.body.error.code], [422, 'read_only']);
    const counts = await storeCounts(t);
    const replace = await t.request({ path: `/v1/notes/${note.body.id}`, json: { relationships: { $account: { replace: [] } } } });
    assert.deepEqual([replace.status, replace.body.error.code, replace.body.error.param], [400, 'invalid_type', 'relationships.$account.replace']);
    assert.deepEqual(await storeCounts(t), counts);
    const removed = await t.request({ path: `/v1/notes/${note.body.id}`, json: { relationships: { $opportunity: { remove: s.opportunityId } } } });
    assert.deepEqual(removed.body.relationships.$opportunity.values, []);
    const oppAfter = await t.request({ path: `/v1/opportunities/${s.opportunityId}` });
    assert.deepEqual(oppAfter.body.relationships.$note.values, []);
  });

  it('keeps $lastInteractionAt: the latest linked note or completed task, cleared when the link goes', async () => {
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Interactions' } } });
    const opp = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'I', $stage: 'Demo' }, relationships: { $account: account.body.id } } });
    const read = async (path: string) => (await t.request({ path })).body.fields.$lastInteractionAt.value;
    assert.equal(await read(`/v1/opportunities/${opp.body.id}`), null);

    clock.advance(60_000);
    const task = await t.request({
      path: '/v1/tasks',
      json: { fields: { $title: 'Call', $status: 'TODO' }, relationships: { $assignedTo: s.memberId, $opportunity: opp.body.id, $account: account.body.id } },
    });
    assert.equal(await read(`/v1/opportunities/${opp.body.id}`), null, 'an open task is no interaction yet');
    await t.request({ path: `/v1/tasks/${task.body.id}`, json: { fields: { $status: 'COMPLETE' } } });
    assert.equal(await read(`/v1/opportunities/${opp.body.id}`), task.body.createdAt);
    assert.equal(await read(`/v1/accounts/${account.body.id}`), task.body.createdAt);

    clock.advance(60_000);
    const note = await t.request({ path: '/v1/notes', json: { fields: { $title: 'Later' }, relationships: { $opportunity: opp.body.id } } });
    const oppNow = await t.request({ path: `/v1/opportunities/${opp.body.id}` });
    assert.equal(oppNow.body.fields.$lastInteractionAt.value, note.body.createdAt);
    assert.equal(oppNow.body.updatedAt, opp.body.updatedAt, 'derived, not an update');
    assert.equal(await read(`/v1/accounts/${account.body.id}`), task.body.createdAt, 'the note is not on the account');

    await t.request({ path: `/v1/notes/${note.body.id}`, json: { relationships: { $opportunity: { remove: opp.body.id } } } });
    assert.equal(await read(`/v1/opportunities/${opp.body.id}`), task.body.createdAt);
  });

  it('writing $task on the opportunity is 422 read_only naming task.$opportunity as the way', async () => {
    const res = await t.request({ path: `/v1/opportunities/${s.opportunityId}`, json: { relationships: { $task: { add: 'tsk_01JD8X3Q9Z4K7M2N5P6R8S0T1V' } } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [422, 'read_only', 'relationships.$task']);
    assert.match(res.body.error.message, /task\.\$opportunity/);
  });
});
