import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * For random pairs of records with random links, a merge loses no link, and merge then undo
 * gives back both records, and every record linked to them, byte for byte.
 */
describe('merge and undo, property-tested', () => {
  let t: TestServer;
  const clock = manualClock();
  let memberId: string;
  let serial = 0;

  const request = async (path: string, json?: unknown, method?: string) => {
    const res = await t.request({ path, ...(json === undefined ? {} : { json }), ...(method ? { method } : {}) });
    assert.ok(res.status === 200, `${method ?? (json ? 'POST' : 'GET')} ${path}: ${res.text}`);
    return res;
  };
  const create = async (plural: string, json: unknown): Promise<string> => {
    clock.advance(1000);
    return (await request(`/v1/${plural}`, json)).body.id;
  };
  /** The exact bytes of each record, as retrieve answers it. */
  const texts = async (paths: readonly string[]) => Promise.all(paths.map(async (path) => (await t.request({ path })).text));

  before(async () => {
    t = await startTestServer({ clock });
    memberId = (await t.request({ path: '/v1/members' })).body.data[0].id;
  });
  after(() => t.stop());

  const subset = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });
  const side = fc.constantFrom('primary', 'duplicate', 'none');
  const pairShape = fc.record({
    entity: fc.constantFrom('account', 'contact'),
    names: fc.tuple(fc.option(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '')), fc.option(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''))),
    emails: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    // Which of three other records each of the pair links to.
    linksOfPrimary: subset(3),
    linksOfDuplicate: subset(3),
    // Records on the far side that hold one of the pair: opportunities (by account or champion), tasks, notes.
    opportunities: fc.array(fc.record({ holder: side, stage: fc.constantFrom('Demo', 'Closed Won', 'Closed Lost') }), { maxLength: 3 }),
    tasks: fc.array(fc.record({ holder: side, complete: fc.boolean() }), { maxLength: 2 }),
    notes: fc.array(side, { maxLength: 2 }),
    lists: fc.array(fc.tuple(fc.boolean(), fc.boolean()), { maxLength: 2 }),
    multiSelectUnion: fc.boolean(),
    nameFrom: fc.constantFrom('default', 'primary', 'duplicate'),
  });

  it('merge loses no link; merge then undo gives everything back byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(pairShape, async (shape) => {
        const n = ++serial;
        const isAccount = shape.entity === 'account';
        const plural = isAccount ? 'accounts' : 'contacts';
        // The far ends: contacts of an account, accounts of a contact.
        const others = await Promise.all([0, 1, 2].map((i) => (isAccount ? create('contacts', { fields: { $email: `far-${n}-${i}@x.test` } }) : create('accounts', { fields: { $name: `Far ${n}.${i}` } }))));
        const pick = (mask: boolean[]) => others.filter((_, i) => mask[i]);
        const pair = await Promise.all(
          (['primary', 'duplicate'] as const).map(async (role, r) => {
            const name = shape.names[r];
            const mask = r === 0 ? shape.linksOfPrimary : shape.linksOfDuplicate;
            if (isAccount) {
              const fields: Record<string, unknown> = { $name: name ?? `Acct ${n} ${role}` };
              if (shape.emails[r]! > 0) fields.$website = Array.from({ length: shape.emails[r]! }, (_, i) => `https://${role}-${n}-${i}.test`);
              return create('accounts', { fields, relationships: { $contact: pick(mask) } });
            }
            const fields: Record<string, unknown> = { $email: Array.from({ length: shape.emails[r]! }, (_, i) => `${role}-${n}-${i}@pair.test`) };
            if (name) fields.$name = { firstName: name, lastName: null };
            return create('contacts', { fields, relationships: { $account: pick(mask) } });
          }),
        );
        const [primary, duplicate] = pair as [string, string];
        const holderOf = (holder: string) => (holder === 'primary' ? primary : holder === 'duplicate' ? duplicate : undefined);
        const anAccount = isAccount ? undefined : await create('accounts', { fields: { $name: `Home ${n}` } });
        const far: string[] = [];
        for (const opp of shape.opportunities) {
          const holder = holderOf(opp.holder);
          const relationships: Record<string, unknown> = isAccount ? { $account: holder ?? (await create('accounts', { fields: { $name: `Elsewhere ${n}` } })) } : { $account: anAccount, ...(holder ? { $champion: holder } : {}) };
          far.push(`/v1/opportunities/${await create('opportunities', { fields: { $name: `Opp ${n}`, $stage: opp.stage }, relationships })}`);
        }
        if (isAccount) {
          for (const task of shape.tasks) {
            const holder = holderOf(task.holder);
            far.push(`/v1/tasks/${await create('tasks', { fields: { $title: `Task ${n}`, $status: task.complete ? 'COMPLETE' : 'TODO' }, relationships: { $assignedTo: memberId, ...(holder ? { $account: holder } : {}) } })}`);
          }
          for (const note of shape.notes) {
            const holder = holderOf(note);
            far.push(`/v1/notes/${await create('notes', { fields: { $title: `Note ${n}` }, relationships: holder ? { $account: [holder] } : {} })}`);
          }
        }
        const listPaths: string[] = [];
        for (const [withPrimary, withDuplicate] of shape.lists) {
          const members = [...(withPrimary ? [primary] : []), ...(withDuplicate ? [duplicate] : [])];
          const list = await create('lists', { fields: { $name: `List ${n}`, $objectType: `$${shape.entity}` }, relationships: { [`$${plural}`]: members } });
          listPaths.push(`/v1/lists/${list}/${plural}`);
        }
        const paths = [`/v1/${plural}/${primary}`, `/v1/${plural}/${duplicate}`, ...others.map((id) => `/v1/${isAccount ? 'contacts' : 'accounts'}/${id}`), ...far, ...listPaths];
        const before = await texts(paths);
        const dupBefore = JSON.parse(before[1]!);

        clock.advance(1000);
        const body = {
          primaryId: primary,
          duplicateId: duplicate,
          options: { multiSelectUnion: shape.multiSelectUnion },
          ...(shape.nameFrom === 'default' ? {} : { fieldResolutions: { $name: shape.nameFrom } }),
        };
        const merged = (await request(`/v1/${plural}/merge`, body)).body;
        assert.deepEqual(merged.summary.warnings.filter((w: string) => /dropped/.test(w)), [], 'no link of the duplicate had to be dropped');

        // No link lost: everything the duplicate held, the primary holds.
        const primaryNow = (await request(`/v1/${plural}/${primary}`)).body;
        for (const [key, rel] of Object.entries<{ values: string[] }>(dupBefore.relationships)) {
          for (const id of rel.values) {
            if (key === '$createdBy' || key === '$owner') continue;
            assert.ok(primaryNow.relationships[key].values.includes(id), `${key} lost ${id}`);
          }
        }
        for (const path of far) {
          const wasDuplicate = JSON.parse(before[paths.indexOf(path)]!) as { relationships: Record<string, { values: string[] }> };
          const now = (await request(path)).body as { relationships: Record<string, { values: string[] }> };
          for (const [key, rel] of Object.entries(wasDuplicate.relationships)) {
            const expected = rel.values.map((id) => (id === duplicate ? primary : id));
            assert.deepEqual([...new Set(now.relationships[key]!.values)].sort(), [...new Set(expected)].sort(), `${path} ${key} repointed`);
          }
        }
        for (const path of listPaths) {
          const was = JSON.parse(before[paths.indexOf(path)]!).data.map((r: { id: string }) => r.id) as string[];
          const now = (await request(path)).body.data.map((r: { id: string }) => r.id) as string[];
          if (was.length > 0) assert.deepEqual(now, [primary], `${path}: the primary is on every list either was on`);
        }

        clock.advance(1000);
        await request(`/v1/merges/${merged.merge.id}/undo`, undefined, 'POST');
        assert.deepEqual(await texts(paths), before, 'undo gives back every record byte for byte');
      }),
      { numRuns: 20 },
    );
  });
});
