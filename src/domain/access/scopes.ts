const RECORD_TYPES = ['accounts', 'contacts', 'opportunities', 'meetings', 'tasks', 'notes', 'lists'] as const;
const RECORD_ACTIONS = ['create', 'update', 'read', 'delete'] as const;

/** The collections whose records have create, update and read scopes of their own. */
export type RecordScopeFamily = (typeof RECORD_TYPES)[number];
type RecordScope = `${RecordScopeFamily}:${(typeof RECORD_ACTIONS)[number]}`;
/** `objects:*` (records of custom object types) and `admin` are fieldhouse's own. */
export type Scope = RecordScope | 'files:create' | 'files:read' | 'emails:create' | 'emails:read' | 'members:read' | 'channels:read' | 'messages:read' | ObjectScope | 'admin';
type ObjectScope = 'objects:create' | 'objects:update' | 'objects:read' | 'objects:delete';

export const SCOPES: readonly Scope[] = [
  ...RECORD_TYPES.flatMap((type) => RECORD_ACTIONS.map((action): RecordScope => `${type}:${action}`)),
  'files:create',
  'files:read',
  'emails:create',
  'emails:read',
  'members:read',
  'channels:read',
  'messages:read',
  'objects:create',
  'objects:update',
  'objects:read',
  'objects:delete',
  'admin',
];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** An empty scope list is a full-access key. */
export function grants(granted: readonly Scope[], required: Scope): boolean {
  return granted.length === 0 || granted.includes(required);
}
