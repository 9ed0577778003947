// Type tests of the SDK: compiled by `npm run typecheck` (the root tsconfig includes test/), never run.
// The first function holds calls that must compile. Each line after a `@ts-expect-error` in the
// second must NOT compile: if the SDK's types ever accept one, the directive is unused and the
// typecheck fails (TS2578).
import Lightfield, {
  Fieldhouse,
  type AccountCreateParams,
  type ChannelObject,
  type CursorPage,
  type EnrichmentRun,
  type EnrichmentRunEnrichResponse,
  type DefinitionsResponse,
  type EmailObject,
  type Entity,
  type FieldHistoryEntry,
  type FieldHistoryResponse,
  type FieldResolution,
  type Filter,
  type ListObject,
  type MergeObject,
  type MergeParams,
  type MergeResponse,
  type MergeUndoResponse,
  type MessageObject,
  type OpportunityCreateParams,
  type Page,
  type RelationshipOperation,
} from '@fieldhouse/sdk';

declare const client: Lightfield;

export async function callsThatCompile(): Promise<void> {
  const { sentAt }: { sentAt: string } = await client.email.send(
    { from: 'me@acme.com', to: ['lead@example.com'], cc: [], subject: 'Hi', messageBody: { contentType: 'TEXT', content: 'Hello' }, attachments: ['fil_1'] },
    { idempotencyKey: 'send-1' },
  );
  void sentAt;
  await client.email.draft({ from: 'me@acme.com', subject: 'Later' });
  const email: EmailObject = await client.email.retrieve('eml_1');
  if (email.accessLevel === 'METADATA') void email.fields.$subject;
  const opp: Entity = await client.opportunity.create({
    fields: { $name: 'Acme expansion', $stage: 'Qualification', $amount: 50000, $closeDate: '2026-12-31', priority: 'High', tags: ['a', 'b'] },
    relationships: { $account: 'acc_1', $owner: 'mem_1', $champion: ['con_1'], partner: 'acc_2' },
  });
  await client.opportunity.update(opp.id, {
    fields: { $stage: 'Closed Won', $nextSteps: null, 'icp-score': 9 },
    relationships: { $owner: { replace: 'mem_2' }, $champion: { replace: null }, $evaluator: { add: ['con_2'], remove: 'con_3' } },
  });
  const filter: Filter = { $stage: 'Demo', $amount: { greaterThan: 1000, '-equal': 5000 }, $name: { startsWith: 'Ac' }, $doNotContact: false };
  for await (const item of client.opportunity.list({ filter, sort: '-$amount', limit: 25, offset: 0 })) item.fields.$name?.value;
  const page: Page<Entity> = await client.opportunity.list();
  if (page.hasNextPage()) await page.nextPage();
  const total: number = page.totalCount;
  await client.opportunity.list({}, { query: { '$amount[lessThan]': 10 }, idempotencyKey: 'k', timeout: 1000, maxRetries: 0 });
  const defs: DefinitionsResponse = await client.opportunity.definitions();
  defs.fieldDefinitions.$stage?.typeConfiguration.options?.map((o) => o.label);

  const account: AccountCreateParams = { fields: { $name: 'Acme', $website: ['acme.com'], $primaryAddress: { city: 'Springfield', country: 'US' } } };
  await client.account.create(account);
  await client.account.update('acc_1', { relationships: { $contact: { add: 'con_1' } } });
  await client.contact.create({ fields: { $name: { firstName: 'Ada', lastName: null }, $email: 'ada@acme.com', $doNotContact: true } });
  await client.task.create({ fields: { $title: 'Call', $status: 'TODO', $dueAt: '2026-04-01' }, relationships: { $assignedTo: 'mem_1', $opportunity: opp.id } });
  await client.task.update('tsk_1', { fields: { $status: 'COMPLETE' }, relationships: { $assignedTo: { replace: 'mem_2' } } });
  await client.note.create({ fields: { $title: 'Kickoff' }, relationships: { $account: ['acc_1'] } });
  await client.note.update('nte_1', { relationships: { $opportunity: { remove: 'opp_1' } } });
  await client.member.list({ limit: 5 });
  const { scopes } = await client.auth.validate();
  const { status } = await client.workflowRun.status('wfr_1');
  await client.object.create('vendors', { fields: { $name: 'Vendor' }, relationships: { owner: 'mem_1' } });
  await client.object.update('rec_1', { entitySlug: 'vendors', relationships: { owner: { replace: 'mem_2' } } });
  await client.object.retrieve('rec_1', { entitySlug: 'vendors' });
  const list: ListObject = await client.list.create({ fields: { $name: 'Key accounts', $objectType: '$account' }, relationships: { $accounts: ['acc_1'] } });
  await client.list.create({ fields: { $name: 'Old style', $objectType: 'contact' } });
  await client.list.update(list.id, { fields: { $name: 'Renamed' }, relationships: { $accounts: { add: 'acc_2', remove: ['acc_1'] } } });
  const members: Page<Entity> = await client.list.listAccounts(list.id, { filter: { $name: { startsWith: 'Ac' } }, sort: '$name' });
  const { data, response } = await client.opportunity.retrieve(opp.id).withResponse();
  const op: RelationshipOperation = { add: 'a', remove: ['b'], replace: null };
  const other: Lightfield = new Fieldhouse({ apiKey: 'sk_lf_x', baseURL: 'http://127.0.0.1:8787', timeout: 5000, maxRetries: 1, defaultHeaders: { 'x-a': 'b' } });
  void [total, scopes, status, data, response, op, other, members];

  const trashed: Entity = await client.account.delete('acc_1', { idempotencyKey: 'del-1' });
  await client.account.restore(trashed.id, { idempotencyKey: 'restore-1' });
  for (const resource of [client.contact, client.opportunity, client.task, client.note, client.meeting]) {
    const back: Entity = await resource.restore((await resource.delete('x_1')).id);
    void back;
  }
  const trashedList: ListObject = await client.list.delete(list.id);
  await client.list.restore(trashedList.id);
  await client.object.delete('rec_1', { entitySlug: 'vendors' }, { idempotencyKey: 'k' });
  await client.object.restore('rec_1', { entitySlug: 'vendors' });

  const history: CursorPage<FieldHistoryEntry> = await client.opportunity.fieldHistory('opp_1', '$amount', { limit: 50, after: 'cursor' });
  const next: string | null = history.nextCursor;
  if (history.hasNextPage()) await history.nextPage();
  const wire: FieldHistoryResponse = history.toJSON();
  for await (const entry of client.account.fieldHistory('acc_1', '$name')) {
    const shown: string | null = entry.displayValue;
    const first: boolean = entry.isCreate;
    void [entry.value, entry.valueType, entry.recordedAt, shown, first];
  }
  await client.contact.fieldHistory('con_1', '$email', {}, { timeout: 1000 });
  for await (const entry of client.object.fieldHistory('rec_1', '$name', { entitySlug: 'vendors', limit: 2 })) void entry.value;

  const resolution: FieldResolution = { value: ['a', 'b'] };
  const mergeParams: MergeParams = {
    primaryId: 'con_1',
    duplicateId: 'con_2',
    fieldResolutions: { $name: 'duplicate', $email: 'primary', $title: resolution },
    options: { multiSelectUnion: true },
    dryRun: true,
  };
  const merged: MergeResponse = await client.contact.merge(mergeParams, { idempotencyKey: 'merge-1' });
  const { fieldWriteCount, syncRepointedCount, warnings }: { fieldWriteCount: number; syncRepointedCount: number; warnings: string[] } = merged.summary;
  const primary: Entity = merged.primary;
  await client.account.merge({ primaryId: 'acc_1', duplicateId: 'acc_2' });
  await client.opportunity.merge({ primaryId: 'opp_1', duplicateId: 'opp_2', fieldResolutions: { $amount: { value: 10 } } });
  await client.object.merge('vendors', { primaryId: 'rec_1', duplicateId: 'rec_2' });
  const view: MergeObject = await client.merge.retrieve(merged.merge.id);
  const { primaryId, duplicateId, entityType, createdAt, updatedAt }: MergeObject = view;
  const undone: MergeUndoResponse = await client.merge.undo(view.id, { idempotencyKey: 'undo-1' });
  const both: [Entity, Entity] = [undone.primary, undone.duplicate];
  void [next, wire, fieldWriteCount, syncRepointedCount, warnings, primary, primaryId, duplicateId, entityType, createdAt, updatedAt, both, undone.merge.status];

  const channel: ChannelObject = await client.channel.create(
    { fields: { $name: 'general', $provider: 'SLACK', $visibility: 'PRIVATE' }, relationships: { $member: ['mem_1'] }, externalId: 'slack:C1' },
    { idempotencyKey: 'chan-1' },
  );
  await client.channel.create({ fields: { $name: 'minimal' } });
  const chatMessage: MessageObject = await client.channel.createMessage(channel.id, {
    fields: { $text: 'Hi', $sentAt: '2026-01-02T10:00:00Z', $senderEmail: 'ada@acme.com', $senderName: null },
    externalId: 'slack:C1:1.2',
  });
  if (chatMessage.accessLevel === 'METADATA') void chatMessage.fields.$text;
  for await (const c of client.channel.list({ limit: 10, offset: 0 })) void c.objectType;
  const chats: Page<MessageObject> = await client.message.list({ limit: 5, offset: 5 });
  await client.message.retrieve(chats.data[0]!.id);
  const enrich: EnrichmentRunEnrichResponse = await client.enrichmentRun.enrich('acc_1', { entitySlug: 'accounts', fields: ['$linkedIn'] });
  if (enrich.enrichmentRun) {
    const run: EnrichmentRun = await client.enrichmentRun.waitFor(enrich.enrichmentRun.id, { intervalMs: 500, timeoutMs: 60_000 });
    const final: 'completed' | 'failed' | 'timed_out' | 'queued' | 'running' = run.status;
    const started: string | null = (await client.enrichmentRun.getEnrichmentRun(run.id)).startedAt;
    void [final, started, (await client.enrichmentRun.retrieve(run.id)).targetFields];
  }
}

