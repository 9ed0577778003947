import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

/** Polls a workflow run until it leaves queued/running, bounded so a stuck queue fails the test. */
export async function waitForRun(t: TestServer, runId: string, until: (status: string) => boolean = (s) => s === 'completed' || s === 'failed'): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const res = await t.request({ path: `/v1/workflowRun/${runId}/status` });
    assert.equal(res.status, 200, res.text);
    if (until(res.body.status)) return res.body.status as string;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${runId} did not finish`);
}

export const FAST_JOBS = { FIELDHOUSE_WORKER: 'on', FIELDHOUSE_SUMMARY_DEBOUNCE_MS: '50', FIELDHOUSE_JOB_BACKOFF_MS: '50' };
