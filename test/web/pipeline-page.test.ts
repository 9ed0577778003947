import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from './browser.js';

describe('the pipeline board', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('redirects without a session, then groups open opportunities by stage as links', async () => {
    const anonymous = await page(t, '/crm/opportunities');
    assert.deepEqual([anonymous.status, anonymous.headers.get('location')], [302, '/login?next=%2Fcrm%2Fopportunities']);

    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Board Co' } } });
    const create = (name: string, stage: string, amount?: number) =>
      t.request({ path: '/v1/opportunities', json: { fields: { $name: name, $stage: stage, $amount: amount }, relationships: { $account: account.body.id } } });
    const demo = await create('Demo deal', 'Demo', 1200);
    await create('Won deal', 'Closed Won');
    const proposal = await create('Proposal <b>deal</b>', 'Proposal');

    const board = await page(t, '/crm/opportunities', { cookie: await signIn(t, t.key) });
    assert.equal(board.status, 200);
    assert.match(board.text, new RegExp(`<a href="/crm/opportunities/${demo.body.id}">Demo deal</a>`));
    assert.match(board.text, /\$1,200/);
    assert.match(board.text, new RegExp(`<a href="/crm/opportunities/${proposal.body.id}">Proposal &lt;b&gt;deal&lt;/b&gt;</a>`));
    assert.doesNotMatch(board.text, /Won deal/, 'closed deals are not on the board');
    const order = ['Prospecting', 'Qualification', 'Demo', 'Proposal', 'Negotiation'].map((label) => board.text.indexOf(`<h2>${label} `));
    assert.ok(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)), 'columns in stage order');
  });
});
