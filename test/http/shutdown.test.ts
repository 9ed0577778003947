import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new connections, and closes storage', async () => {
    const probe = widgetRoutes();
    const t = await startTestServer({ routes: [probe.routes] });
    let open!: () => void;
    probe.gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = t.request({ path: '/v1/widgets', json: { name: 'in flight' }, headers: { 'idempotency-key': 'shutdown-1' } });
    while (probe.runs === 0) await new Promise((r) => setTimeout(r, 5));

    const closed = t.server.close();
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(closedYet, false, 'close waits for the request in flight');
    await assert.rejects(fetch(`${t.url}/healthz`), 'no new connections once closing');

    open();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'in flight');
    await closed;
    await assert.rejects(t.server.storage.ping(), 'storage is closed after the server');
  });
});
