import { APIError, type Lightfield } from '../../packages/sdk/src/index.js';
import { builtInTypes, customType, loadRecordTypes, withDefinitions, type RecordTypeRef } from './record-types.js';
import { recordTools, toolNames } from './record-tools.js';
import { objectSchema, READ, TOOL_NAME_LIMIT, type ToolDefinition } from './tool.js';

export interface ToolOptions {
  /** Offer delete and merge tools; off unless the operator asks (`--allow-destructive`). */
  allowDestructive: boolean;
}

const MEMBERS_TOOL = 'list_members';

/** Members are the ids an owner, an assignee or a creator takes; a model needs a way to find them. */
function membersTool(client: Lightfield): ToolDefinition {
  return {
    name: MEMBERS_TOOL,
    title: 'List members',
    description: 'The people of this CRM (owners, assignees): id, name, email and role. Use an id for $owner or $assignedTo.',
    inputSchema: objectSchema({ limit: { type: 'integer', minimum: 1, maximum: 25, default: 25 }, offset: { type: 'integer', minimum: 0, default: 0 } }),
    annotations: READ,
    async run(args) {
      const page = await client.member.list({ limit: (args.limit as number | undefined) ?? 25, offset: (args.offset as number | undefined) ?? 0 });
      return {
        totalCount: page.totalCount,
        members: page.data.map((m) => ({
          id: m.id,
          name: [m.fields.$name.value?.firstName, m.fields.$name.value?.lastName].filter(Boolean).join(' '),
          email: m.fields.$email.value,
          role: m.fields.$role.value,
        })),
      };
    },
  };
}

async function canListMembers(client: Lightfield): Promise<boolean> {
  try {
    await client.member.list({ limit: 1 });
    return true;
  } catch (err) {
    if (err instanceof APIError && err.status === 403) return false;
    throw err;
  }
}

/**
 * The tools this key can use, made from the organization's definitions as they are now: a custom
 * field or object type added a moment ago is in the schemas. Types the key may not read have no
 * tools; a write the key's scopes refuse is a tool error when called.
 */
export async function buildTools(client: Lightfield, options: ToolOptions): Promise<ToolDefinition[]> {
  const [types, members] = await Promise.all([loadRecordTypes(client), canListMembers(client)]);
  return [...types.flatMap((type) => recordTools(type, options.allowDestructive)), ...(members ? [membersTool(client)] : [])];
}

const CUSTOM_TOOL = /^(?:search|get|create|update|delete|merge)_([a-z][a-z0-9-]*)$/;

function typeNamed(client: Lightfield, tool: string): RecordTypeRef | undefined {
  const builtIn = builtInTypes(client).find((type) => Object.values(toolNames(type)).includes(tool));
  if (builtIn) return builtIn;
  const slug = CUSTOM_TOOL.exec(tool)?.[1];
  return slug ? customType(client, slug) : undefined;
}

/**
 * The one tool a call names, reading only its type's definitions: a call costs one read besides
 * its own, not one per type. A refusal to read them (the key's scopes) is the caller's to see.
 */
export async function findTool(client: Lightfield, name: string, options: ToolOptions): Promise<ToolDefinition | undefined> {
  if (name === MEMBERS_TOOL) return membersTool(client);
  const ref = typeNamed(client, name);
  // A name cut at 64 characters does not spell its slug whole: only the full list knows it.
  if (!ref || name.length === TOOL_NAME_LIMIT) return (await buildTools(client, options)).find((tool) => tool.name === name);
  let type;
  try {
    type = await withDefinitions(ref);
  } catch (err) {
    // No custom object type of that slug: no such tool.
    if (err instanceof APIError && err.status === 404 && ref.custom) return undefined;
    throw err;
  }
  return recordTools(type, options.allowDestructive).find((tool) => tool.name === name);
}
