import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Lightfield, { APIUserAbortError, EnrichmentRunWaitTimeoutError, NotFoundError, Page, type EnrichmentRun, type Fetch } from '@fieldhouse/sdk';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { addMember } from '../../src/domain/members.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// client.channel, client.message and client.enrichmentRun (spec/newer-api.md) against a real server.

/** SINGLE_SELECT values read as option ids: the label of each of the channel type's options, by id. */
async function channelOptionLabels(t: TestServer): Promise<Map<string, string>> {
  const defs = await loadDefinitions(t.server.storage.db, t.organizationId, 'channel');
  return new Map(defs.fields.flatMap((f) => (f.config.options ?? []).map((o) => [o.id, o.label] as [string, string])));
}

describe('the SDK: channels, messages and enrichment runs', () => {
  let t: TestServer;
  let client: Lightfield;
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  const recording: Fetch = (url, init) => {
    requests.push({ method: String(init.method), path: new URL(url).pathname + new URL(url).search, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return fetch(url, init);
  };
  let adminMemberId: string;
  let otherMemberKey: string;

  before(async () => {
    // Enrichment on, the worker off: a run waits queued, and nothing reads the web.
    t = await startTestServer({ env: { FIELDHOUSE_ENRICHMENT_PROVIDER: 'web' } });
    client = new Lightfield({ apiKey: t.key, baseURL: t.url, fetch: recording });
    adminMemberId = (await client.member.list()).data[0]!.id;
    const now = new Date();
    const other = await addMember(t.server.storage.db, { organizationId: t.organizationId, email: 'sam@acme.test', firstName: 'Sam', lastName: 'Other', role: 'MEMBER', now });
    otherMemberKey = (await createApiKey(t.server.storage.db, { organizationId: t.organizationId, memberId: other.id, name: 'sam', scopes: ['channels:read', 'messages:read'], now })).plaintext;
  });
  after(() => t.stop());

  it('creates a channel, and with the same externalId updates it: 201 then 200, one id', async () => {
    const created = await client.channel
      .create({ fields: { $name: 'general', $provider: 'SLACK', $visibility: 'PUBLIC' }, relationships: { $member: [adminMemberId] }, externalId: 'slack:C100' })
      .withResponse();
    assert.equal(created.response.status, 201);
    const channel = created.data;
    assert.match(channel.id, /^[a-z]+_[0-9A-Z]{26}$/);
    assert.equal(channel.objectType, 'channel');
    assert.equal(channel.externalId, 'slack:C100');
    const label = await channelOptionLabels(t);
    assert.deepEqual(
      [channel.fields.$name?.value, label.get(String(channel.fields.$provider?.value)), label.get(String(channel.fields.$visibility?.value))],
      ['general', 'SLACK', 'PUBLIC'],
    );
    assert.deepEqual([channel.fields.$provider?.valueType, channel.fields.$visibility?.valueType], ['SINGLE_SELECT', 'SINGLE_SELECT']);
    assert.deepEqual(channel.relationships.$member?.values, [adminMemberId]);
    assert.deepEqual(requests.at(-1)!.body, { fields: { $name: 'general', $provider: 'SLACK', $visibility: 'PUBLIC' }, relationships: { $member: [adminMemberId] }, externalId: 'slack:C100' });

    const again = await client.channel.create({ fields: { $name: 'general-renamed', $provider: 'SLACK', $visibility: 'PUBLIC' }, externalId: 'slack:C100' }).withResponse();
    assert.equal(again.response.status, 200);
    assert.equal(again.data.id, channel.id);
    assert.equal(again.data.fields.$name?.value, 'general-renamed');

    assert.deepEqual(await client.channel.retrieve(channel.id), again.data);
    const page = await client.channel.list({ limit: 5 });
    assert.ok(page instanceof Page);
    assert.deepEqual([page.object, page.totalCount, page.data.map((c) => c.id)], ['list', 1, [channel.id]]);
    assert.equal(requests.at(-1)!.path, '/v1/channels?limit=5');
  });

  it('creates messages in a channel, lists them by channel and retrieves one with its accessLevel', async () => {
    const channel = await client.channel.create({ fields: { $name: 'deals', $provider: 'SLACK', $visibility: 'PRIVATE' }, relationships: { $member: [adminMemberId] }, externalId: 'slack:G200' });
    const body = {
      fields: { $text: 'Acme wants *10%*', $sentAt: '2024-01-02T10:00:00.000Z', $senderEmail: 'ada@acme.test', $senderName: 'Ada Lovelace' },
      externalId: 'slack:G200:1704189600.000100',
    };
    const created = await client.channel.createMessage(channel.id, body).withResponse();
    assert.equal(created.response.status, 201);
    assert.equal(requests.at(-1)!.path, `/v1/channels/${channel.id}/messages`);
    const message = created.data;
    assert.deepEqual([message.objectType, message.accessLevel, message.externalId], ['message', 'FULL', 'slack:G200:1704189600.000100']);
    assert.equal(message.fields.$text?.value, 'Acme wants *10%*');
    assert.equal(new Date(String(message.fields.$sentAt?.value)).toISOString(), '2024-01-02T10:00:00.000Z');
    assert.deepEqual(message.relationships.$channel?.values, [channel.id]);

    const again = await client.channel.createMessage(channel.id, body).withResponse();
    assert.deepEqual([again.response.status, again.data.id], [200, message.id]);
    await client.channel.createMessage(channel.id, { fields: { $text: 'Second', $sentAt: '2024-01-02T11:00:00Z' } });

    const listed = await client.message.list({ limit: 25 });
    assert.equal(requests.at(-1)!.path, '/v1/messages?limit=25');
    assert.equal(listed.totalCount, 2);
    assert.deepEqual(listed.data.map((m) => m.relationships.$channel?.values), [[channel.id], [channel.id]]);
    assert.ok(listed.data.some((m) => m.id === message.id));
    const retrieved = await client.message.retrieve(message.id);
    assert.deepEqual([retrieved.id, retrieved.accessLevel, retrieved.fields.$senderName?.value], [message.id, 'FULL', 'Ada Lovelace']);
    const all: string[] = [];
    for await (const m of client.message.list({ limit: 1 })) all.push(m.id);
    assert.equal(all.length, 2, 'for await walks every page');

    // A member who is not in the private channel sees neither it nor its messages.
    const outsider = new Lightfield({ apiKey: otherMemberKey, baseURL: t.url });
    await assert.rejects(async () => outsider.channel.retrieve(channel.id), NotFoundError);
    await assert.rejects(async () => outsider.message.retrieve(message.id), NotFoundError);
    assert.ok(!(await outsider.channel.list()).data.some((c) => c.id === channel.id));
    assert.equal((await outsider.message.list()).totalCount, 0);
  });

  it('enriches a contact: the run its create started is answered as already_running, read back, and waited for', async () => {
    const contact = await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@acme.test' } });
    const answer = await client.enrichmentRun.enrich(contact.id, { entitySlug: 'contacts' });
    assert.equal(requests.at(-1)!.path, `/v1/enrichmentRun/contacts/${contact.id}`);
    assert.deepEqual(requests.at(-1)!.body, {});
    assert.deepEqual([answer.status, answer.reason], ['already_running', null]);
    const run = answer.enrichmentRun!;
    assert.match(run.id, /^[a-z]+_[0-9A-Z]{26}$/);
    assert.deepEqual([run.entityId, run.entityType, run.status, run.trigger, run.targetFields], [contact.id, 'contact', 'queued', 'creation', ['$account']]);
    assert.deepEqual([run.startedAt, run.completedAt], [null, null]);
    assert.deepEqual(await client.enrichmentRun.getEnrichmentRun(run.id), run);
    assert.deepEqual(await client.enrichmentRun.retrieve(run.id), run);
    await assert.rejects(client.enrichmentRun.waitFor(run.id, { intervalMs: 10, timeoutMs: 50 }), (err: unknown) => err instanceof EnrichmentRunWaitTimeoutError && err.run.id === run.id);

    const named = await client.enrichmentRun.enrich(contact.id, { entitySlug: 'contacts', fields: ['$account'] });
    assert.deepEqual(requests.at(-1)!.body, { fields: ['$account'] });
    assert.deepEqual([named.status, named.enrichmentRun?.id], ['already_running', run.id], 'one run per record at a time');
    const personal = await client.contact.create({ fields: { $name: { firstName: 'No', lastName: 'Domain' }, $email: 'someone@gmail.com' } });
    assert.deepEqual(await client.enrichmentRun.enrich(personal.id, { entitySlug: 'contacts' }), { status: 'skipped', reason: 'no_operations', enrichmentRun: null });
    await assert.rejects(async () => client.enrichmentRun.getEnrichmentRun('enr_00000000000000000000000000'), NotFoundError);
  });
});

describe('enrichmentRun.waitFor', () => {
  const run = (status: EnrichmentRun['status']): EnrichmentRun => ({
    id: 'enr_1',
    entityId: 'acc_1',
    entityType: 'account',
    status,
    targetFields: ['$description'],
    trigger: 'manual',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    startedAt: status === 'queued' ? null : '2026-01-01T00:00:01.000Z',
    completedAt: status === 'queued' || status === 'running' ? null : '2026-01-01T00:00:02.000Z',
  });
  /** A client whose server answers the given statuses in turn, the last one from then on. */
  const scripted = (statuses: EnrichmentRun['status'][]) => {
    const paths: string[] = [];
    const client = new Lightfield({
      apiKey: 'sk_lf_test',
      baseURL: 'http://fieldhouse.invalid',
      fetch: (url) => {
        paths.push(new URL(url).pathname);
        const status = statuses[Math.min(paths.length - 1, statuses.length - 1)]!;
        return Promise.resolve(new Response(JSON.stringify(run(status)), { status: 200, headers: { 'content-type': 'application/json' } }));
      },
    });
    return { client, paths };
  };

  it('polls until the run is final and answers it', async () => {
    for (const final of ['completed', 'failed', 'timed_out'] as const) {
      const { client, paths } = scripted(['queued', 'running', 'running', final]);
      const done = await client.enrichmentRun.waitFor('enr_1', { intervalMs: 1, timeoutMs: 5_000 });
      assert.equal(done.status, final);
      assert.deepEqual(paths, Array(4).fill('/v1/enrichmentRun/enr_1'));
    }
  });

  it('gives up after timeoutMs with the last run read, and stops on an abort', async () => {
    const { client } = scripted(['running']);
    await assert.rejects(client.enrichmentRun.waitFor('enr_1', { intervalMs: 5, timeoutMs: 30 }), (err: unknown) => {
      assert.ok(err instanceof EnrichmentRunWaitTimeoutError);
      assert.equal(err.run.status, 'running');
      assert.match(err.message, /enr_1 is still running after 30 ms/);
      return true;
    });
    const controller = new AbortController();
    const waiting = client.enrichmentRun.waitFor('enr_1', { intervalMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(waiting, APIUserAbortError);
  });
});
