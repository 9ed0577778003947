import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { addMember } from '../../src/domain/members.js';
import { readSlackExport, SlackExportError, slackTsToIso } from '../../src/cli/slack-export.js';
import { runClientCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const fieldhouse = runClientCli;

/** Writes a zip holding `files` (name → JSON value, or raw text) with yazl, as Slack's exporter would. */
async function writeZip(file: string, files: Record<string, unknown>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, value] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value, null, 4)), name);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject);
  });
  return file;
}

/** SINGLE_SELECT values read as option ids: the label of each of the channel type's options, by id. */
async function channelOptionLabels(t: TestServer): Promise<Map<string, string>> {
  const defs = await loadDefinitions(t.server.storage.db, t.organizationId, 'channel');
  return new Map(defs.fields.flatMap((f) => (f.config.options ?? []).map((o) => [o.id, o.label] as [string, string])));
}

const user = (id: string, name: string, realName: string, email: string | null) => ({
  id,
  team_id: 'T0001',
  name,
  deleted: false,
  real_name: realName,
  is_bot: false,
  profile: { real_name: realName, display_name: name, ...(email && { email }) },
});

const msg = (ts: string, userId: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'message', user: userId, text, ts, ...extra });

/** Two channels (#general public, #deals private in groups.json), three users, threads with replies. */
function exportFiles(): Record<string, unknown> {
  return {
    'users.json': [
      user('U001', 'ada', 'Ada Lovelace', 'Ada@Acme.test'),
      user('U002', 'grace', 'Grace Hopper', 'grace@acme.test'),
      user('U003', 'carol', 'Carol Outside', 'carol@partner.test'),
    ],
    'channels.json': [{ id: 'C001', name: 'general', created: 1704067200, creator: 'U001', is_archived: false, is_general: true, members: ['U001', 'U002', 'U003'], topic: { value: '' }, purpose: { value: '' } }],
    'groups.json': [{ id: 'G001', name: 'deals', created: 1704067200, creator: 'U001', is_archived: false, members: ['U001', 'U003'] }],
    'general/2024-01-02.json': [
      { type: 'message', subtype: 'channel_join', user: 'U003', text: '<@U003> has joined the channel', ts: '1704189000.000100' },
      msg('1704189600.000100', 'U001', 'Hello team, kickoff is *today*'),
      msg('1704189700.000200', 'U002', 'Who owns the Acme renewal?', { thread_ts: '1704189700.000200', reply_count: 2, replies: [{ user: 'U003', ts: '1704189800.000300' }] }),
      msg('1704189800.000300', 'U003', 'I can take it', { thread_ts: '1704189700.000200', parent_user_id: 'U002' }),
      { type: 'message', subtype: 'bot_message', username: 'deploybot', bot_id: 'B001', text: 'Deployed v1.2.3', ts: '1704189900.000400' },
    ],
    'general/2024-01-03.json': [msg('1704276000.000100', 'U001', 'Thanks Carol!', { thread_ts: '1704189700.000200', parent_user_id: 'U002' })],
    'deals/2024-01-02.json': [
      msg('1704190000.000100', 'U001', 'Acme wants a 10% discount', { thread_ts: '1704190000.000100', reply_count: 1 }),
      msg('1704190100.000200', 'U003', 'We can do 5%', { thread_ts: '1704190000.000100', parent_user_id: 'U001' }),
    ],
  };
}

