import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Lightfield, { Fieldhouse, Page, type Entity, type Fetch } from '@fieldhouse/sdk';
import { conformanceAvailable, findOperation } from '../helpers/conformance.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.js';

// Every SDK method against a real server on loopback, through the public package name.

interface Ids {
  accountId: string;
  contactId: string;
  memberId: string;
  opportunityId: string;
  taskId: string;
  noteId: string;
  meetingId: string;
  slug: string;
  recordId: string;
  runId: string;
  /** A PENDING file with all its bytes, and another PENDING one to cancel. */
  fileId: string;
  cancelFileId: string;
  /** A list of accounts holding `accountId`. */
  listId: string;
  /** A draft of the key's member. */
  emailId: string;
  /** Records to merge into accountId, contactId, opportunityId (same account) and recordId: by dry run only. */
  duplicateAccountId: string;
  duplicateContactId: string;
  duplicateOpportunityId: string;
  duplicateRecordId: string;
  /** A merge of two accounts made for the table, to read and undo. */
  mergeId: string;
  /** A channel holding `messageId`. */
  channelId: string;
  messageId: string;
  /** The run started by creating an account with a website. */
  enrichmentRunId: string;
}

/** Operations newer than the OpenAPI file (spec/newer-api.md): no operation id there to match. */
const LIFECYCLE_OPERATIONS = [
  ...['account', 'contact', 'opportunity', 'task', 'note', 'meeting', 'list', 'object'].flatMap((r) => [`${r}.delete`, `${r}.restore`]),
  ...['account', 'contact', 'opportunity', 'object'].flatMap((r) => [`${r}.fieldHistory`, `${r}.merge`]),
  'merge.retrieve',
  'merge.undo',
];
/** Channels, messages and enrichment runs (newer-api.md); channel.create and createMessage are fieldhouse's own. */
const CHAT_AND_ENRICHMENT_OPERATIONS = [
  'channel.list', 'channel.retrieve', 'channel.create', 'channel.createMessage', 'message.list', 'message.retrieve',
  'enrichmentRun.enrich', 'enrichmentRun.getEnrichmentRun', 'enrichmentRun.retrieve', 'enrichmentRun.waitFor',
];
/** SDK helpers made of several operations, and what they send in order (METHOD path-prefix). */
const COMPOSITE_OPERATIONS: Record<string, string[]> = {
  'file.upload': ['POST /v1/files', 'PUT /uploads/', 'POST /v1/files/'],
};
const NEWER_OPERATIONS = new Set(['note.definitions', 'meeting.definitions', ...LIFECYCLE_OPERATIONS, ...CHAT_AND_ENRICHMENT_OPERATIONS]);

