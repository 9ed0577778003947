import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

/** How much the store holds: a failed write must leave every count as it was. */
export async function storeCounts(t: TestServer): Promise<Record<string, number>> {
  const db = t.server.storage.db;
  const counts: Record<string, number> = {};
  for (const table of ['records', 'record_links', 'record_terms', 'unique_values'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const updated = await db.selectFrom('records').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirstOrThrow();
  counts.lastUpdate = updated.m ? Date.parse(String(updated.m)) : 0;
  return counts;
}

export interface Seeded {
  accountId: string;
  contactId: string;
  secondContactId: string;
  memberId: string;
  opportunityId: string;
}

export async function seedBasics(t: TestServer): Promise<Seeded> {
  const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Initech' } } });
  assert.equal(account.status, 200, account.text);
  const contact = await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Peter', lastName: 'Gibbons' } } } });
  assert.equal(contact.status, 200, contact.text);
  const second = await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Michael', lastName: 'Bolton' } } } });
  const members = await t.request({ path: '/v1/members' });
  const opportunity = await t.request({
    path: '/v1/opportunities',
    json: { fields: { $name: 'TPS reports', $stage: 'Demo' }, relationships: { $account: account.body.id } },
  });
  assert.equal(opportunity.status, 200, opportunity.text);
  return { accountId: account.body.id, contactId: contact.body.id, secondContactId: second.body.id, memberId: members.body.data[0].id, opportunityId: opportunity.body.id };
}
