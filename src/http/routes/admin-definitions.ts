import type { FastifyPluginAsync } from 'fastify';
import { addCustomField, type NewCustomField } from '../../domain/definitions/custom-fields.js';
import { addCustomRelationship, type NewCustomRelationship } from '../../domain/definitions/custom-relationships.js';
import type { FieldDefinition, RelationshipDefinition } from '../../domain/definitions/types.js';
import { updateField } from '../../domain/definitions/update-field.js';
import type { AppContext } from '../context.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import type { RecordRouteFamily } from './records.js';

/** The admin view of a field: the public shape plus what fieldhouse keeps (option statuses, archived options). */
export function adminFieldView(def: FieldDefinition) {
  return {
    key: def.key,
    id: def.id,
    label: def.label,
    description: def.description,
    valueType: def.valueType,
    readOnly: def.access === 'read-only',
    system: def.system,
    typeConfiguration: def.config,
  };
}

const newFieldBody = {
  type: 'object',
  required: ['key', 'label', 'valueType'],
  properties: { key: {}, label: {}, valueType: {}, description: {}, typeConfiguration: {} },
  additionalProperties: false,
} as const;

const newRelationshipBody = {
  type: 'object',
  required: ['key', 'label', 'cardinality', 'objectType', 'inverseKey', 'inverseLabel', 'inverseCardinality'],
  properties: { key: {}, label: {}, cardinality: {}, objectType: {}, inverseKey: {}, inverseLabel: {}, inverseCardinality: {}, description: {} },
  additionalProperties: false,
} as const;

const fieldChangesBody = {
  type: 'object',
  properties: { label: {}, description: {}, typeConfiguration: {} },
  additionalProperties: false,
} as const;

/** Where a type's definitions are written, and which type a request addresses (a record route family). */
export type DefinitionTarget = Pick<RecordRouteFamily, 'base' | 'operationPrefix' | 'namespaceParam' | 'resolve'>;

const relationshipView = (d: RelationshipDefinition) => ({
  key: d.key,
  id: d.id,
  label: d.label,
  description: d.description,
  cardinality: d.cardinality,
  /** The type it is defined on, and the type it points to. */
  definedOn: d.objectType,
  objectType: d.targetType,
});

/** Definitions an admin key can write (extensions.md) for one object type; the public API only reads them. */
export function definitionWriteRoutes(target: DefinitionTarget): FastifyPluginAsync<{ ctx: AppContext }> {
  const route = (name: string) =>
    apiRoute({ operation: `${target.operationPrefix}.definitions.${name}`, scope: 'admin', category: 'write', idempotent: true, ...(target.namespaceParam ? { namespaceParam: target.namespaceParam } : {}) });
  return async (app, { ctx }) => {
    app.post(`${target.base}/definitions/fields`, { ...route('createField'), schema: { body: newFieldBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc);
      return adminFieldView(await addCustomField(rc.db, rc.organizationId, type, request.body as NewCustomField, rc.now));
    });
    app.post(`${target.base}/definitions/relationships`, { ...route('createRelationship'), schema: { body: newRelationshipBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc);
      const { relationship, inverse } = await addCustomRelationship(rc.db, rc.organizationId, type, request.body as NewCustomRelationship, rc.now, rc.objectTypes);
      return { ...relationshipView(relationship), inverse: relationshipView(inverse) };
    });
    app.post<{ Params: { key: string } }>(`${target.base}/definitions/fields/:key`, { ...route('updateField'), schema: { body: fieldChangesBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc);
      return adminFieldView(await updateField(rc, type, request.params.key, request.body as object));
    });
  };
}