/** One call per SDK method, keyed by the public operation id it serves. */
const CALLS: Record<string, (client: Lightfield, ids: Ids) => PromiseLike<unknown>> = {
  'auth.validate': (c) => c.auth.validate(),
  'account.create': (c) => c.account.create({ fields: { $name: 'Globex', $website: ['globex.com'] } }),
  'account.retrieve': (c, ids) => c.account.retrieve(ids.accountId),
  'account.update': (c, ids) => c.account.update(ids.accountId, { fields: { $headcount: '11-50' }, relationships: { $contact: { add: ids.contactId } } }),
  'account.list': (c) => c.account.list({ filter: { $name: { startsWith: 'Acme' } } }),
  'account.definitions': (c) => c.account.definitions(),
  'contact.create': (c, ids) => c.contact.create({ fields: { $name: { firstName: 'Grace', lastName: 'Hopper' } }, relationships: { $account: ids.accountId } }),
  'contact.retrieve': (c, ids) => c.contact.retrieve(ids.contactId),
  'contact.update': (c, ids) => c.contact.update(ids.contactId, { fields: { $title: 'CTO' } }),
  'contact.list': (c) => c.contact.list({ limit: 5 }),
  'contact.definitions': (c) => c.contact.definitions(),
  'opportunity.create': (c, ids) => c.opportunity.create({ fields: { $name: 'Second deal', $stage: 'Demo' }, relationships: { $account: ids.accountId } }),
  'opportunity.retrieve': (c, ids) => c.opportunity.retrieve(ids.opportunityId),
  'opportunity.update': (c, ids) =>
    c.opportunity.update(ids.opportunityId, { fields: { $amount: 75000 }, relationships: { $owner: { replace: ids.memberId }, $champion: { add: ids.contactId } } }),
  'opportunity.list': (c, ids) => c.opportunity.list({ filter: { $account: ids.accountId }, sort: '-createdAt' }),
  'opportunity.definitions': (c) => c.opportunity.definitions(),
  'task.create': (c, ids) => c.task.create({ fields: { $title: 'Call Ada', $status: 'TODO' }, relationships: { $assignedTo: ids.memberId, $opportunity: ids.opportunityId } }),
  'task.retrieve': (c, ids) => c.task.retrieve(ids.taskId),
  'task.update': (c, ids) => c.task.update(ids.taskId, { fields: { $status: 'COMPLETE' } }),
  'task.list': (c) => c.task.list({ filter: { $status: 'COMPLETE' } }),
  'task.definitions': (c) => c.task.definitions(),
  'note.create': (c, ids) => c.note.create({ fields: { $title: 'Kickoff', $content: '# Notes' }, relationships: { $account: ids.accountId } }),
  'note.retrieve': (c, ids) => c.note.retrieve(ids.noteId),
  'note.update': (c, ids) => c.note.update(ids.noteId, { relationships: { $opportunity: { add: ids.opportunityId } } }),
  'note.list': (c) => c.note.list(),
  'note.definitions': (c) => c.note.definitions(),
  'meeting.create': (c) =>
    c.meeting.create({ fields: { $title: 'Kickoff', $startDate: '2026-01-05T15:00:00Z', $endDate: '2026-01-05T15:30:00Z', $attendeeEmails: ['ada@acme.test'] }, autoCreateRecords: true }),
  'meeting.retrieve': (c, ids) => c.meeting.retrieve(ids.meetingId),
  'meeting.update': (c, ids) => c.meeting.update(ids.meetingId, { fields: { $privacySetting: 'METADATA' } }),
  'meeting.list': (c) => c.meeting.list({ limit: 5 }),
  'meeting.definitions': (c) => c.meeting.definitions(),
  'email.send': (c) => c.email.send({ from: 'admin@fieldhouse.local', to: ['ada@acme.test'], subject: 'Hello', messageBody: { content: '<p>Hi</p>' } }),
  'email.draft': (c) => c.email.draft({ from: 'admin@fieldhouse.local', subject: 'Later' }),
  'email.list': (c) => c.email.list({ limit: 5 }),
  'email.retrieve': (c, ids) => c.email.retrieve(ids.emailId),
  'member.list': (c) => c.member.list({ limit: 1 }),
  'member.retrieve': (c, ids) => c.member.retrieve(ids.memberId),
  'workflowRun.status': (c, ids) => c.workflowRun.status(ids.runId),
  'file.create': (c) => c.file.create({ filename: 'call.vtt', mimeType: 'text/vtt', sizeBytes: 6, purpose: 'meeting_transcript' }),
  'file.list': (c) => c.file.list({ limit: 2 }),
  'file.retrieve': (c, ids) => c.file.retrieve(ids.fileId),
  'file.complete': (c, ids) => c.file.complete(ids.fileId, { md5: '70febc419840ffab3c91c81e9134e375' }),
  'file.url': (c, ids) => c.file.url(ids.fileId),
  'file.cancel': (c, ids) => c.file.cancel(ids.cancelFileId),
  'file.upload': (c) => c.file.upload(Buffer.from('Hello, upload'), { filename: 'upload.txt', mimeType: 'text/plain' }),
  'list.create': (c, ids) => c.list.create({ fields: { $name: 'Champions', $objectType: '$contact' }, relationships: { $contacts: ids.contactId } }),
  'list.list': (c) => c.list.list({ limit: 2 }),
  'list.retrieve': (c, ids) => c.list.retrieve(ids.listId),
  'list.update': (c, ids) => c.list.update(ids.listId, { fields: { $name: 'Key accounts' }, relationships: { $accounts: { add: ids.accountId } } }),
  'list.listAccounts': (c, ids) => c.list.listAccounts(ids.listId, { filter: { $name: { startsWith: 'Acme' } } }),
  'list.listContacts': (c, ids) => c.list.listContacts(ids.listId, { limit: 1 }),
  'list.listOpportunities': (c, ids) => c.list.listOpportunities(ids.listId, { sort: '-createdAt' }),
  'object.create': (c, ids) => c.object.create(ids.slug, { fields: { $name: 'Second vendor' } }),
  'object.retrieve': (c, ids) => c.object.retrieve(ids.recordId, { entitySlug: ids.slug }),
  'object.update': (c, ids) => c.object.update(ids.recordId, { entitySlug: ids.slug, fields: { $name: 'Vendor renamed' } }),
  'object.list': (c, ids) => c.object.list(ids.slug, { filter: { $name: { startsWith: 'Vendor' } } }),
  'object.definitions': (c, ids) => c.object.definitions(ids.slug),
  'object.listDefinitions': (c) => c.object.listDefinitions(),
  // Lifecycle (newer-api.md): merges as dry runs, each delete followed by its restore, so the ids stay live.
  'account.fieldHistory': (c, ids) => c.account.fieldHistory(ids.accountId, '$name'),
  'contact.fieldHistory': (c, ids) => c.contact.fieldHistory(ids.contactId, '$title', { limit: 5 }),
  'opportunity.fieldHistory': (c, ids) => c.opportunity.fieldHistory(ids.opportunityId, '$amount', { limit: 1 }),
  'object.fieldHistory': (c, ids) => c.object.fieldHistory(ids.recordId, '$name', { entitySlug: ids.slug }),
  'account.merge': (c, ids) => c.account.merge({ primaryId: ids.accountId, duplicateId: ids.duplicateAccountId, dryRun: true }),
  'contact.merge': (c, ids) => c.contact.merge({ primaryId: ids.contactId, duplicateId: ids.duplicateContactId, options: { multiSelectUnion: true }, dryRun: true }),
  'opportunity.merge': (c, ids) => c.opportunity.merge({ primaryId: ids.opportunityId, duplicateId: ids.duplicateOpportunityId, fieldResolutions: { $name: 'duplicate' }, dryRun: true }),
  'object.merge': (c, ids) => c.object.merge(ids.slug, { primaryId: ids.recordId, duplicateId: ids.duplicateRecordId, fieldResolutions: { $name: { value: 'Merged' } }, dryRun: true }),
  'merge.retrieve': (c, ids) => c.merge.retrieve(ids.mergeId),
  'merge.undo': (c, ids) => c.merge.undo(ids.mergeId),
  'account.delete': (c, ids) => c.account.delete(ids.accountId),
  'account.restore': (c, ids) => c.account.restore(ids.accountId),
  'contact.delete': (c, ids) => c.contact.delete(ids.contactId),
  'contact.restore': (c, ids) => c.contact.restore(ids.contactId),
  'opportunity.delete': (c, ids) => c.opportunity.delete(ids.opportunityId),
  'opportunity.restore': (c, ids) => c.opportunity.restore(ids.opportunityId),
  'task.delete': (c, ids) => c.task.delete(ids.taskId),
  'task.restore': (c, ids) => c.task.restore(ids.taskId),
  'note.delete': (c, ids) => c.note.delete(ids.noteId),
  'note.restore': (c, ids) => c.note.restore(ids.noteId),
  'meeting.delete': (c, ids) => c.meeting.delete(ids.meetingId),
  'meeting.restore': (c, ids) => c.meeting.restore(ids.meetingId),
  'list.delete': (c, ids) => c.list.delete(ids.listId),
  'list.restore': (c, ids) => c.list.restore(ids.listId),
  'object.delete': (c, ids) => c.object.delete(ids.recordId, { entitySlug: ids.slug }),
  'object.restore': (c, ids) => c.object.restore(ids.recordId, { entitySlug: ids.slug }),
  'channel.create': (c) => c.channel.create({ fields: { $name: 'random', $provider: 'SLACK', $visibility: 'PUBLIC' }, externalId: 'slack:C999' }),
  'channel.list': (c) => c.channel.list({ limit: 5 }),
  'channel.retrieve': (c, ids) => c.channel.retrieve(ids.channelId),
  'channel.createMessage': (c, ids) => c.channel.createMessage(ids.channelId, { fields: { $text: 'Hi', $sentAt: '2026-01-02T10:00:00Z', $senderEmail: 'ada@acme.test' } }),
  'message.list': (c) => c.message.list({ limit: 5 }),
  'message.retrieve': (c, ids) => c.message.retrieve(ids.messageId),
  'enrichmentRun.enrich': (c, ids) => c.enrichmentRun.enrich(ids.accountId, { entitySlug: 'accounts', fields: ['$linkedIn'] }),
  'enrichmentRun.getEnrichmentRun': (c, ids) => c.enrichmentRun.getEnrichmentRun(ids.enrichmentRunId),
  'enrichmentRun.retrieve': (c, ids) => c.enrichmentRun.retrieve(ids.enrichmentRunId),
  // One read: with no time to wait, a run still in flight ends the wait with the run in the error.
  'enrichmentRun.waitFor': (c, ids) => c.enrichmentRun.waitFor(ids.enrichmentRunId, { timeoutMs: 0 }).catch((err: unknown) => err),
};

