import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { newId } from '../../src/domain/ids.js';
import { builtinType } from '../../src/domain/objects.js';
import { linkRow } from '../../src/domain/records/links.js';
import { writeEnv } from '../../src/domain/records/write-env.js';
import { applyWrite } from '../../src/domain/records/write-path.js';
import { writeTransaction } from '../../src/storage/transactions.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A request reads its definitions before it takes the write lock; an admin may change them in
 * between. What the write's effects derive for other records is computed from the definitions as
 * they are inside the transaction.
 */
describe('effects read the definitions of their own transaction', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it("an account's status follows a stage re-statused between the request's read and its write", async () => {
    const db = t.server.storage.db;
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Acme' } } });
    const stages: Array<{ id: string; label: string }> = (await t.request({ path: '/v1/opportunities/definitions' })).body.fieldDefinitions.$stage.typeConfiguration.options;
    const negotiation = stages.find((o) => o.label === 'Negotiation')!;
    const read = await loadDefinitions(db, t.organizationId, 'opportunity');
    const options = stages.map((o) => (o.id === negotiation.id ? { id: o.id, label: o.label, status: 'WON' } : { id: o.id, label: o.label }));
    const restatused = await t.request({ path: '/v1/opportunities/definitions/fields/$stage', json: { typeConfiguration: { options } } });
    assert.equal(restatused.status, 200, restatused.text);

    // The create goes on with the definitions it read, as createRecord does.
    const now = new Date();
    const id = newId('opp', now.getTime());
    await writeTransaction(db, t.organizationId, (trx) =>
      applyWrite(trx, writeEnv({ organizationId: t.organizationId, now, settings: { jobs: { debounceMs: 1000, maxAttempts: 1 } } }), {
        type: builtinType('opportunity'),
        defs: read,
        origin: 'create',
        recordId: id,
        row: undefined,
        fields: { $name: 'Deal', $stage: negotiation.id },
        added: [linkRow(t.organizationId, { linkType: 'opportunity.account', side: 'source' }, id, account.body.id, now.toISOString())],
        countsAsUpdate: true,
      }),
    );
    const statusOptions: Array<{ id: string; label: string }> = (await t.request({ path: '/v1/accounts/definitions' })).body.fieldDefinitions.$accountStatus.typeConfiguration.options;
    const status = (await t.request({ path: `/v1/accounts/${account.body.id}` })).body.fields.$accountStatus.value;
    assert.equal(statusOptions.find((o) => o.id === status)?.label, 'Customer');
  });
});
