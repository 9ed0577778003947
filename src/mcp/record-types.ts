import {
  APIError,
  type DefinitionsResponse,
  type Entity,
  type Lightfield,
  type MergeParams,
  type MergeResponse,
  type QueryParams,
} from '../../packages/sdk/src/index.js';

/** What the tools call on one record type; a custom object type's slug is bound in. */
export interface RecordCalls {
  list(query: QueryParams): PromiseLike<{ data: Entity[]; totalCount: number }>;
  retrieve(id: string): PromiseLike<Entity>;
  create(body: object): PromiseLike<Entity>;
  update(id: string, body: object): PromiseLike<Entity>;
  delete(id: string): PromiseLike<Entity>;
  merge?(body: MergeParams): PromiseLike<MergeResponse>;
}

/** A type of record by name, before its definitions are read. */
export interface RecordTypeRef {
  /** `account`; a custom object type's slug. */
  name: string;
  /** `accounts`; a custom object type's slug. */
  plural: string;
  /** `Account`; the custom object type's label. */
  label: string;
  custom: boolean;
  calls: RecordCalls;
  readDefinitions(): PromiseLike<DefinitionsResponse>;
}

/** One type of record with its definitions as the organization has them now. */
export interface RecordType extends Omit<RecordTypeRef, 'readDefinitions'> {
  definitions: DefinitionsResponse;
}

const BUILT_IN = [
  { name: 'account', plural: 'accounts', label: 'Account', mergeable: true },
  { name: 'contact', plural: 'contacts', label: 'Contact', mergeable: true },
  { name: 'opportunity', plural: 'opportunities', label: 'Opportunity', mergeable: true },
  { name: 'task', plural: 'tasks', label: 'Task', mergeable: false },
  { name: 'note', plural: 'notes', label: 'Note', mergeable: false },
  { name: 'meeting', plural: 'meetings', label: 'Meeting', mergeable: false },
] as const;

type BuiltInName = (typeof BUILT_IN)[number]['name'];

function builtInCalls(client: Lightfield, name: BuiltInName, mergeable: boolean): RecordCalls {
  const resource = client[name];
  return {
    list: (query) => resource.list({}, { query }),
    retrieve: (id) => resource.retrieve(id),
    create: (body) => resource.create(body as never),
    update: (id, body) => resource.update(id, body as never),
    delete: (id) => resource.delete(id),
    ...(mergeable && { merge: (body: MergeParams) => (client[name as 'account'] as Lightfield['account']).merge(body) }),
  };
}

function objectCalls(client: Lightfield, entitySlug: string): RecordCalls {
  return {
    list: (query) => client.object.list(entitySlug, {}, { query }),
    retrieve: (id) => client.object.retrieve(id, { entitySlug }),
    create: (body) => client.object.create(entitySlug, body as never),
    update: (id, body) => client.object.update(id, { entitySlug, ...body }),
    delete: (id) => client.object.delete(id, { entitySlug }),
    merge: (body) => client.object.merge(entitySlug, body),
  };
}

export function builtInTypes(client: Lightfield): RecordTypeRef[] {
  return BUILT_IN.map(({ name, plural, label, mergeable }) => ({
    name,
    plural,
    label,
    custom: false,
    calls: builtInCalls(client, name, mergeable),
    readDefinitions: () => client[name].definitions(),
  }));
}

/** A custom object type by its slug; the label is the slug until the type list is read. */
export function customType(client: Lightfield, slug: string, label = slug): RecordTypeRef {
  return { name: slug, plural: slug, label, custom: true, calls: objectCalls(client, slug), readDefinitions: () => client.object.definitions(slug) };
}

export async function withDefinitions({ readDefinitions, ...ref }: RecordTypeRef): Promise<RecordType> {
  return { ...ref, definitions: await readDefinitions() };
}

/** A type whose definitions the key may not read is one it has no tools for. */
async function readable<T>(answer: PromiseLike<T>): Promise<T | undefined> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof APIError && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}

/** The record types of the key's organization, read afresh: a field added a moment ago is in them. */
export async function loadRecordTypes(client: Lightfield): Promise<RecordType[]> {
  const objectTypes = (await readable(client.object.listDefinitions()))?.data ?? [];
  const refs = [...builtInTypes(client), ...objectTypes.map(({ objectType, label }) => customType(client, objectType, label))];
  const types = await Promise.all(refs.map((ref) => readable(withDefinitions(ref))));
  return types.filter((type): type is RecordType => type !== undefined);
}
