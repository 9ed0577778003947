import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSession, upload } from '../files/helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { FAST_JOBS, waitForRun } from '../jobs/helpers.js';

describe('meetings in opportunity summaries (offline provider)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: FAST_JOBS });
  });
  after(() => t.stop());

  const ok = async (path: string, json: unknown) => {
    const res = await t.request({ path, json });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res;
  };
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

  it('a meeting with the opportunity’s people is summarized, with the opening of its transcript; a METADATA one without it', async () => {
    const account = (await ok('/v1/accounts', { fields: { $name: 'Initech' } })).body.id;
    await ok('/v1/contacts', { fields: { $email: 'peter@initech.test' }, relationships: { $account: account } });
    const opportunity = await ok('/v1/opportunities', { fields: { $name: 'Initech rollout', $stage: 'Demo' }, relationships: { $account: account } });
    await waitForRun(t, opportunity.headers.get('fieldhouse-workflow-run')!);

    const transcript = 'Peter: the TPS reports must go.\nBill: agreed, by Q3.\n' + 'filler '.repeat(5000);
    const file = await createSession(t, { filename: 'call.txt', mimeType: 'text/plain', sizeBytes: Buffer.byteLength(transcript), purpose: 'meeting_transcript' });
    assert.equal((await upload(file.uploadUrl, transcript, file.uploadHeaders)).status, 200);
    await ok(`/v1/files/${file.id}/complete`, {});
    const meeting = await ok('/v1/meetings', {
      fields: { $title: 'Rollout kickoff', $startDate: hoursAgo(3), $endDate: hoursAgo(2), $attendeeEmails: ['peter@initech.test'] },
      relationships: { $transcript: file.id },
    });
    assert.deepEqual(meeting.body.relationships.$opportunity.values, [opportunity.body.id]);
    const runId = meeting.headers.get('fieldhouse-workflow-run');
    assert.ok(runId, 'the meeting names the summary run it caused');
    assert.equal(await waitForRun(t, runId), 'completed');
    let summary = (await t.request({ path: `/v1/opportunities/${opportunity.body.id}` })).body.fields.$summary.value as string;
    assert.match(summary, /### Recent meetings\n- \d{4}-\d\d-\d\d Rollout kickoff: Peter: the TPS reports must go\./);
    assert.ok(summary.length < 4000, 'a long transcript is read only in part');

    const secret = await ok('/v1/meetings', {
      fields: { $title: 'Layoff planning', $startDate: hoursAgo(1), $endDate: hoursAgo(0.5), $attendeeEmails: ['peter@initech.test'], $privacySetting: 'METADATA' },
      relationships: { $transcript: file.id },
    });
    await waitForRun(t, secret.headers.get('fieldhouse-workflow-run')!);
    summary = (await t.request({ path: `/v1/opportunities/${opportunity.body.id}` })).body.fields.$summary.value as string;
    assert.match(summary, /- \d{4}-\d\d-\d\d Layoff planning\n/, 'a METADATA meeting is named, its transcript not read');
  });
});
