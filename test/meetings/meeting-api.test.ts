import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { runCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createSession, upload } from '../files/helpers.js';
import { page, signIn } from '../web/browser.js';

const HOUR = 3600_000;

describe('meeting.* operations: matching, derived links, past-only, privacy, transcripts', () => {
  let t: TestServer;
  const clock = manualClock();
  const ago = (hours: number) => new Date(clock.now().getTime() - hours * HOUR).toISOString();
  const past = (extra: Record<string, unknown> = {}) => ({ $title: 'Discovery call', $startDate: ago(2), $endDate: ago(1), ...extra });
  const createMeeting = (json: unknown, key?: string) => t.request({ path: '/v1/meetings', json, ...(key ? { key } : {}) });
  const get = (path: string, key?: string) => t.request({ path, ...(key ? { key } : {}) });
  const post = async (path: string, json: unknown) => {
    clock.advance(1000);
    const res = await t.request({ path, json });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body;
  };
  const rel = (view: any, key: string): string[] => view.relationships[key]?.values ?? [];
  const meetingCount = async () => (await t.server.storage.db.selectFrom('records').select('id').where('object_type', '=', 'meeting').execute()).length;
  const recordCount = async (type: string) => (await t.server.storage.db.selectFrom('records').select('id').where('object_type', '=', type).execute()).length;
  let acme: string;
  let ada: string;
  let deal: string;
  let championed: string;
  let firstMeeting: string;

  before(async () => {
    t = await startTestServer({ clock });
    acme = (await post('/v1/accounts', { fields: { $name: 'Acme', $website: ['https://acme.test'] } })).id;
    ada = (await post('/v1/contacts', { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'Ada@Acme.test' }, relationships: { $account: acme } })).id;
    deal = (await post('/v1/opportunities', { fields: { $name: 'Acme expansion', $stage: 'Demo' }, relationships: { $account: acme } })).id;
    const other = (await post('/v1/accounts', { fields: { $name: 'Elsewhere' } })).id;
    championed = (await post('/v1/opportunities', { fields: { $name: 'Elsewhere pilot', $stage: 'Proposal' }, relationships: { $account: other, $champion: ada } })).id;
  });
  after(() => t.stop());

  it('matches attendees to contacts case-insensitively and derives accounts and opportunities from them', async () => {
    clock.advance(1000);
    const res = await createMeeting({ fields: past({ $attendeeEmails: ['ada@ACME.test', 'nobody@unknown.test'], $description: 'Went **well**.' }) });
    assert.equal(res.status, 200, res.text);
    const meeting = res.body;
    firstMeeting = meeting.id;
    assert.equal(meeting.objectType, 'meeting');
    assert.equal(meeting.accessLevel, 'FULL');
    assert.match(meeting.id, /^mtg_/);
    assert.deepEqual(rel(meeting, '$contact'), [ada]);
    assert.deepEqual(rel(meeting, '$account'), [acme]);
    assert.deepEqual(rel(meeting, '$opportunity').sort(), [deal, championed].sort(), 'the account’s open opportunity and the one Ada champions');
    assert.equal(meeting.fields.$description.value, 'Went **well**.');
    const definitions = await get('/v1/meetings/definitions');
    assert.equal(definitions.status, 200, definitions.text);
    const full = definitions.body.fieldDefinitions.$privacySetting.typeConfiguration.options.find((o: any) => o.label === 'FULL');
    assert.equal(meeting.fields.$privacySetting.value, full.id, 'privacy defaults to FULL');
    assert.equal(await recordCount('contact'), 1, 'without autoCreateRecords no contact is made');

    for (const [path, id] of [[`/v1/contacts/${ada}`, ada], [`/v1/accounts/${acme}`, acme], [`/v1/opportunities/${deal}`, deal]] as const) {
      const record = (await get(path)).body;
      assert.deepEqual(rel(record, '$meeting'), [meeting.id], `${id} lists the meeting`);
      assert.equal(record.fields.$lastInteractionAt.value, meeting.createdAt, `${id}'s last interaction moves to the meeting`);
    }
    const listed = await get('/v1/meetings');
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.totalCount, 1);
    assert.equal(listed.body.data[0].objectType, 'meeting');
  });

  it('refuses meetings that are not in the past, or end before they start, naming the field; nothing is stored', async () => {
    const before = await meetingCount();
    const future = new Date(clock.now().getTime() + HOUR).toISOString();
    const refusals: Array<[Record<string, unknown>, number, string, string]> = [
      [past({ $startDate: future, $endDate: future }), 422, 'invalid_value', 'fields.$startDate'],
      [past({ $endDate: future }), 422, 'invalid_value', 'fields.$endDate'],
      [past({ $startDate: ago(1), $endDate: ago(2) }), 422, 'invalid_value', 'fields.$endDate'],
      [{ $startDate: ago(2), $endDate: ago(1) }, 400, 'parameter_missing', 'fields.$title'],
      [past({ $startDate: 'yesterday' }), 422, 'invalid_value', 'fields.$startDate'],
      [past({ $privacySetting: 'SECRET' }), 422, 'invalid_option', 'fields.$privacySetting'],
    ];
    for (const [fields, status, code, param] of refusals) {
      const res = await createMeeting({ fields });
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], JSON.stringify(fields));
    }
    const others: Array<[unknown, number, string, string]> = [
      [{ fields: past(), autoCreateRecords: 'yes' }, 400, 'invalid_type', 'autoCreateRecords'],
      [{ fields: past(), relationships: { $contact: [ada] } }, 422, 'read_only', 'relationships.$contact'],
      [{ fields: past(), relationships: { $transcript: 'fil_nope' } }, 400, 'relationship_entity_missing', 'relationships.$transcript'],
    ];
    for (const [body, status, code, param] of others) {
      const res = await createMeeting(body);
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], JSON.stringify(body));
    }
    assert.equal(await meetingCount(), before, 'no refused create left a meeting');
  });

  it('autoCreateRecords: external attendees become contacts on the account of their domain, website first; own people and free mail make no account', async () => {
    const globex = (await post('/v1/accounts', { fields: { $name: 'Globex Corporation', $website: ['https://www.globex.test'] } })).id;
    const [accountsBefore, contactsBefore] = [await recordCount('account'), await recordCount('contact')];
    clock.advance(1000);
    const res = await createMeeting({
      autoCreateRecords: true,
      fields: past({
        $organizerEmail: 'admin@fieldhouse.local',
        $attendeeEmails: ['grace@globex.test', 'linus@newco.test', 'lin@newco.test', 'sam@gmail.com', 'colleague@fieldhouse.local', 'ada@acme.test'],
      }),
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(await recordCount('contact'), contactsBefore + 4, 'grace, linus, lin and sam; not the members’ side, not Ada again');
    assert.equal(await recordCount('account'), accountsBefore + 1, 'one account for newco.test, none for gmail.com or the members’ domain');
    const contacts = await Promise.all(rel(res.body, '$contact').map(async (id) => (await get(`/v1/contacts/${id}`)).body));
    const byEmail = new Map(contacts.map((c) => [c.fields.$email.value[0].toLowerCase(), c]));
    assert.deepEqual([...byEmail.keys()].sort(), ['ada@acme.test', 'grace@globex.test', 'lin@newco.test', 'linus@newco.test', 'sam@gmail.com']);
    assert.deepEqual(rel(byEmail.get('grace@globex.test'), '$account'), [globex], 'matched by website');
    const [newco] = rel(byEmail.get('linus@newco.test'), '$account');
    assert.ok(newco);
    assert.deepEqual(rel(byEmail.get('lin@newco.test'), '$account'), [newco], 'one account per domain');
    const created = (await get(`/v1/accounts/${newco}`)).body;
    assert.equal(created.fields.$name.value, 'newco.test');
    assert.deepEqual(created.fields.$website.value, ['https://newco.test']);
    assert.deepEqual(rel(byEmail.get('sam@gmail.com'), '$account'), [], 'free mail is nobody’s company');
    assert.deepEqual(rel(res.body, '$account').sort(), [acme, globex, newco].sort());
  });

  it('keeps derived links right when contacts change later', async () => {
    clock.advance(1000);
    const meeting = (await createMeeting({ fields: past({ $attendeeEmails: ['kim@later.test'] }) })).body;
    assert.deepEqual(rel(meeting, '$contact'), []);
    const kim = (await post('/v1/contacts', { fields: { $email: 'KIM@later.test' } })).id;
    let read = (await get(`/v1/meetings/${meeting.id}`)).body;
    assert.deepEqual(rel(read, '$contact'), [kim], 'a contact created with an attendee’s address joins the meeting');
    assert.equal(read.updatedAt, meeting.updatedAt, 'the system’s links do not count as the meeting’s update');
    const later = (await post('/v1/accounts', { fields: { $name: 'Later Inc' }, relationships: { $contact: [kim] } })).id;
    const pilot = (await post('/v1/opportunities', { fields: { $name: 'Later pilot', $stage: 'Prospecting' }, relationships: { $account: later } })).id;
    read = (await get(`/v1/meetings/${meeting.id}`)).body;
    assert.deepEqual(rel(read, '$account'), [later], 'the contact’s new account');
    assert.deepEqual(rel(read, '$opportunity'), [pilot], 'and that account’s open opportunity');
    await post(`/v1/contacts/${kim}`, { fields: { $email: 'kim@elsewhere.test' } });
    read = (await get(`/v1/meetings/${meeting.id}`)).body;
    assert.deepEqual([rel(read, '$contact'), rel(read, '$account'), rel(read, '$opportunity')], [[], [], []], 'an address changed away takes the contact out');
  });

  it('update takes only $privacySetting and $transcript.replace; a transcript must be a COMPLETED file', async () => {
    clock.advance(1000);
    const meeting = (await createMeeting({ fields: past() })).body;
    const pending = await createSession(t, { filename: 'call.vtt', mimeType: 'text/vtt', sizeBytes: 5, purpose: 'meeting_transcript' });
    const done = await createSession(t, { filename: 'done.vtt', mimeType: 'text/vtt', sizeBytes: 5, purpose: 'meeting_transcript' });
    assert.equal((await upload(done.uploadUrl, 'WEBVT', done.uploadHeaders)).status, 200);
    assert.equal((await t.request({ path: `/v1/files/${done.id}/complete`, json: {} })).status, 200);
    const refusals: Array<[unknown, number, string, string]> = [
      [{ fields: { $title: 'Renamed' } }, 422, 'read_only', 'fields.$title'],
      [{ fields: { $startDate: ago(3) } }, 422, 'read_only', 'fields.$startDate'],
      [{ relationships: { $transcript: { add: [done.id] } } }, 400, 'invalid_type', 'relationships.$transcript.add'],
      [{ relationships: { $transcript: { replace: null } } }, 422, 'invalid_value', 'relationships.$transcript.replace'],
      [{ relationships: { $transcript: { replace: [pending.id] } } }, 422, 'invalid_value', 'relationships.$transcript'],
      [{ relationships: { $contact: { replace: [ada] } } }, 422, 'read_only', 'relationships.$contact'],
    ];
    for (const [body, status, code, param] of refusals) {
      const res = await t.request({ path: `/v1/meetings/${meeting.id}`, json: body });
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], JSON.stringify(body));
    }
    assert.equal((await upload(pending.uploadUrl, 'WEBVT', pending.uploadHeaders)).status, 200);
    assert.equal((await t.request({ path: `/v1/files/${pending.id}/complete`, json: {} })).status, 200);
    const updated = await post(`/v1/meetings/${meeting.id}`, { fields: { $privacySetting: 'METADATA' }, relationships: { $transcript: { replace: pending.id } } });
    assert.deepEqual(rel(updated, '$transcript'), [pending.id]);
    assert.equal(updated.accessLevel, 'FULL', 'the creator still sees it all');
    assert.notEqual(updated.updatedAt, meeting.updatedAt);
  });

  it('a METADATA meeting reads as METADATA to another member, in retrieve and list, and in full to its creator', async () => {
    const env = t.database.env;
    assert.equal(runCli(['members', 'add', '--email', 'bo@fieldhouse.local', '--first', 'Bo', '--last', 'Other'], env).status, 0);
    const made = runCli(['keys', 'create', '--name', 'bo', '--member', 'bo@fieldhouse.local'], env);
    assert.equal(made.status, 0, made.stderr);
    const boKey = /sk_lf_\S+/.exec(made.stdout)?.[0];
    assert.ok(boKey, made.stdout);

    const file = await createSession(t, { filename: 'notes.txt', mimeType: 'text/plain', sizeBytes: 4, purpose: 'meeting_transcript' });
    assert.equal((await upload(file.uploadUrl, 'text', file.uploadHeaders)).status, 200);
    assert.equal((await t.request({ path: `/v1/files/${file.id}/complete`, json: {} })).status, 200);
    clock.advance(1000);
    const res = await createMeeting({ fields: past({ $title: 'Board prep', $description: 'Confidential numbers', $privacySetting: 'METADATA' }), relationships: { $transcript: file.id } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(rel(res.body, '$transcript'), [file.id], 'a transcript attached on create');

    const mine = (await get(`/v1/meetings/${res.body.id}`)).body;
    assert.equal(mine.accessLevel, 'FULL');
    assert.equal(mine.fields.$description.value, 'Confidential numbers');
    const theirs = await get(`/v1/meetings/${res.body.id}`, boKey);
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal(theirs.body.accessLevel, 'METADATA');
    assert.equal(theirs.body.fields.$description.value, null);
    assert.equal(theirs.body.fields.$title.value, 'Board prep', 'metadata stays visible');
    assert.ok(!('$transcript' in theirs.body.relationships), 'the transcript is omitted');
    const listed = (await get('/v1/meetings?limit=25', boKey)).body.data.find((m: any) => m.id === res.body.id);
    assert.equal(listed.accessLevel, 'METADATA');
    assert.equal(listed.fields.$description.value, null);
    assert.ok(!('$transcript' in listed.relationships));
    const mineOnTheWeb = await page(t, new URL(mine.httpLink).pathname, { cookie: await signIn(t, t.key) });
    assert.equal(mineOnTheWeb.status, 200);
    assert.match(mineOnTheWeb.text, /Board prep/);
    assert.match(mineOnTheWeb.text, /Confidential numbers/);
    const theirsOnTheWeb = await page(t, new URL(mine.httpLink).pathname, { cookie: await signIn(t, boKey) });
    assert.equal(theirsOnTheWeb.status, 200);
    assert.match(theirsOnTheWeb.text, /Board prep/);
    assert.doesNotMatch(theirsOnTheWeb.text, /Confidential numbers/, 'the web page keeps the privacy the API keeps');

    const fullForOthers = (await get(`/v1/meetings/${firstMeeting}`, boKey)).body;
    assert.equal(fullForOthers.accessLevel, 'FULL', 'a FULL meeting is FULL to everyone');
    assert.equal(fullForOthers.fields.$description.value, 'Went **well**.');
  });

  it('scopes meetings:* and idempotent creates', async () => {
    const reader = await t.createKey(['meetings:read']);
    assert.equal((await createMeeting({ fields: past() }, reader.key)).status, 403);
    assert.equal((await get('/v1/meetings', reader.key)).status, 200);
    const stranger = await t.createKey(['accounts:read']);
    assert.equal((await get('/v1/meetings', stranger.key)).status, 403);
    const before = await meetingCount();
    const call = { path: '/v1/meetings', json: { fields: past({ $title: 'Once' }) }, headers: { 'idempotency-key': 'meeting-once' } };
    const first = await t.request(call);
    const again = await t.request(call);
    assert.equal(first.status, 200, first.text);
    assert.equal(again.body.id, first.body.id);
    assert.equal(await meetingCount(), before + 1);
  });
});
