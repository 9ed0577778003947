import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Link {
  link_type: string;
  source_id: string;
  target_id: string;
}

/** 20 merges and deletes at once over the same few contacts: all answered, none stuck, no link lost. */
describe('concurrent merges and deletes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({});
  });
  after(() => t.stop());

  it('answers every request 200 or a clean 4xx, and every link ends on the record that took it', async () => {
    const create = async (plural: string, json: unknown) => {
      const res = await t.request({ path: `/v1/${plural}`, json });
      assert.equal(res.status, 200, res.text);
      return res.body.id as string;
    };
    const accounts = [await create('accounts', { fields: { $name: 'A' } }), await create('accounts', { fields: { $name: 'B' } })];
    const contacts: string[] = [];
    for (let i = 0; i < 6; i++) contacts.push(await create('contacts', { fields: { $email: `c${i}@race.test` }, relationships: { $account: [accounts[i % 2]!] } }));
    for (let i = 0; i < 6; i++) await create('opportunities', { fields: { $name: `O${i}`, $stage: 'Demo' }, relationships: { $account: accounts[0], $champion: contacts[i], $evaluator: contacts[(i + 1) % 6] } });
    const db = t.server.storage.db;
    const original = (await db.selectFrom('record_links').selectAll().execute()).filter((l) => contacts.includes(l.source_id) || contacts.includes(l.target_id));
    assert.equal(original.length, 6 + 12);

    // A fixed, varied mix: chains (0→1, 1→2), both directions (3→4, 4→3), deletes of merged and merging records.
    const ops: Array<{ kind: 'merge'; primary: number; duplicate: number } | { kind: 'delete'; id: number }> = [
      { kind: 'merge', primary: 1, duplicate: 0 },
      { kind: 'merge', primary: 2, duplicate: 1 },
      { kind: 'merge', primary: 3, duplicate: 4 },
      { kind: 'merge', primary: 4, duplicate: 3 },
      { kind: 'delete', id: 5 },
      { kind: 'merge', primary: 5, duplicate: 2 },
      { kind: 'delete', id: 0 },
      { kind: 'merge', primary: 0, duplicate: 5 },
      { kind: 'merge', primary: 2, duplicate: 3 },
      { kind: 'delete', id: 4 },
      { kind: 'merge', primary: 1, duplicate: 5 },
      { kind: 'merge', primary: 4, duplicate: 2 },
      { kind: 'delete', id: 2 },
      { kind: 'merge', primary: 3, duplicate: 1 },
      { kind: 'merge', primary: 0, duplicate: 4 },
      { kind: 'delete', id: 3 },
      { kind: 'merge', primary: 5, duplicate: 0 },
      { kind: 'merge', primary: 2, duplicate: 4 },
      { kind: 'delete', id: 1 },
      { kind: 'merge', primary: 1, duplicate: 3 },
    ];
    const answers = await Promise.all(
      ops.map((op) =>
        op.kind === 'merge'
          ? t.request({ path: '/v1/contacts/merge', json: { primaryId: contacts[op.primary], duplicateId: contacts[op.duplicate], options: { multiSelectUnion: true } } })
          : t.request({ method: 'DELETE', path: `/v1/contacts/${contacts[op.id]}` }),
      ),
    );
    for (const [i, res] of answers.entries()) {
      assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `op ${i} answered ${res.status}: ${res.text}`);
      if (res.status !== 200) assert.ok(['relationship_entity_missing', 'invalid_type'].includes(res.body.error.code) || res.status === 409, res.text);
    }
    const merged = new Map<string, string>();
    answers.forEach((res, i) => {
      const op = ops[i]!;
      if (op.kind === 'merge' && res.status === 200) merged.set(contacts[op.duplicate]!, contacts[op.primary]!);
    });
    assert.ok(merged.size > 0, 'some merges went through');

    // Where each contact's links should be now: down its chain of merges, live or in the trash.
    const holder = (id: string) => {
      let at = id;
      for (let hops = 0; merged.has(at) && hops < 10; hops++) at = merged.get(at)!;
      return at;
    };
    const live = new Set((await db.selectFrom('records').select('id').where('id', 'in', contacts).execute()).map((r) => r.id));
    const links = await db.selectFrom('record_links').selectAll().execute();
    const trash = new Map((await db.selectFrom('trashed_records').select(['id', 'links']).execute()).map((r) => [r.id, JSON.parse(r.links) as Link[]]));
    for (const link of original) {
      const contact = contacts.includes(link.source_id) ? link.source_id : link.target_id;
      const now = holder(contact);
      const moved = { ...link, source_id: link.source_id === contact ? now : link.source_id, target_id: link.target_id === contact ? now : link.target_id };
      const same = (l: Link) => l.link_type === moved.link_type && l.source_id === moved.source_id && l.target_id === moved.target_id;
      if (live.has(now)) assert.ok(links.some(same), `${link.link_type} of ${contact} is on ${now}`);
      else assert.ok(trash.get(now)?.some(same), `${link.link_type} of ${contact} went to the trash with ${now}`);
    }
    // The API agrees: every live contact reads, and no merge is left half done.
    for (const id of live) assert.equal((await t.request({ path: `/v1/contacts/${id}` })).status, 200);
    const statuses = await db.selectFrom('merges').select('status').execute();
    assert.ok(statuses.every((m) => m.status === 'done'));
  });
});
