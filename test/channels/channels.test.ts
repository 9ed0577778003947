import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import type { Scope } from '../../src/domain/access/scopes.js';
import { addMember } from '../../src/domain/members.js';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from '../web/browser.js';

describe('channels and messages: intake and who sees what', () => {
  let t: TestServer;
  const clock = manualClock();
  let adminId: string;
  /** Keys of two members without `admin`: Sam is in the private channel, Kim is not. */
  let sam: { id: string; key: string };
  let kim: { id: string; key: string };
  let readOnlyAdmin: string;
  /** A member of the organization without `admin`, and a key of theirs. */
  const member = async (first: string, scopes: Scope[] = ['channels:read', 'messages:read']) => {
    const db = t.server.storage.db;
    const row = await addMember(db, { organizationId: t.organizationId, email: `${first.toLowerCase()}@us.test`, firstName: first, lastName: 'Member', role: 'MEMBER', now: clock.now() });
    const key = await createApiKey(db, { organizationId: t.organizationId, memberId: row.id, name: first, scopes, now: clock.now() });
    return { id: row.id, key: key.plaintext };
  };
  const post = (path: string, json: unknown, key?: string, headers?: Record<string, string>) => t.request({ path, json, ...(key ? { key } : {}), ...(headers ? { headers } : {}) });
  const get = (path: string, key?: string) => t.request({ path, ...(key ? { key } : {}) });
  /** A write that must succeed: 201 when it made the record, 200 when it wrote over one. */
  const ok = async (path: string, json: unknown, status?: 200 | 201) => {
    clock.advance(1000);
    const res = await post(path, json);
    assert.ok(res.status === 200 || res.status === 201, res.text);
    if (status !== undefined) assert.equal(res.status, status, res.text);
    return res.body;
  };

  before(async () => {
    t = await startTestServer({ clock });
    adminId = (await get('/v1/members')).body.data[0].id;
    sam = await member('Sam');
    kim = await member('Kim');
    readOnlyAdmin = (await t.createKey(['channels:read', 'messages:read', 'admin'])).key;
  });
  after(() => t.stop());

  let general: any;
  let deals: any;
  let random: any;
  it('takes channels and messages in with the admin scope only, by externalId at most once', async () => {
    general = await ok('/v1/channels', { fields: { $name: 'general', $provider: 'SLACK', $visibility: 'PUBLIC' }, externalId: 'slack:C1' }, 201);
    assert.equal(general.objectType, 'channel');
    assert.equal(general.externalId, 'slack:C1');
    assert.match(general.id, /^chn_/);
    deals = await ok('/v1/channels', { fields: { $name: 'deals', $provider: 'SLACK', $visibility: 'PRIVATE' }, relationships: { $member: [adminId, sam.id] }, externalId: 'slack:C2' });
    assert.deepEqual(deals.relationships.$member.values.sort(), [adminId, sam.id].sort());

    const again = await ok('/v1/channels', { fields: { $name: 'deals-renamed', $provider: 'SLACK', $visibility: 'PRIVATE' }, relationships: { $member: [sam.id] }, externalId: 'slack:C2' }, 200);
    assert.equal(again.id, deals.id, 'the same externalId writes over the channel it made');
    assert.equal(again.fields.$name.value, 'deals-renamed');
    assert.deepEqual(again.relationships.$member.values, [sam.id], 'members are replaced by the new list');
    assert.equal((await get('/v1/channels')).body.totalCount, 2);

    const refused = await post('/v1/channels', { fields: { $name: 'x' } }, sam.key);
    assert.equal(refused.status, 403, refused.text);
    const idem = { 'Idempotency-Key': 'chan-create-1' };
    const first = await post('/v1/channels', { fields: { $name: 'random' } }, undefined, idem);
    const second = await post('/v1/channels', { fields: { $name: 'random' } }, undefined, idem);
    assert.deepEqual([second.status, second.body.id], [201, first.body.id], 'an Idempotency-Key answers the first create again');
    random = first.body;
    const defs = await loadDefinitions(t.server.storage.db, t.organizationId, 'channel');
    const label = (key: string, id: unknown) => defs.fields.find((f) => f.key === key)?.config.options?.find((o) => o.id === id)?.label;
    assert.deepEqual([label('$visibility', random.fields.$visibility.value), label('$provider', random.fields.$provider.value)], ['PUBLIC', 'OTHER'], 'a create without them is PUBLIC, OTHER');
    const kept = await ok('/v1/channels', { fields: { $name: 'deals-renamed' }, externalId: 'slack:C2' }, 200);
    assert.equal(label('$visibility', kept.fields.$visibility.value), 'PRIVATE', 'a rewrite without them keeps what the channel holds');

    for (const [body, status, param] of [
      [{ fields: { $name: 'x' }, externalId: 7 }, 400, 'externalId'],
      [{ fields: { $name: 'x' }, externalId: '  ' }, 422, 'externalId'],
      [{ fields: {} }, 400, 'fields.$name'],
      [{ fields: { $name: 'x', $visibility: 'SECRET' } }, 422, 'fields.$visibility'],
      [{ fields: { $name: 'x' }, relationships: { $member: ['mem_01JD8X3Q9Z4K7M2N5P6R8S0T1V'] } }, 400, 'relationships.$member'],
      [{ fields: { $name: 'x' }, provider: 'SLACK' }, 400, 'provider'],
    ] as const) {
      const res = await post('/v1/channels', body);
      assert.equal(res.status, status, res.text);
      assert.equal(res.body.error.param, param, res.text);
    }
    assert.equal((await get('/v1/channels')).body.totalCount, 3, 'a refused write makes nothing');
  });

  let contact: any;
  let account: any;
  it('links a message to the contact of its sender, with their account, as an interaction', async () => {
    account = await ok('/v1/accounts', { fields: { $name: 'Acme' } });
    contact = await ok('/v1/contacts', { fields: { $email: 'ada@acme.test' }, relationships: { $account: account.id } });
    const sentAt = '2026-01-05T10:00:00.000Z';
    const message = await ok(`/v1/channels/${general.id}/messages`, {
      fields: { $text: 'Hello *world*', $sentAt: sentAt, $senderEmail: 'ADA@acme.test', $senderName: 'Ada' },
      externalId: 'slack:C1:1.0001',
    }, 201);
    assert.equal(message.objectType, 'message');
    assert.equal(message.accessLevel, 'FULL');
    assert.deepEqual(message.relationships.$channel.values, [general.id]);
    assert.deepEqual(message.relationships.$contact.values, [contact.id]);
    assert.deepEqual(message.relationships.$account.values, [account.id]);
    const reread = (await get(`/v1/contacts/${contact.id}`)).body;
    assert.equal(reread.fields.$lastInteractionAt.value, sentAt, 'a message is an interaction of its contact, when it was sent');

    const again = await ok(`/v1/channels/${general.id}/messages`, { fields: { $text: 'Hello *world*', $sentAt: sentAt, $senderEmail: 'ada@acme.test' }, externalId: 'slack:C1:1.0001' }, 200);
    assert.equal(again.id, message.id);
    assert.equal((await get('/v1/messages')).body.totalCount, 1);

    const moved = await post(`/v1/channels/${deals.id}/messages`, { fields: { $text: 'moved?', $sentAt: sentAt }, externalId: 'slack:C1:1.0001' });
    assert.deepEqual([moved.status, moved.body.error?.type, moved.body.error?.param], [409, 'conflict', 'externalId'], moved.text);
    assert.deepEqual((await get(`/v1/messages/${message.id}`)).body.relationships.$channel.values, [general.id], 'a message stays in its channel');

    const key = { 'Idempotency-Key': 'message-key-reused' };
    const inGeneral = await post(`/v1/channels/${general.id}/messages`, { fields: { $text: 'one', $sentAt: sentAt } }, undefined, key);
    const inRandom = await post(`/v1/channels/${random.id}/messages`, { fields: { $text: 'one', $sentAt: sentAt } }, undefined, key);
    assert.deepEqual([inGeneral.status, inRandom.status], [201, 201], inRandom.text);
    assert.notEqual(inRandom.body.id, inGeneral.body.id, 'one key, two channels: two messages');
    assert.deepEqual(inRandom.body.relationships.$channel.values, [random.id]);

    // Brought in before anyone knew its sender: the contact made later is linked to it.
    const early = await ok(`/v1/channels/${general.id}/messages`, { fields: { $text: 'hi from bob', $sentAt: sentAt, $senderEmail: 'bob@acme.test' } }, 201);
    assert.deepEqual(early.relationships.$contact.values, []);
    const bob = await ok('/v1/contacts', { fields: { $email: 'bob@acme.test' }, relationships: { $account: account.id } });
    const relinked = (await get(`/v1/messages/${early.id}`)).body;
    assert.deepEqual([relinked.relationships.$contact.values, relinked.relationships.$account.values], [[bob.id], [account.id]]);
    assert.equal(relinked.updatedAt, early.updatedAt, 'derived again without counting as its update');
    assert.equal((await get(`/v1/contacts/${bob.id}`)).body.fields.$lastInteractionAt.value, sentAt);

    const missing = await post('/v1/channels/chn_01JD8X3Q9Z4K7M2N5P6R8S0T1V/messages', { fields: { $sentAt: sentAt } });
    assert.equal(missing.status, 404, missing.text);
    const linked = await post(`/v1/channels/${general.id}/messages`, { fields: { $sentAt: sentAt }, relationships: { $channel: deals.id } });
    assert.deepEqual([linked.status, linked.body.error.code, linked.body.error.param], [422, 'read_only', 'relationships.$channel'], linked.text);
    const noTime = await post(`/v1/channels/${general.id}/messages`, { fields: { $text: 'when?' } });
    assert.equal(noTime.status, 400, noTime.text);
    assert.equal(noTime.body.error.param, 'fields.$sentAt');
  });

  it('shows a private channel and its messages to its members and admins only, with counts to match', async () => {
    const secret = await ok(`/v1/channels/${deals.id}/messages`, { fields: { $text: 'the price is 42', $sentAt: '2026-01-06T10:00:00.000Z', $senderName: 'Sam' } });
    assert.deepEqual([secret.accessLevel, secret.fields.$text.value], ['FULL', 'the price is 42'], 'the intake answers what it was given');

    const forSam = await get('/v1/channels', sam.key);
    assert.deepEqual([forSam.body.totalCount, forSam.body.data.length], [3, 3], 'a member sees the private channel');
    assert.equal((await get(`/v1/messages/${secret.id}`, sam.key)).body.fields.$text.value, 'the price is 42');

    const forKim = await get('/v1/channels', kim.key);
    assert.deepEqual([forKim.body.totalCount, forKim.body.data.length], [2, 2], 'a non-member does not, and the count says so');
    assert.ok(!forKim.body.data.some((c: { id: string }) => c.id === deals.id));
    const hidden = await get(`/v1/channels/${deals.id}`, kim.key);
    const nowhere = await get('/v1/channels/chn_01JD8X3Q9Z4K7M2N5P6R8S0T1V', kim.key);
    assert.deepEqual([hidden.status, hidden.body], [nowhere.status, { error: { ...nowhere.body.error } }], 'exactly like a channel that does not exist');
    assert.equal((await get(`/v1/messages/${secret.id}`, kim.key)).status, 404);
    const kimMessages = await get('/v1/messages', kim.key);
    assert.deepEqual([kimMessages.body.totalCount, kimMessages.body.data.length], [4, 4], 'the messages of the public channels');
    const page = await get('/v1/channels?limit=1&offset=1', kim.key);
    assert.deepEqual([page.body.totalCount, page.body.data.length], [2, 1]);

    // An admin who is not a member sees that the channel and its messages exist, not what they say.
    assert.equal((await get('/v1/channels', readOnlyAdmin)).body.totalCount, 3);
    const asAdmin = await get(`/v1/messages/${secret.id}`, readOnlyAdmin);
    assert.equal(asAdmin.status, 200, asAdmin.text);
    assert.deepEqual([asAdmin.body.accessLevel, asAdmin.body.fields.$text.value], ['METADATA', null]);
    const adminList = await get('/v1/messages', readOnlyAdmin);
    assert.equal(adminList.body.totalCount, 5);
    assert.deepEqual(adminList.body.data.map((m: { accessLevel: string }) => m.accessLevel).sort(), ['FULL', 'FULL', 'FULL', 'FULL', 'METADATA']);

    // Membership moves visibility at once.
    await ok('/v1/channels', { fields: { $name: 'deals-renamed', $visibility: 'PRIVATE' }, relationships: { $member: [sam.id, kim.id] }, externalId: 'slack:C2' });
    assert.equal((await get(`/v1/channels/${deals.id}`, kim.key)).status, 200);
    assert.equal((await get('/v1/messages', kim.key)).body.totalCount, 5);
  });

  it("serves each channel's and message's httpLink page to who may see it, and a 404 page to anyone else", async () => {
    const secret = (await get('/v1/messages', sam.key)).body.data.find((m: { relationships: { $channel: { values: string[] } } }) => m.relationships.$channel.values[0] === deals.id);
    const path = (link: string) => new URL(link).pathname;
    const samCookie = await signIn(t, sam.key);
    const shown = await page(t, path(deals.httpLink), { cookie: samCookie });
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /deals-renamed/);
    const message = await page(t, path(secret.httpLink), { cookie: samCookie });
    assert.equal(message.status, 200);
    assert.match(message.text, /the price is 42/);

    const outsider = await member('Lee', ['channels:read', 'messages:read']);
    const leeCookie = await signIn(t, outsider.key);
    for (const link of [deals.httpLink, secret.httpLink]) {
      const hidden = await page(t, path(link), { cookie: leeCookie });
      assert.equal(hidden.status, 404, `${link}: ${hidden.status}`);
      assert.doesNotMatch(hidden.text, /deals-renamed|the price is 42/);
    }
    assert.equal((await page(t, path(general.httpLink), { cookie: leeCookie })).status, 200, 'a public channel is anyone’s');
  });

  it('needs channels:read and messages:read, and takes no filters', async () => {
    const notes = (await t.createKey(['notes:read'])).key;
    assert.equal((await get('/v1/channels', notes)).status, 403);
    assert.equal((await get('/v1/messages', notes)).status, 403);
    const filtered = await get('/v1/messages?$text[contains]=price');
    assert.equal(filtered.status, 400, filtered.text);
  });
});