export async function callsThatMustNotCompile(): Promise<void> {
  // @ts-expect-error `$name` is required on opportunity create
  await client.opportunity.create({ fields: { $stage: 'Demo' }, relationships: { $account: 'acc_1' } });
  // @ts-expect-error `$account` is required on opportunity create
  await client.opportunity.create({ fields: { $name: 'x', $stage: 'Demo' }, relationships: { $owner: 'mem_1' } });
  // @ts-expect-error a relationship is an id or an array of ids, not a number
  await client.opportunity.create({ fields: { $name: 'x', $stage: 'Demo' }, relationships: { $account: 123 } });
  // @ts-expect-error `$name` is text
  await client.opportunity.create({ fields: { $name: 42, $stage: 'Demo' }, relationships: { $account: 'acc_1' } });
  // @ts-expect-error `set` is no update operation: add, remove or replace
  await client.opportunity.update('opp_1', { relationships: { $owner: { set: 'mem_1' } } });
  // @ts-expect-error an update takes an operation object, not bare ids
  await client.opportunity.update('opp_1', { relationships: { $owner: 'mem_1' } });
  // @ts-expect-error notes take add and remove only
  await client.note.update('nte_1', { relationships: { $account: { replace: 'acc_1' } } });
  // @ts-expect-error tasks have no custom fields
  await client.task.create({ fields: { $title: 't', $status: 'TODO', priority: 'High' }, relationships: { $assignedTo: 'mem_1' } });
  // @ts-expect-error a field value is a string, number, boolean, null, string array, address or full name
  await client.account.create({ fields: { $name: 'x', weird: { nested: true } } });
  // @ts-expect-error `greaterThen` is no filter operator
  await client.opportunity.list({ filter: { $amount: { greaterThen: 1 } } });
  // @ts-expect-error the members list takes no filter
  await client.member.list({ filter: { $role: 'ADMIN' } });
  // @ts-expect-error object.update needs the type's slug
  await client.object.update('rec_1', { fields: { $name: 'x' } });
  // @ts-expect-error a list holds accounts, contacts or opportunities
  await client.list.create({ fields: { $name: 'Tasks', $objectType: '$task' } });
  // @ts-expect-error a list's type is fixed at create
  await client.list.update('lst_1', { fields: { $objectType: '$contact' } });
  // @ts-expect-error list members are added and removed, never replaced
  await client.list.update('lst_1', { relationships: { $accounts: { replace: ['acc_1'] } } });
  // @ts-expect-error the lists list takes no filter
  await client.list.list({ filter: { $name: 'x' } });
  // @ts-expect-error a send needs a subject and a body
  await client.email.send({ from: 'me@acme.com', to: ['lead@example.com'] });
  // @ts-expect-error the emails list takes no filter
  await client.email.list({ filter: { $subject: 'x' } });
  // @ts-expect-error tasks keep no field history
  client.task.fieldHistory('tsk_1', '$title');
  // @ts-expect-error lists are not merged
  await client.list.merge({ primaryId: 'lst_1', duplicateId: 'lst_2' });
  // @ts-expect-error a custom-object record's delete needs its type's slug
  await client.object.delete('rec_1');
  // @ts-expect-error a custom-object record's history needs its type's slug
  client.object.fieldHistory('rec_1', '$name', { limit: 2 });
  // @ts-expect-error a merge names both records
  await client.account.merge({ primaryId: 'acc_1' });
  // @ts-expect-error a field resolution is 'primary', 'duplicate' or {value}
  await client.contact.merge({ primaryId: 'con_1', duplicateId: 'con_2', fieldResolutions: { $name: 'both' } });
  // @ts-expect-error multiSelectUnion is a boolean
  await client.contact.merge({ primaryId: 'con_1', duplicateId: 'con_2', options: { multiSelectUnion: 'yes' } });
  // @ts-expect-error the history cursor is a string
  client.account.fieldHistory('acc_1', '$name', { after: 3 });
  // @ts-expect-error a history page has no totalCount
  void (await client.account.fieldHistory('acc_1', '$name')).totalCount;
  // @ts-expect-error a channel needs its name
  await client.channel.create({ fields: { $provider: 'SLACK' } });
  // @ts-expect-error a channel's visibility is PUBLIC or PRIVATE
  await client.channel.create({ fields: { $name: 'x', $visibility: 'SECRET' } });
  // @ts-expect-error a message needs $sentAt
  await client.channel.createMessage('chn_1', { fields: { $text: 'Hi' } });
  // @ts-expect-error the channels list takes no filter
  await client.channel.list({ filter: { $name: 'x' } });
  // @ts-expect-error enrichment runs are for contacts and accounts only
  await client.enrichmentRun.enrich('opp_1', { entitySlug: 'opportunities' });
  // @ts-expect-error enrich names the record's type
  await client.enrichmentRun.enrich('acc_1', {});
  // @ts-expect-error create params need fields
  const params: OpportunityCreateParams = { relationships: { $account: 'acc_1' } };
  void params;
}
