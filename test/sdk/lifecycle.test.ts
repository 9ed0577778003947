import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Lightfield, { BadRequestError, ConflictError, CursorPage, NotFoundError, type FieldHistoryEntry, type Fetch } from '@fieldhouse/sdk';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The SDK's delete, restore, field history and merge (spec/newer-api.md) against a real server.

interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
}

describe('the SDK lifecycle methods against a real server', () => {
  let t: TestServer;
  let client: Lightfield;
  const clock = manualClock();
  const sent: Sent[] = [];
  const recording: Fetch = (url, init) => {
    sent.push({ method: String(init.method), url: new URL(url), headers: new Headers(init.headers), body: init.body as string | undefined });
    return fetch(url, init);
  };
  /** Each write a millisecond later, so history entries and merges are ordered by the clock. */
  const tick = () => clock.advance(1000);

  before(async () => {
    t = await startTestServer({ clock });
    client = new Lightfield({ apiKey: t.key, baseURL: t.url, fetch: recording, maxRetries: 0 });
  });
  after(() => t.stop());

  it('deletes with DELETE and a body of {}, answers the record, reads 404 until restored', async () => {
    tick();
    const account = await client.account.create({ fields: { $name: 'Trash Co' } });
    tick();
    const deleted = await client.account.delete(account.id);
    const request = sent.at(-1)!;
    assert.equal(request.method, 'DELETE');
    assert.equal(request.url.pathname, `/v1/accounts/${account.id}`);
    assert.equal(request.body, '{}');
    assert.equal(request.headers.get('content-type'), 'application/json');
    assert.match(request.headers.get('idempotency-key') ?? '', /^fieldhouse-sdk-[0-9a-f-]{36}$/, 'a delete is a write: it carries a generated key');
    assert.equal(deleted.id, account.id);
    assert.deepEqual(Object.keys(deleted).sort(), Object.keys(account).sort(), 'answered as retrieve would');
    await assert.rejects(async () => client.account.retrieve(account.id), NotFoundError);
    assert.equal((await client.account.list({ filter: { $name: 'Trash Co' } })).totalCount, 0);
    assert.equal((await client.account.delete(account.id)).id, account.id, 'deleting what is in the trash answers it again');

    const restored = await client.account.restore(account.id);
    assert.equal(sent.at(-1)!.method, 'POST');
    assert.equal(sent.at(-1)!.url.pathname, `/v1/accounts/${account.id}/restore`);
    assert.equal(restored.fields.$name?.value, 'Trash Co');
    assert.equal((await client.account.retrieve(account.id)).id, account.id);
  });

  it('deletes and restores every other type: contacts, opportunities, tasks, notes, meetings, lists, custom objects', async () => {
    const account = await client.account.create({ fields: { $name: 'Types Co' } });
    const memberId = (await client.member.list()).data[0]!.id;
    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'projects', label: 'Project' } })).status, 200);
    const contact = await client.contact.create({ fields: { $email: 'types@types.test' }, relationships: { $account: account.id } });
    const opp = await client.opportunity.create({ fields: { $name: 'Types deal', $stage: 'Demo' }, relationships: { $account: account.id } });
    const task = await client.task.create({ fields: { $title: 'Types task', $status: 'TODO' }, relationships: { $assignedTo: memberId } });
    const note = await client.note.create({ fields: { $title: 'Types note' } });
    const meeting = await client.meeting.create({ fields: { $title: 'Types sync', $startDate: '2026-01-02T10:00:00Z', $endDate: '2026-01-02T11:00:00Z' } });
    const list = await client.list.create({ fields: { $name: 'Types list', $objectType: '$account' }, relationships: { $accounts: account.id } });
    const project = await client.object.create('projects', { fields: { $name: 'Apollo' } });

    const cases = [
      { id: contact.id, del: () => client.contact.delete(contact.id), restore: () => client.contact.restore(contact.id), read: () => client.contact.retrieve(contact.id) },
      { id: opp.id, del: () => client.opportunity.delete(opp.id), restore: () => client.opportunity.restore(opp.id), read: () => client.opportunity.retrieve(opp.id) },
      { id: task.id, del: () => client.task.delete(task.id), restore: () => client.task.restore(task.id), read: () => client.task.retrieve(task.id) },
      { id: note.id, del: () => client.note.delete(note.id), restore: () => client.note.restore(note.id), read: () => client.note.retrieve(note.id) },
      { id: meeting.id, del: () => client.meeting.delete(meeting.id), restore: () => client.meeting.restore(meeting.id), read: () => client.meeting.retrieve(meeting.id) },
      { id: list.id, del: () => client.list.delete(list.id), restore: () => client.list.restore(list.id), read: () => client.list.retrieve(list.id) },
      {
        id: project.id,
        del: () => client.object.delete(project.id, { entitySlug: 'projects' }),
        restore: () => client.object.restore(project.id, { entitySlug: 'projects' }),
        read: () => client.object.retrieve(project.id, { entitySlug: 'projects' }),
      },
    ];
    for (const c of cases) {
      const shown = await c.read();
      const deleted = await c.del();
      assert.equal(sent.at(-1)!.method, 'DELETE', c.id);
      assert.deepEqual(deleted, shown, `${c.id}: the delete answers the record as retrieve did`);
      await assert.rejects(async () => c.read(), NotFoundError, c.id);
      assert.deepEqual((await c.restore()).id, c.id);
      assert.deepEqual(await c.read(), shown, `${c.id} is back as it was`);
    }
    assert.equal(sent.find((s) => s.url.pathname === `/v1/objects/projects/values/${project.id}` && s.method === 'DELETE')?.body, '{}');
    assert.deepEqual((await client.list.listAccounts(list.id)).data.map((a) => a.id), [account.id], 'the list came back with its members');

    tick();
    const taken = await client.contact.create({ fields: { $email: 'unique@types.test' } });
    await client.contact.delete(taken.id);
    await client.contact.create({ fields: { $email: 'unique@types.test' } });
    const refused = await client.contact.restore(taken.id).catch((err: unknown) => err);
    assert.ok(refused instanceof ConflictError, 'restore refuses when a unique value was taken meanwhile');
    assert.equal(refused.code, 'unique_violation');
  });

  it('replays a delete sent twice under the caller’s idempotency key', async () => {
    const note = await client.note.create({ fields: { $title: 'Once' } });
    const first = await client.note.delete(note.id, { idempotencyKey: 'sdk-delete-1' }).withResponse();
    const second = await client.note.delete(note.id, { idempotencyKey: 'sdk-delete-1' }).withResponse();
    assert.equal(sent.at(-1)!.headers.get('idempotency-key'), 'sdk-delete-1');
    assert.equal(second.response.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.data, first.data);
    const restored = await client.note.restore(note.id, { idempotencyKey: 'sdk-restore-1' });
    assert.equal(sent.at(-1)!.headers.get('idempotency-key'), 'sdk-restore-1');
    assert.equal(restored.id, note.id);
  });

  it('reads field history: one page awaited, every page with for await, by hand with nextPage; the key URL-encoded', async () => {
    const account = await client.account.create({ fields: { $name: 'History Co' } });
    tick();
    const opp = await client.opportunity.create({ fields: { $name: 'History deal', $stage: 'Demo', $amount: 100 }, relationships: { $account: account.id } });
    for (const amount of [200, 300, 400, 500]) {
      tick();
      await client.opportunity.update(opp.id, { fields: { $amount: amount } });
    }

    const whole = await client.opportunity.fieldHistory(opp.id, '$amount');
    const request = sent.at(-1)!;
    assert.equal(request.method, 'GET');
    assert.equal(request.url.pathname, `/v1/opportunities/${opp.id}/fields/%24amount/history`, '$ is sent as %24');
    assert.equal(request.url.search, '');
    assert.equal(request.headers.get('idempotency-key'), null, 'a read carries no key');
    assert.ok(whole instanceof CursorPage);
    assert.deepEqual([whole.hasMore, whole.nextCursor, whole.hasNextPage()], [false, null, false]);
    assert.deepEqual(whole.data.map((e) => [e.value, e.displayValue, e.isCreate]), [
      [500, '$500.00', false],
      [400, '$400.00', false],
      [300, '$300.00', false],
      [200, '$200.00', false],
      [100, '$100.00', true],
    ]);
    assert.equal(whole.data[0]!.valueType, 'CURRENCY');
    assert.match(whole.data[0]!.recordedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(JSON.parse(JSON.stringify(whole)), { data: whole.data, hasMore: false, nextCursor: null }, 'a page serializes as the response');
    assert.throws(() => whole.nextPage(), /hasNextPage/);

    const before = sent.length;
    const seen: FieldHistoryEntry[] = [];
    for await (const entry of client.opportunity.fieldHistory(opp.id, '$amount', { limit: 2 })) seen.push(entry);
    assert.deepEqual(seen.map((e) => e.value), [500, 400, 300, 200, 100], 'every entry of three pages, newest first, none twice');
    const pages = sent.slice(before);
    assert.equal(pages.length, 3, 'three pages of two');
    assert.deepEqual(pages.map((p) => p.url.searchParams.get('limit')), ['2', '2', '2']);
    assert.equal(pages[0]!.url.searchParams.get('after'), null);
    assert.ok(pages[1]!.url.searchParams.get('after') && pages[2]!.url.searchParams.get('after') !== pages[1]!.url.searchParams.get('after'), 'each next page after the previous cursor');
    assert.ok(seen.every((e) => !e.isCreate), 'paged: the whole history was not in one answer');

    const first = await client.opportunity.fieldHistory(opp.id, '$amount', { limit: 3 });
    assert.deepEqual([first.data.length, first.hasMore, first.hasNextPage(), typeof first.nextCursor], [3, true, true, 'string']);
    const second = await first.nextPage();
    assert.deepEqual([second.data.map((e) => e.value), second.hasNextPage()], [[200, 100], false]);
    const again = await client.opportunity.fieldHistory(opp.id, '$amount', { limit: 3, after: first.nextCursor! });
    assert.deepEqual(again.data, second.data, '`after` taken by hand');
    const counts: number[] = [];
    for await (const page of first.iterPages()) counts.push(page.data.length);
    assert.deepEqual(counts, [3, 2]);
    const { data, response } = await client.opportunity.fieldHistory(opp.id, '$amount', { limit: 1 }).withResponse();
    assert.equal(response.status, 200);
    assert.equal(data.data.length, 1);

    const name = await client.account.fieldHistory(account.id, '$name');
    assert.deepEqual(name.data.map((e) => e.value), ['History Co']);
    const contact = await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'L' } } });
    tick();
    await client.contact.update(contact.id, { fields: { $name: { firstName: 'Bea', lastName: 'L' } } });
    assert.deepEqual((await client.contact.fieldHistory(contact.id, '$name')).data.map((e) => e.displayValue), ['Bea L', 'Ada L']);

    const unknown = await client.opportunity.fieldHistory(opp.id, '$nope').catch((err: unknown) => err);
    assert.ok(unknown instanceof BadRequestError);
    assert.deepEqual([unknown.code, unknown.param], ['unknown_field', 'fieldKey']);
    await assert.rejects(async () => client.opportunity.fieldHistory(opp.id, '$amount', { limit: 101 }), BadRequestError);
  });

  it('reads custom-object field history across pages', async () => {
    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'vendors', label: 'Vendor' } })).status, 200);
    const vendor = await client.object.create('vendors', { fields: { $name: 'V1' } });
    for (const name of ['V2', 'V3']) {
      tick();
      await client.object.update(vendor.id, { entitySlug: 'vendors', fields: { $name: name } });
    }
    const names: unknown[] = [];
    for await (const entry of client.object.fieldHistory(vendor.id, '$name', { entitySlug: 'vendors', limit: 2 })) names.push(entry.value);
    assert.deepEqual(names, ['V3', 'V2', 'V1']);
    assert.equal(sent.at(-1)!.url.pathname, `/v1/objects/vendors/values/${vendor.id}/fields/%24name/history`);
    assert.equal(sent.at(-1)!.url.searchParams.get('entitySlug'), null, 'the slug goes in the path only');
  });

  it('merges contacts with resolutions and union, reads the merge, undoes it', async () => {
    const primary = await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: null }, $email: 'ada@merge.test' } });
    const duplicate = await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'lovelace@merge.test' } });
    const before = [await client.contact.retrieve(primary.id), await client.contact.retrieve(duplicate.id)];
    const body = { primaryId: primary.id, duplicateId: duplicate.id, fieldResolutions: { $name: 'duplicate' as const }, options: { multiSelectUnion: true } };

    tick();
    const dry = await client.contact.merge({ ...body, dryRun: true });
    assert.equal(sent.at(-1)!.url.pathname, '/v1/contacts/merge');
    assert.deepEqual(JSON.parse(sent.at(-1)!.body!), { ...body, dryRun: true });
    assert.equal(dry.merge.status, 'dry_run');
    assert.deepEqual(await client.contact.retrieve(duplicate.id), before[1], 'a dry run writes nothing');

    tick();
    const merged = await client.contact.merge(body, { idempotencyKey: 'sdk-merge-1' });
    assert.equal(sent.at(-1)!.headers.get('idempotency-key'), 'sdk-merge-1');
    assert.match(merged.merge.id, /^mrg_/);
    assert.equal(merged.merge.status, 'done');
    assert.equal(merged.primary.id, primary.id);
    assert.deepEqual(merged.primary.fields.$name?.value, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.deepEqual(merged.primary.fields.$email?.value, ['ada@merge.test', 'lovelace@merge.test']);
    assert.deepEqual(Object.keys(merged.summary).sort(), ['fieldWriteCount', 'syncRepointedCount', 'warnings']);
    assert.deepEqual(merged.summary.warnings, []);
    assert.deepEqual(merged.primary, { ...dry.primary, updatedAt: merged.primary.updatedAt }, 'the dry run answered what the merge did');
    await assert.rejects(async () => client.contact.retrieve(duplicate.id), NotFoundError);

    const view = await client.merge.retrieve(merged.merge.id);
    assert.equal(sent.at(-1)!.url.pathname, `/v1/merges/${merged.merge.id}`);
    assert.deepEqual(
      { ...view, createdAt: typeof view.createdAt, updatedAt: typeof view.updatedAt },
      { id: merged.merge.id, createdAt: 'string', updatedAt: 'string', primaryId: primary.id, duplicateId: duplicate.id, entityType: 'contact', status: 'done' },
    );

    tick();
    const undone = await client.merge.undo(merged.merge.id);
    assert.deepEqual([sent.at(-1)!.method, sent.at(-1)!.url.pathname], ['POST', `/v1/merges/${merged.merge.id}/undo`]);
    assert.match(sent.at(-1)!.headers.get('idempotency-key') ?? '', /^fieldhouse-sdk-/);
    assert.deepEqual(undone.merge, { id: merged.merge.id, status: 'undone' });
    assert.deepEqual([undone.primary, undone.duplicate], before, 'both back as they were');
    assert.equal((await client.merge.retrieve(merged.merge.id)).status, 'undone');
    await assert.rejects(async () => client.merge.undo(merged.merge.id), ConflictError, 'undone once');
    await assert.rejects(async () => client.merge.retrieve('mrg_01ARZ3NDEKTSV4RRFFQ69G5FAV'), NotFoundError);
  });

  it('merges accounts, opportunities and custom-object records', async () => {
    const a = await client.account.create({ fields: { $name: 'Hooli', $website: ['https://hooli.test'] } });
    const b = await client.account.create({ fields: { $name: 'Hooli Inc', $website: ['https://hooli.example'] } });
    const contact = await client.contact.create({ fields: {}, relationships: { $account: b.id } });
    tick();
    const accounts = await client.account.merge({ primaryId: a.id, duplicateId: b.id, options: { multiSelectUnion: true } });
    assert.deepEqual(accounts.primary.fields.$website?.value, ['https://hooli.test', 'https://hooli.example']);
    assert.deepEqual((await client.contact.retrieve(contact.id)).relationships.$account?.values, [a.id], 'what pointed at the duplicate points at the primary');

    const p = await client.opportunity.create({ fields: { $name: 'P', $stage: 'Demo' }, relationships: { $account: a.id } });
    const d = await client.opportunity.create({ fields: { $name: 'D', $stage: 'Demo', $amount: 5 }, relationships: { $account: a.id } });
    tick();
    const opps = await client.opportunity.merge({ primaryId: p.id, duplicateId: d.id, fieldResolutions: { $name: { value: 'Merged deal' } } });
    assert.deepEqual([opps.primary.fields.$name?.value, opps.primary.fields.$amount?.value], ['Merged deal', 5]);

    assert.equal((await t.request({ path: '/v1/objects', json: { slug: 'tools', label: 'Tool' } })).status, 200);
    const x = await client.object.create('tools', { fields: { $name: 'Hammer' } });
    const y = await client.object.create('tools', { fields: { $name: 'Big hammer' } });
    tick();
    const tools = await client.object.merge('tools', { primaryId: x.id, duplicateId: y.id, fieldResolutions: { $name: 'duplicate' } });
    assert.equal(sent.at(-1)!.url.pathname, '/v1/objects/tools/merge');
    assert.equal(tools.primary.fields.$name?.value, 'Big hammer');
    await assert.rejects(async () => client.object.retrieve(y.id, { entitySlug: 'tools' }), NotFoundError);
    const view = await client.merge.retrieve(tools.merge.id);
    assert.deepEqual([view.primaryId, view.duplicateId, view.status], [x.id, y.id, 'done']);
    tick();
    const undone = await client.merge.undo(tools.merge.id);
    assert.equal(undone.duplicate.fields.$name?.value, 'Big hammer');

    const same = await client.account.merge({ primaryId: a.id, duplicateId: a.id }).catch((err: unknown) => err);
    assert.ok(same instanceof BadRequestError);
    assert.equal(same.param, 'duplicateId');
  });
});