/** A PENDING file holding `text`, its bytes PUT to the upload URL as a client would. */
async function uploadedFile(client: Lightfield, text: string): Promise<string> {
  const session = await client.file.create({ filename: 'hello.txt', mimeType: 'text/plain', sizeBytes: Buffer.byteLength(text) });
  const put = await fetch(session.uploadUrl, { method: 'PUT', headers: session.uploadHeaders, body: new TextEncoder().encode(text) });
  assert.equal(put.status, 200);
  return session.id;
}

/** `resource.method` for every method of every resource of a client, found by reflection. */
function sdkOperations(client: Lightfield): string[] {
  const names: string[] = [];
  for (const [resource, instance] of Object.entries(client)) {
    if (!instance || typeof instance !== 'object' || !('_client' in instance)) continue;
    for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const method of Object.getOwnPropertyNames(proto)) {
        if (method !== 'constructor' && typeof proto[method] === 'function') names.push(`${resource}.${method}`);
      }
    }
  }
  return [...new Set(names)].sort();
}

describe('the SDK against a real server', () => {
  let t: TestServer;
  let client: Lightfield;
  const requests: Array<{ method: string; path: string; headers: Headers }> = [];
  const recording: Fetch = (url, init) => {
    requests.push({ method: String(init.method), path: new URL(url).pathname, headers: new Headers(init.headers) });
    return fetch(url, init);
  };

  let smtp: SmtpTestServer;

  before(async () => {
    smtp = await startSmtpServer();
    // Enrichment on (the worker stays off, so runs wait queued and nothing reads the web): enrichmentRun.* read a real run.
    t = await startTestServer({ env: { FIELDHOUSE_SMTP_URL: smtp.url, FIELDHOUSE_ENRICHMENT_PROVIDER: 'web' } });
    client = new Lightfield({ apiKey: t.key, baseURL: t.url, fetch: recording });
  });
  after(async () => {
    await t.stop();
    await smtp.stop();
  });

  it("runs the seed's example: opportunity.create with fields and relationships, then retrieve and list", async () => {
    const account = await client.account.create({ fields: { $name: 'Acme Corp' } });
    const members = await client.member.list();
    const opp = await client.opportunity.create({
      fields: { $name: 'Acme expansion', $stage: 'Qualification', $amount: 50000 },
      relationships: { $account: account.id, $owner: members.data[0]!.id },
    });
    assert.match(opp.id, /^opp_[0-9A-Z]{26}$/);
    assert.equal(opp.fields.$name?.value, 'Acme expansion');
    assert.deepEqual(opp.relationships.$account, { cardinality: 'has_one', objectType: 'account', values: [account.id] });
    assert.deepEqual(await client.opportunity.retrieve(opp.id), opp);
    const page = await client.opportunity.list();
    assert.ok(page instanceof Page);
    assert.deepEqual([page.object, page.totalCount, page.data.map((o) => o.id)], ['list', 1, [opp.id]]);
    assert.equal(JSON.stringify(page), JSON.stringify({ object: 'list', data: [opp], totalCount: 1 }), 'a page serializes as the list response');

    const last = requests.at(-3)!;
    assert.equal(last.method, 'POST');
    assert.equal(last.headers.get('authorization'), `Bearer ${t.key}`);
    assert.equal(last.headers.get('lightfield-version'), '2026-03-01');
    assert.equal(last.headers.get('content-type'), 'application/json');
    assert.match(last.headers.get('idempotency-key') ?? '', /^fieldhouse-sdk-[0-9a-f-]{36}$/);
    assert.equal(requests.at(-2)!.headers.get('idempotency-key'), null, 'reads carry no idempotency key');
  });

  it('has a method for every operation the server serves, calls each, and each hits its own operation', async () => {
    const account = await client.account.create({ fields: { $name: 'Acme Holdings' } });
    const contact = await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@acme.test' } });
    const memberId = (await client.member.list()).data[0]!.id;
    const created = await client.opportunity
      .create({ fields: { $name: 'Acme renewal', $stage: 'Negotiation' }, relationships: { $account: account.id } })
      .withResponse();
    const runId = created.response.headers.get('fieldhouse-workflow-run');
    assert.ok(runId, 'an opportunity write names its summary run');
    const task = await client.task.create({ fields: { $title: 'Send contract', $status: 'TODO' }, relationships: { $assignedTo: memberId } });
    const note = await client.note.create({ fields: { $title: 'First call' } });
    const type = await t.request({ path: '/v1/objects', json: { slug: 'vendors', label: 'Vendor' } });
    assert.equal(type.status, 200, type.text);
    const vendor = await client.object.create('vendors', { fields: { $name: 'Vendor One' } });
    const ids: Ids = {
      accountId: account.id,
      contactId: contact.id,
      memberId,
      opportunityId: created.data.id,
      taskId: task.id,
      noteId: note.id,
      meetingId: (await client.meeting.create({ fields: { $title: 'First call', $startDate: '2026-01-02T10:00:00Z', $endDate: '2026-01-02T11:00:00Z' } })).id,
      slug: 'vendors',
      recordId: vendor.id,
      runId,
      fileId: await uploadedFile(client, 'Hello,'),
      cancelFileId: (await client.file.create({ filename: 'x.txt', mimeType: 'text/plain', sizeBytes: 1 })).id,
      listId: (await client.list.create({ fields: { $name: 'Accounts', $objectType: '$account' }, relationships: { $accounts: account.id } })).id,
      emailId: await client.email.draft({ from: 'admin@fieldhouse.local', to: ['ada@acme.test'] }).then(async () => (await client.email.list({ limit: 1 })).data[0]!.id),
      duplicateAccountId: (await client.account.create({ fields: { $name: 'Acme Holdings Ltd' } })).id,
      duplicateContactId: (await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: 'L' }, $email: 'ada.l@acme.test' } })).id,
      duplicateOpportunityId: (await client.opportunity.create({ fields: { $name: 'Acme renewal (dup)', $stage: 'Demo' }, relationships: { $account: account.id } })).id,
      duplicateRecordId: (await client.object.create('vendors', { fields: { $name: 'Vendor One (dup)' } })).id,
      mergeId: await (async () => {
        const [keep, drop] = [await client.account.create({ fields: { $name: 'Merge keep' } }), await client.account.create({ fields: { $name: 'Merge drop' } })];
        return (await client.account.merge({ primaryId: keep.id, duplicateId: drop.id })).merge.id;
      })(),
      ...(await (async () => {
        const channel = await client.channel.create({ fields: { $name: 'general', $provider: 'SLACK', $visibility: 'PUBLIC' }, relationships: { $member: memberId } });
        const message = await client.channel.createMessage(channel.id, { fields: { $text: 'Hello', $sentAt: '2026-01-02T09:00:00Z' } });
        return { channelId: channel.id, messageId: message.id };
      })()),
      enrichmentRunId: await (async () => {
        const site = await client.account.create({ fields: { $name: 'Enriched Inc', $website: ['enriched.test'] } });
        const answer = await client.enrichmentRun.enrich(site.id, { entitySlug: 'accounts', fields: ['$linkedIn'] });
        assert.ok(answer.enrichmentRun, `an account with a website has a run to read (${answer.status}, ${answer.reason})`);
        return answer.enrichmentRun.id;
      })(),
    };

    assert.deepEqual(sdkOperations(client), Object.keys(CALLS).sort(), 'the table calls every SDK method, and only those');
    for (const [operation, call] of Object.entries(CALLS)) {
      const before = requests.length;
      const result = await call(client, ids);
      assert.ok(result && typeof result === 'object', operation);
      const composite = COMPOSITE_OPERATIONS[operation];
      if (composite) {
        const sentInOrder = requests.slice(before).map((r) => `${r.method} ${r.path}`);
        assert.equal(sentInOrder.length, composite.length, `${operation} sends ${composite.join(', ')}: ${sentInOrder.join(', ')}`);
        composite.forEach((prefix, i) => assert.ok(sentInOrder[i]!.startsWith(prefix), `${operation} sends ${prefix}…: ${sentInOrder[i]}`));
        continue;
      }
      assert.equal(requests.length, before + 1, `${operation} sends one request`);
      const sent = requests.at(-1)!;
      if (conformanceAvailable && !NEWER_OPERATIONS.has(operation)) {
        assert.equal(findOperation(sent.method, sent.path), operation, `${operation} sent ${sent.method} ${sent.path}`);
      }
      if (conformanceAvailable && LIFECYCLE_OPERATIONS.includes(operation)) {
        assert.ok(findOperation(sent.method, sent.path), `${operation} sent ${sent.method} ${sent.path}, a route of newer-api.md`);
      }
    }
  });

  it('answers each SDK operation from a served route, and every public operation the server serves has an SDK method', async () => {
    const served = async (method: string, path: string) => {
      // Without a key: a served /v1 route says 401 before anything runs; an unknown one says 404.
      const res = await fetch(t.url + path, { method });
      const body = (await res.json()) as { error: { message: string } };
      return !(res.status === 404 && body.error.message.startsWith('No route matches'));
    };
    const sdk = new Set(sdkOperations(client));
    const recorded = new Map<string, { method: string; path: string }>();
    for (const [operation, call] of Object.entries(CALLS)) {
      const ids = { accountId: 'acc_x', contactId: 'con_x', memberId: 'mem_x', opportunityId: 'opp_x', taskId: 'tsk_x', noteId: 'nte_x', meetingId: 'mtg_x', slug: 'x', recordId: 'rec_x', runId: 'wfr_x', fileId: 'fil_x', cancelFileId: 'fil_y', listId: 'lst_x', emailId: 'eml_x', duplicateAccountId: 'acc_y', duplicateContactId: 'con_y', duplicateOpportunityId: 'opp_y', duplicateRecordId: 'rec_y', mergeId: 'mrg_x', channelId: 'chn_x', messageId: 'msg_x', enrichmentRunId: 'enr_x' };
      const probe = new Lightfield({ apiKey: 'sk_lf_probe', baseURL: t.url, maxRetries: 0, fetch: (url, init) => {
        recorded.set(operation, { method: String(init.method), path: new URL(url).pathname });
        // Enough of a file session for file.upload to go on to its PUT and complete.
        return Promise.resolve(new Response(JSON.stringify({ id: 'fil_x', uploadUrl: `${t.url}/uploads/fil_x`, uploadHeaders: {} }), { status: 200 }));
      } });
      await call(probe, ids);
    }
    for (const [operation, { method, path }] of recorded) assert.ok(await served(method, path), `${operation} (${method} ${path}) is served`);
    if (!conformanceAvailable) return;
    const { default: fs } = await import('node:fs');
    const { OPENAPI_PATH } = await import('../helpers/conformance.js');
    const doc = JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.operationId) continue;
        const path = template.replace(/\{[^}]+\}/g, 'x');
        if (await served(method.toUpperCase(), path)) assert.ok(sdk.has(op.operationId), `the server serves ${op.operationId}; the SDK has no method for it`);
      }
    }
  });

  it('exports the client as default, Lightfield and Fieldhouse, and takes its key and base URL from the environment', async () => {
    assert.equal(Fieldhouse, Lightfield);
    const saved = { key: process.env.LIGHTFIELD_API_KEY, url: process.env.LIGHTFIELD_BASE_URL };
    try {
      process.env.LIGHTFIELD_API_KEY = t.key;
      process.env.LIGHTFIELD_BASE_URL = t.url;
      const fromEnv = new Lightfield();
      assert.deepEqual([fromEnv.apiKey, fromEnv.baseURL, fromEnv.timeout, fromEnv.maxRetries], [t.key, t.url, 60_000, 2]);
      assert.equal((await fromEnv.auth.validate()).active, true);
      delete process.env.LIGHTFIELD_API_KEY;
      delete process.env.LIGHTFIELD_BASE_URL;
      assert.throws(() => new Lightfield(), /LIGHTFIELD_API_KEY/);
      assert.equal(new Lightfield({ apiKey: 'k' }).baseURL, 'http://localhost:8787');
    } finally {
      for (const [name, value] of [['LIGHTFIELD_API_KEY', saved.key], ['LIGHTFIELD_BASE_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('replays a write sent twice with the caller\'s own idempotency key', async () => {
    const account = await client.account.create({ fields: { $name: 'Once Inc' } });
    const body = { fields: { $name: 'Exactly once', $stage: 'Demo' }, relationships: { $account: account.id } };
    const first = await client.opportunity.create(body, { idempotencyKey: 'sdk-once-1' }).withResponse();
    const second = await client.opportunity.create(body, { idempotencyKey: 'sdk-once-1' }).withResponse();
    assert.equal(requests.at(-1)!.headers.get('idempotency-key'), 'sdk-once-1');
    assert.equal(second.data.id, first.data.id);
    assert.equal(second.response.headers.get('idempotent-replayed'), 'true');
    assert.match(first.requestID ?? '', /^req_/);
    const list = await client.opportunity.list({ filter: { $name: 'Exactly once' } });
    assert.equal(list.totalCount, 1);
  });

  it('walks every page of 30 records with for await, and pages by hand with hasNextPage and nextPage', async () => {
    const account = await client.account.create({ fields: { $name: 'Bulk Co' } });
    const made: Entity[] = [];
    for (let i = 0; i < 30; i++) {
      made.push(await client.opportunity.create({ fields: { $name: `Bulk ${i}`, $stage: 'Prospecting', $amount: i }, relationships: { $account: account.id } }));
    }
    const filter = { $account: account.id };
    const seen: string[] = [];
    for await (const opp of client.opportunity.list({ filter, limit: 7 })) seen.push(opp.id);
    assert.equal(seen.length, 30);
    assert.deepEqual(new Set(seen), new Set(made.map((o) => o.id)));
    assert.deepEqual(seen, made.map((o) => o.id).reverse(), 'newest first, no record twice');

    const first = await client.opportunity.list({ filter });
    assert.deepEqual([first.data.length, first.totalCount, first.hasNextPage()], [25, 30, true]);
    const second = await first.nextPage();
    assert.deepEqual([second.data.length, second.offset, second.hasNextPage()], [5, 25, false]);
    assert.throws(() => second.nextPage(), /hasNextPage/);
    const pages: number[] = [];
    for await (const page of first.iterPages()) pages.push(page.data.length);
    assert.deepEqual(pages, [25, 5]);

    const rich = await client.opportunity.list({ filter: { ...filter, $amount: { greaterThanOrEqual: 10, '-equal': 12 } }, sort: '$amount', limit: 3 });
    assert.deepEqual(rich.data.map((o) => o.fields.$amount?.value), [10, 11, 13]);
    assert.equal(rich.totalCount, 19);
    const raw = await client.opportunity.list({ filter }, { query: { '$amount[lessThan]': 2 } });
    assert.equal(raw.totalCount, 2, 'raw query parameters are sent as given');
    const bracketed = await client.opportunity.list({ filter: { '$name[startsWith]': 'Bulk 2' } });
    assert.equal(bracketed.totalCount, 11, "a filter key with '[OP]' is sent as is");
  });
});
