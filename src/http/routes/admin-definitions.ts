import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { addCustomField, type NewCustomField } from '../../domain/definitions/custom-fields.js';
import { addCustomRelationship, type NewCustomRelationship } from '../../domain/definitions/custom-relationships.js';
import type { FieldDefinition, RelationshipDefinition } from '../../domain/definitions/types.js';
import { updateField } from '../../domain/definitions/update-field.js';
import { builtinType, CUSTOMIZABLE_TYPES, type ObjectTypeInfo } from '../../domain/objects.js';
import type { AppContext } from '../context.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';

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

/** Finds the object type a request addresses: fixed for a built-in path, looked up for a custom slug. */
export type TypeResolver = (request: FastifyRequest, organizationId: string) => Promise<ObjectTypeInfo>;

export interface DefinitionTarget {
  /** `/v1/accounts` or `/v1/objects/:entitySlug`. */
  prefix: string;
  /** `account` or `object`: the first part of each operation name. */
  operationPrefix: string;
  namespaceParam?: string;
  resolve: TypeResolver;
}

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
    apiRoute({ operation: `${target.operationPrefix}.definitions.${name}`, scope: 'admin', category: 'write', idempotent: true, namespaceParam: target.namespaceParam });
  return async (app, { ctx }) => {
    app.post(`${target.prefix}/definitions/fields`, { ...route('createField'), schema: { body: newFieldBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc.organizationId);
      return adminFieldView(await addCustomField(rc.db, rc.organizationId, type, request.body as NewCustomField, rc.now));
    });
    app.post(`${target.prefix}/definitions/relationships`, { ...route('createRelationship'), schema: { body: newRelationshipBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc.organizationId);
      const { relationship, inverse } = await addCustomRelationship(rc.db, rc.organizationId, type, request.body as NewCustomRelationship, rc.now);
      return { ...relationshipView(relationship), inverse: relationshipView(inverse) };
    });
    app.post<{ Params: { key: string } }>(`${target.prefix}/definitions/fields/:key`, { ...route('updateField'), schema: { body: fieldChangesBody } }, async (request) => {
      const rc = recordContext(ctx, request);
      const type = await target.resolve(request, rc.organizationId);
      return adminFieldView(await updateField(rc.db, rc.organizationId, type.objectType, request.params.key, request.body as object, rc.now));
    });
  };
}

export const adminDefinitionRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const objectType of CUSTOMIZABLE_TYPES) {
    const type = builtinType(objectType);
    await app.register(definitionWriteRoutes({ prefix: `/v1/${type.path}`, operationPrefix: objectType, resolve: async () => type }), { ctx });
  }
};