describe('fieldhouse import slack EXPORT.zip', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let dir: string;
  let zipPath: string;
  let ada: string;
  let grace: string;
  let graceKey: string;

  before(async () => {
    t = await startTestServer();
    env = { LIGHTFIELD_BASE_URL: t.url, LIGHTFIELD_API_KEY: t.key };
    const now = new Date();
    const db = t.server.storage.db;
    ada = (await addMember(db, { organizationId: t.organizationId, email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', role: 'MEMBER', now })).id;
    grace = (await addMember(db, { organizationId: t.organizationId, email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper', role: 'MEMBER', now })).id;
    graceKey = (await createApiKey(db, { organizationId: t.organizationId, memberId: grace, name: 'grace', scopes: ['channels:read', 'messages:read'], now })).plaintext;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-slack-'));
    zipPath = await writeZip(path.join(dir, 'export.zip'), exportFiles());
  });
  after(async () => {
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every channel and message the admin key sees, by externalId. */
  async function snapshot(key = t.key) {
    const channels = await t.request({ path: '/v1/channels?limit=25', key });
    assert.equal(channels.status, 200, channels.text);
    const messages = await t.request({ path: '/v1/messages?limit=25', key });
    assert.equal(messages.status, 200, messages.text);
    return {
      channelTotal: channels.body.totalCount as number,
      messageTotal: messages.body.totalCount as number,
      channels: new Map<string, any>(channels.body.data.map((c: any) => [c.externalId, c])),
      messages: new Map<string, any>(messages.body.data.map((m: any) => [m.externalId, m])),
    };
  }

  it('reads the export: channels with visibility, users with emails, join messages skipped', async () => {
    const data = await readSlackExport(zipPath);
    assert.deepEqual(
      data.channels.map((c) => [c.channel.id, c.channel.name, c.channel.isPrivate, c.messages.length]),
      [
        ['G001', 'deals', true, 2],
        ['C001', 'general', false, 5],
      ],
    );
    assert.equal(data.skipped, 1);
    assert.equal(data.users.get('U001')?.email, 'ada@acme.test');
    assert.equal(slackTsToIso('1704189600.000100'), '2024-01-02T10:00:00.000Z');
  });

  it('imports channels and messages, matching members by email, and gives the same records when run again', async () => {
    const first = await fieldhouse(['import', 'slack', zipPath], env);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^Imported 2 channels \(2 new\), 7 messages \(7 new\); skipped 1 messages\.\n$/);
    assert.match(first.stderr, /#general \(public\): 5 messages, 5 new/, 'plain progress lines when not on a terminal');

    const seen = await snapshot();
    assert.deepEqual([seen.channelTotal, seen.messageTotal], [2, 7]);
    const general = seen.channels.get('slack:C001');
    const deals = seen.channels.get('slack:G001');
    assert.ok(general && deals, 'channels carry their Slack ids');
    assert.equal(general.objectType, 'channel');
    const label = await channelOptionLabels(t);
    assert.deepEqual(
      [general.fields.$name.value, label.get(general.fields.$provider.value), label.get(general.fields.$visibility.value)],
      ['general', 'SLACK', 'PUBLIC'],
    );
    assert.deepEqual([deals.fields.$name.value, label.get(deals.fields.$provider.value), label.get(deals.fields.$visibility.value)], ['deals', 'SLACK', 'PRIVATE']);
    assert.deepEqual([...general.relationships.$member.values].sort(), [ada, grace].sort(), 'the two Slack users who are members; Carol is not one');
    assert.deepEqual(deals.relationships.$member.values, [ada]);

    const kickoff = seen.messages.get('slack:C001:1704189600.000100');
    assert.equal(kickoff.objectType, 'message');
    assert.equal(kickoff.accessLevel, 'FULL');
    assert.equal(kickoff.fields.$text.value, 'Hello team, kickoff is *today*');
    assert.equal(new Date(kickoff.fields.$sentAt.value).toISOString(), '2024-01-02T10:00:00.000Z');
    assert.equal(kickoff.fields.$senderEmail.value, 'ada@acme.test');
    assert.equal(kickoff.fields.$senderName.value, 'Ada Lovelace');
    assert.deepEqual(kickoff.relationships.$channel.values, [general.id]);
    const reply = seen.messages.get('slack:C001:1704189800.000300');
    assert.deepEqual([reply.fields.$text.value, reply.fields.$senderEmail.value, reply.fields.$senderName.value], ['I can take it', 'carol@partner.test', 'Carol Outside']);
    assert.ok(seen.messages.get('slack:C001:1704276000.000100'), 'a reply in a later day file');
    const bot = seen.messages.get('slack:C001:1704189900.000400');
    assert.deepEqual([bot.fields.$senderName.value, bot.fields.$senderEmail.value], ['deploybot', null]);
    assert.equal(seen.messages.get('slack:C001:1704189000.000100'), undefined, 'the join message is skipped');
    const inDeals = [...seen.messages.values()].filter((m) => m.relationships.$channel.values[0] === deals.id);
    assert.deepEqual(inDeals.map((m) => m.externalId).sort(), ['slack:G001:1704190000.000100', 'slack:G001:1704190100.000200']);

    const second = await fieldhouse(['import', 'slack', zipPath], env);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^Imported 2 channels \(0 new\), 7 messages \(0 new\); skipped 1 messages\.\n$/);
    const again = await snapshot();
    assert.deepEqual([again.channelTotal, again.messageTotal], [2, 7]);
    for (const [externalId, channel] of seen.channels) assert.equal(again.channels.get(externalId)?.id, channel.id, externalId);
    for (const [externalId, message] of seen.messages) {
      assert.equal(again.messages.get(externalId)?.id, message.id, externalId);
      assert.deepEqual(again.messages.get(externalId)?.fields, message.fields, externalId);
    }
    assert.deepEqual([...again.channels.get('slack:C001').relationships.$member.values].sort(), [ada, grace].sort());
  });

  it('keeps the private channel and its messages from a member who is not in it', async () => {
    const seen = await snapshot(graceKey);
    assert.deepEqual([...seen.channels.keys()], ['slack:C001']);
    assert.equal(seen.channelTotal, 1);
    assert.equal(seen.messageTotal, 5);
    assert.ok([...seen.messages.keys()].every((id) => id.startsWith('slack:C001:')));
    const deals = (await snapshot()).channels.get('slack:G001');
    assert.equal((await t.request({ path: `/v1/channels/${deals.id}`, key: graceKey })).status, 404);
  });

  it('reads private channels marked is_private in channels.json, and an export inside one folder', async () => {
    const files = exportFiles();
    const { 'groups.json': groups, ...rest } = files as Record<string, any>;
    const nested = Object.fromEntries(
      Object.entries({ ...rest, 'channels.json': [...rest['channels.json'], { ...groups[0], is_private: true }] }).map(([name, value]) => [`Acme Slack export/${name}`, value]),
    );
    const data = await readSlackExport(await writeZip(path.join(dir, 'nested.zip'), nested));
    assert.deepEqual(
      data.channels.map((c) => [c.channel.name, c.channel.isPrivate, c.messages.length]),
      [
        ['deals', true, 2],
        ['general', false, 5],
      ],
    );
  });

  it('names the bad file in the export and changes nothing', async () => {
    const broken = await writeZip(path.join(dir, 'broken.zip'), { ...exportFiles(), 'general/2024-01-04.json': '[{"type": "message", "ts": ' });
    const before = await snapshot();
    const run = await fieldhouse(['import', 'slack', broken], env);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^fieldhouse: general\/2024-01-04\.json: not valid JSON/m);
    const after = await snapshot();
    assert.deepEqual([after.channelTotal, after.messageTotal], [before.channelTotal, before.messageTotal]);

    await assert.rejects(readSlackExport(path.join(dir, 'missing.zip')), (err: unknown) => err instanceof SlackExportError && /missing\.zip: not a readable zip/.test(err.message));
    const noUsers = await writeZip(path.join(dir, 'no-users.zip'), { 'channels.json': [] });
    await assert.rejects(readSlackExport(noUsers), /no users\.json/);
    const badTs = await writeZip(path.join(dir, 'bad-ts.zip'), { ...exportFiles(), 'deals/2024-01-05.json': [{ type: 'message', user: 'U001', text: 'x' }] });
    await assert.rejects(readSlackExport(badTs), /deals\/2024-01-05\.json: message 0 has no valid ts/);
  });
});
